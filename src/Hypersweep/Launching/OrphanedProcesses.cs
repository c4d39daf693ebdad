namespace Hypersweep.Launching;

/// <summary>Finds and stops the processes of trials whose controller died, so a resumed sweep never runs a trial twice at once.</summary>
public static class OrphanedProcesses
{
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
