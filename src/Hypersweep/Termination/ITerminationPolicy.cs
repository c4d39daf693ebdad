using Hypersweep.Trials;

namespace Hypersweep.Termination;

/// <summary>
/// An early-termination policy: a pure function of the trials' primary-metric series. The scheduler calls
/// <see cref="Decide"/> each time a running trial logs a value of the primary metric (one interval); the policy says
/// whether to stop it now.
/// </summary>
public interface ITerminationPolicy
{
    /// <summary>The policy's settings.</summary>
    EarlyTerminationSpec Spec { get; }

    /// <summary>Returns a decision to stop the candidate at this interval, or null to let it run.</summary>
    TerminationDecision? Decide(TerminationContext context);
}

/// <summary>The primary-metric values of one trial, in the order logged (value i is interval i + 1).</summary>
/// <param name="TrialId">The trial's id.</param>
/// <param name="Number">The trial's number within its sweep (used to assign Hyperband brackets).</param>
/// <param name="IsFinished">True when the trial has ended (its series will not grow).</param>
/// <param name="Values">The values; NaN and infinite ones (see <see cref="Objective.IsRankable"/>) count as intervals but
/// never as good ones: they are read as NaN.</param>
public sealed record TrialSeries(long TrialId, int Number, bool IsFinished, IReadOnlyList<double> Values)
{
    /// <summary>The values, with those that cannot rank a trial as NaN.</summary>
    public IReadOnlyList<double> Values { get; } = Values.All(Objective.IsRankable) ? Values : [.. Values.Select(v => Objective.IsRankable(v) ? v : double.NaN)];

    /// <summary>How many intervals the trial has reached.</summary>
    public int Intervals => Values.Count;

    /// <summary>The value logged at a 1-based interval.</summary>
    public double At(int interval) => Values[interval - 1];

    /// <summary>The best value over intervals 1..interval under the goal (NaN when all are NaN).</summary>
    public double BestUpTo(int interval, Goal goal)
    {
        var best = double.NaN;
        for (var i = 0; i < interval; i++)
        {
            var v = Values[i];
            if (!double.IsNaN(v) && (double.IsNaN(best) || goal.IsBetter(v, best)))
            {
                best = v;
            }
        }

        return best;
    }

    /// <summary>The mean of the values of intervals 1..interval, ignoring NaN (NaN when all are NaN).</summary>
    public double RunningAverage(int interval)
    {
        double sum = 0;
        var count = 0;
        for (var i = 0; i < interval; i++)
        {
            if (!double.IsNaN(Values[i]))
            {
                sum += Values[i];
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }
}

/// <summary>What a policy decides about.</summary>
/// <param name="Goal">Whether higher or lower is better.</param>
/// <param name="Candidate">The running trial that just logged a value.</param>
/// <param name="Interval">The candidate's interval: the count of primary-metric values it has logged.</param>
/// <param name="Trials">Every trial of the sweep with at least one value, running or finished, the candidate included.</param>
public sealed record TerminationContext(Goal Goal, TrialSeries Candidate, int Interval, IReadOnlyList<TrialSeries> Trials)
{
    /// <summary>The trials that reached the interval (the candidate included).</summary>
    public IEnumerable<TrialSeries> ReachedInterval => Trials.Where(t => t.Intervals >= Interval);
}

/// <summary>A decision to stop a trial, with the numbers that decided it.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Interval">The interval of the decision.</param>
/// <param name="Value">The candidate's value the policy compared.</param>
/// <param name="Threshold">The value it had to reach.</param>
/// <param name="Explanation">How the threshold was computed, for people.</param>
public sealed record TerminationDecision(string Policy, int Interval, double Value, double Threshold, string Explanation)
{
    /// <summary>The message recorded on the trial, e.g. "bandit at interval 10: best value 0.61 is worse than the threshold 0.667 (...)".</summary>
    public override string ToString() =>
        $"{Policy} at interval {Interval}: {Explanation}";
}
