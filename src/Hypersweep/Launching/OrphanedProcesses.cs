using Hypersweep.Launching.Slurm;
using Hypersweep.Trials;

namespace Hypersweep.Launching;

/// <summary>Finds and stops the processes of trials whose controller died, so a resumed sweep never runs a trial twice at once.</summary>
internal static class OrphanedProcesses
{
    /// <summary>
    /// Stops what is left of a trial recorded Running whose controller stopped: its processes when it ran on this host,
    /// its Slurm job when the template runs trials as jobs. Returns the message the orphaned trial is recorded with.
    /// </summary>
    internal static async Task<string> StopRunningTrialAsync(TrialTemplate? template, TrialRecord trial, string trialDirectory, TimeSpan gracePeriod, TimeProvider time, CancellationToken cancellationToken)
    {
        var stopped = string.Equals(trial.Host, Environment.MachineName, StringComparison.Ordinal)
            ? await StopAsync(trial.ProcessId, trialDirectory, gracePeriod, time, cancellationToken).ConfigureAwait(false)
            : 0;
        var job = template?.Slurm is not null ? await SlurmLauncher.CancelOrphanedJobAsync(trialDirectory, time, cancellationToken).ConfigureAwait(false) : null;
        return stopped > 0 ? $"orphaned: its controller stopped while it ran; {(stopped == 1 ? "a process of it was" : $"{stopped} processes of it were")} still running and {(stopped == 1 ? "was" : "were")} stopped; run again as a new trial"
            : job is not null ? $"orphaned: its controller stopped while it ran; its Slurm job {job} was canceled; run again as a new trial"
            : "orphaned: its controller stopped while it ran and its process is gone; run again as a new trial";
    }

    /// <summary>
    /// Stops every process still running on this machine of a trial whose controller died: its program (when
    /// <paramref name="processId"/> still names it), its session and every process carrying its folder in
    /// HYPERSWEEP_TRIAL_DIR, and their descendants; SIGTERM, then SIGKILL after the grace period. A reused pid is
    /// never touched. Returns how many processes were found running.
    /// </summary>
    public static Task<int> StopAsync(int? processId, string trialDirectory, TimeSpan gracePeriod, TimeProvider time, CancellationToken cancellationToken = default) =>
        TrialProcesses.OfOrphanedTrial(processId, Path.GetFullPath(trialDirectory)).EndAsync(gracePeriod, time, cancellationToken);

    /// <summary>True when the process exists (and is not a zombie) and its environment names the trial (HYPERSWEEP_TRIAL_ID).</summary>
    public static bool IsTrialProcess(int processId, string trialId) =>
        ProcessTable.Entry(processId) is { IsRunning: true } && ProcessTable.HasVariable(processId, $"HYPERSWEEP_TRIAL_ID={trialId}");
}
