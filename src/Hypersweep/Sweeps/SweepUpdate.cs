using Hypersweep.Storage;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>What happened in a running sweep.</summary>
public enum SweepUpdateKind
{
    /// <summary>The sweep started (or resumed).</summary>
    Started,
    /// <summary>A trial started.</summary>
    TrialStarted,
    /// <summary>A trial logged its primary metric.</summary>
    TrialReported,
    /// <summary>A trial finished (any end state).</summary>
    TrialFinished,
    /// <summary>The sweep is stopping (budget, timeout, Ctrl+C); running trials are being stopped.</summary>
    Stopping,
    /// <summary>A trial printed something Hypersweep could not use.</summary>
    Warning,
    /// <summary>The sweep ended.</summary>
    Finished,
}

/// <summary>A progress report from a running sweep, for live output.</summary>
public sealed record SweepUpdate
{
    /// <summary>What happened.</summary>
    public required SweepUpdateKind Kind { get; init; }

    /// <summary>The sweep.</summary>
    public required SweepRecord Sweep { get; init; }

    /// <summary>The trial concerned, if any.</summary>
    public TrialRecord? Trial { get; init; }

    /// <summary>A message: the warning, the reason for stopping.</summary>
    public string? Message { get; init; }

    /// <summary>The counts of trials by state.</summary>
    public required SweepCounts Counts { get; init; }

    /// <summary>The best trial so far (by objective value), if any has a value.</summary>
    public TrialRecord? Best { get; init; }

    /// <summary>A multi-objective sweep's Pareto front so far (finished trials); empty for one objective.</summary>
    public IReadOnlyList<TrialRecord> Front { get; init; } = [];

    /// <summary>The trial budget.</summary>
    public required int MaxTotalTrials { get; init; }
}

/// <summary>How many trials are in each state.</summary>
/// <param name="Queued">Trials waiting to start.</param>
/// <param name="Running">Trials running.</param>
/// <param name="Completed">Trials that ended by themselves with success.</param>
/// <param name="Failed">Trials that failed.</param>
/// <param name="Terminated">Trials stopped by the early-termination policy.</param>
/// <param name="Canceled">Trials canceled (by the user, a timeout, or as orphans run again).</param>
/// <param name="Done">
/// Trials done for the budget: each first attempt whose latest attempt (itself, or its last re-run) has finished and
/// will not run again. A trial Ctrl+C stopped (run again by resume), one re-queued and a failure that is retried are not done.
/// </param>
public sealed record SweepCounts(int Queued, int Running, int Completed, int Failed, int Terminated, int Canceled, int Done)
{
    /// <summary>Trials that have finished, in any end state.</summary>
    public int Finished => Completed + Failed + Terminated + Canceled;

    /// <summary>Every trial.</summary>
    public int Total => Queued + Running + Finished;

    /// <summary>Counts the trials.</summary>
    public static SweepCounts Of(IEnumerable<TrialRecord> trials)
    {
        int q = 0, r = 0, c = 0, f = 0, t = 0, x = 0;
        var latest = new Dictionary<long, TrialRecord>();
        foreach (var trial in trials)
        {
            if (!latest.TryGetValue(trial.RootId, out var last) || trial.Number > last.Number)
            {
                latest[trial.RootId] = trial;
            }

            switch (trial.State)
            {
                case TrialState.Queued: q++; break;
                case TrialState.Running: r++; break;
                case TrialState.Completed: c++; break;
                case TrialState.Failed: f++; break;
                case TrialState.Terminated: t++; break;
                default: x++; break;
            }
        }

        var done = latest.Values.Count(l => l.State.IsFinished() && !l.WasCanceledByUser);
        return new SweepCounts(q, r, c, f, t, x, done);
    }
}
