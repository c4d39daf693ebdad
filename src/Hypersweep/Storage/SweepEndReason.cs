namespace Hypersweep.Storage;

/// <summary>
/// Why a sweep ended, as a value that code can act on (<see cref="SweepRecord.Message"/> says it for people); it also
/// decides the sweep's final <see cref="SweepState"/> (<see cref="SweepEndReasons.State"/>).
/// </summary>
public enum SweepEndReason
{
    /// <summary>max_total_trials trials have run.</summary>
    BudgetUsed,

    /// <summary>The sampler had no more new points (a grid, or a small discrete space, is exhausted).</summary>
    SpaceExhausted,

    /// <summary>The trials named for a re-run (<c>resume-trials</c>) have finished.</summary>
    ResumedTrialsDone,

    /// <summary>The sweep's timeout was reached; <c>resume</c> continues it.</summary>
    TimedOut,

    /// <summary>The user stopped it (Ctrl+C).</summary>
    CanceledByUser,

    /// <summary>A trial could not start, failed under fail-fast, or max_failed_trials was reached.</summary>
    TrialsFailed,
}

/// <summary>What follows from a <see cref="SweepEndReason"/>.</summary>
public static class SweepEndReasons
{
    /// <summary>The state a sweep ends in for this reason.</summary>
    public static SweepState State(this SweepEndReason reason) => reason switch
    {
        SweepEndReason.CanceledByUser => SweepState.Canceled,
        SweepEndReason.TrialsFailed => SweepState.Failed,
        _ => SweepState.Completed,
    };

    /// <summary>
    /// True when <c>resume</c> has something left to do after a sweep ended this way: all but running out of trials
    /// or points (a timeout, Ctrl+C, and failures, which the user may have fixed, can be continued).
    /// </summary>
    public static bool CanContinue(this SweepEndReason reason) => reason is not (SweepEndReason.BudgetUsed or SweepEndReason.SpaceExhausted or SweepEndReason.ResumedTrialsDone);
}
