using Hypersweep.Storage;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>The outcome of a sweep.</summary>
public sealed record SweepResult
{
    /// <summary>The sweep as recorded at its end.</summary>
    public required SweepRecord Sweep { get; init; }

    /// <summary>Every trial, by number.</summary>
    public required IReadOnlyList<TrialRecord> Trials { get; init; }

    /// <summary>The best trial by its objective value (see <see cref="BestTrial.Of"/>), or null when no trial logged the primary metric.</summary>
    public TrialRecord? Best { get; init; }

    /// <summary>The counts of trials by state.</summary>
    public SweepCounts Counts => SweepCounts.Of(Trials);
}

/// <summary>How the best trial is chosen.</summary>
public static class BestTrial
{
    /// <summary>
    /// The finished feasible trial with the best objective value (HyperDrive's get_best_run_by_primary_metric, which by
    /// default includes failed and canceled runs; a trial that broke a constraint never counts); ties go to the earlier
    /// trial. Null when none has a value.
    /// </summary>
    public static TrialRecord? Of(IEnumerable<TrialRecord> trials, Goal goal, bool includeUnfinished = false)
    {
        TrialRecord? best = null;
        foreach (var trial in trials)
        {
            if (trial.Value is not { } v || !Objective.IsRankable(v) || !trial.IsFeasible || (!includeUnfinished && !trial.State.IsFinished()))
            {
                continue;
            }

            if (best is null || goal.IsBetter(v, best.Value!.Value))
            {
                best = trial;
            }
        }

        return best;
    }
}
