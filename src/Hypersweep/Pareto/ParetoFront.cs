using Hypersweep.Trials;

namespace Hypersweep.Pareto;

/// <summary>
/// The Pareto front of a multi-objective sweep: the feasible finished trials with a value for every objective that no
/// other such trial dominates (at least as good on every objective and better on one). Trials with equal values are
/// all on the front. With one objective the front is the trials sharing the best value.
/// </summary>
public static class ParetoFront
{
    /// <summary>The trials on the front, in trial order.</summary>
    /// <param name="trials">The sweep's trials.</param>
    /// <param name="objectives">The sweep's objectives, the primary first (<see cref="Storage.SweepRecord.Objectives"/>).</param>
    /// <param name="includeUnfinished">Whether running trials count too (for a live view).</param>
    public static IReadOnlyList<TrialRecord> Of(IEnumerable<TrialRecord> trials, IReadOnlyList<Objective> objectives, bool includeUnfinished = false)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        var ranked = new List<(TrialRecord Trial, double[] Losses)>();
        foreach (var trial in trials)
        {
            if ((includeUnfinished || trial.State.IsFinished()) && Losses(trial, objectives) is { } losses)
            {
                ranked.Add((trial, losses));
            }
        }

        return [.. ranked.Where(r => !ranked.Any(o => Dominates(o.Losses, r.Losses))).Select(r => r.Trial)];
    }

    /// <summary>
    /// A trial's objective values as losses (lower is better, see <see cref="Goals.ToLoss"/>), or null when it cannot be
    /// ranked: infeasible, or missing a finite value for an objective.
    /// </summary>
    public static double[]? Losses(TrialRecord trial, IReadOnlyList<Objective> objectives)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(objectives);
        return trial.IsFeasible ? Losses(trial.ObjectiveValues, [.. objectives.Select(o => o.Goal)]) : null;
    }

    /// <summary>Objective values as losses under their goals, or null when one is missing or not finite.</summary>
    internal static double[]? Losses(IReadOnlyList<double?> values, IReadOnlyList<Goal> goals)
    {
        var losses = new double[goals.Count];
        for (var i = 0; i < goals.Count; i++)
        {
            if (i >= values.Count || values[i] is not { } v || !Objective.IsRankable(v))
            {
                return null;
            }

            losses[i] = goals[i].ToLoss(v);
        }

        return losses;
    }

    /// <summary>True when loss vector <paramref name="a"/> dominates <paramref name="b"/>: no worse anywhere, better somewhere.</summary>
    public static bool Dominates(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var better = false;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] > b[i])
            {
                return false;
            }

            better |= a[i] < b[i];
        }

        return better;
    }
}
