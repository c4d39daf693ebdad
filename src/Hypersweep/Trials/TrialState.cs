namespace Hypersweep.Trials;

/// <summary>The life cycle of a trial.</summary>
public enum TrialState
{
    /// <summary>Created and waiting to start (or submitted to a cluster queue).</summary>
    Queued,
    /// <summary>Its program is running.</summary>
    Running,
    /// <summary>Its program ended by itself with exit code 0.</summary>
    Completed,
    /// <summary>Its program ended with a non-zero exit code, could not start, or threw.</summary>
    Failed,
    /// <summary>Stopped early by the early-termination policy.</summary>
    Terminated,
    /// <summary>Stopped by the user, the sweep's timeout or the trial's timeout.</summary>
    Canceled,
}

/// <summary>Helpers on <see cref="TrialState"/>.</summary>
public static class TrialStates
{
    /// <summary>True for the states a trial never leaves.</summary>
    public static bool IsFinished(this TrialState state) => state is TrialState.Completed or TrialState.Failed or TrialState.Terminated or TrialState.Canceled;

    /// <summary>The lower-case name used in files and on the command line.</summary>
    public static string ToText(this TrialState state) => state.ToString();
}
