namespace Hypersweep.Launching;

/// <summary>Finds and stops the processes of trials whose controller died, so a resumed sweep never runs a trial twice at once.</summary>
public static class OrphanedProcesses
{
    /// <summary>
    /// Stops the process of a trial if it still runs on this machine: the process must still carry the trial's
    /// HYPERSWEEP_TRIAL_ID (so a recycled pid is never touched). Returns true when a process was found and stopped.
    /// </summary>
    public static async Task<bool> StopAsync(int processId, string trialId, TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        if (!IsTrialProcess(processId, trialId))
        {
            return false;
        }

        var tree = ProcessSignals.TreeOf(processId);
        ProcessSignals.Signal(tree, ProcessSignals.SigTerm);
        var deadline = DateTime.UtcNow + gracePeriod;
        while (DateTime.UtcNow < deadline && IsTrialProcess(processId, trialId))
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        ProcessSignals.Signal(tree.Concat(ProcessSignals.TreeOf(processId)).Distinct(), ProcessSignals.SigKill);
        return true;
    }

    /// <summary>True when the process exists (and is not a zombie) and its environment names the trial.</summary>
    public static bool IsTrialProcess(int processId, string trialId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
            {
                return false;
            }

            var environment = File.ReadAllText($"/proc/{processId}/environ");
            return environment.Split('\0').Contains($"HYPERSWEEP_TRIAL_ID={trialId}", StringComparer.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
