using System.Runtime.CompilerServices;
using Hypersweep.Trials;

namespace Hypersweep.Termination;

/// <summary>
/// An early-termination policy: a pure function of the trials' primary-metric series. The scheduler calls
/// <see cref="Decide"/> each time a running trial logs a value of the primary metric (one interval); the policy says
/// whether to stop it now.
/// </summary>
internal interface ITerminationPolicy
{
    /// <summary>The policy's settings.</summary>
    EarlyTerminationSpec Spec { get; }

    /// <summary>
    /// True when the scheduler should ask <see cref="Decide"/> at this interval (1-based count of primary-metric values):
    /// HyperDrive's policies at their evaluation_interval after delay_evaluation, ASHA and Hyperband at every interval
    /// (they pick their rungs themselves).
    /// </summary>
    bool IsEvaluatedAt(int interval);

    /// <summary>Returns a decision to stop the candidate at this interval, or null to let it run.</summary>
    TerminationDecision? Decide(TerminationContext context);
}

/// <summary>The primary-metric values of one trial, in the order logged (value i is interval i + 1).</summary>
/// <param name="TrialId">The trial's id.</param>
/// <param name="Number">The trial's number within its sweep (used to assign Hyperband brackets).</param>
/// <param name="IsFinished">True when the trial has ended (its series will not grow).</param>
/// <param name="Values">The values as logged; NaN and infinite ones (see <see cref="Objective.IsRankable"/>) count as
/// intervals but never as good ones: <see cref="At"/> and the summaries read them as NaN.</param>
internal sealed record TrialSeries(long TrialId, int Number, bool IsFinished, IReadOnlyList<double> Values)
{
    /// <summary>How many intervals the trial has reached.</summary>
    public int Intervals => Values.Count;

    /// <summary>The value logged at a 1-based interval (NaN for one that cannot rank).</summary>
    public double At(int interval) => Objective.IsRankable(Values[interval - 1]) ? Values[interval - 1] : double.NaN;

    /// <summary>The best value over intervals 1..interval under the goal (NaN when none can rank).</summary>
    public double BestUpTo(int interval, Goal goal) => interval == 0 ? double.NaN : (goal == Goal.Maximize ? Prefixes().Max : Prefixes().Min)[interval - 1];

    /// <summary>The mean of the values of intervals 1..interval, ignoring those that cannot rank (NaN when none can).</summary>
    public double RunningAverage(int interval)
    {
        if (interval == 0)
        {
            return double.NaN;
        }

        var prefixes = Prefixes();
        var count = prefixes.Count[interval - 1];
        return count == 0 ? double.NaN : prefixes.Sum[interval - 1] / count;
    }

    // Summaries of every prefix of a value list, kept with the list and extended as it grows, so that a policy's question
    // about a trial that has logged 100,000 values costs O(1), not a pass over them (the scheduler passes the same
    // growing list at every decision).
    private static readonly ConditionalWeakTable<IReadOnlyList<double>, PrefixSummaries> Summaries = new();

    private PrefixSummaries Prefixes()
    {
        var summaries = Summaries.GetValue(Values, _ => new PrefixSummaries());
        lock (summaries)
        {
            summaries.Extend(Values);
        }

        return summaries;
    }

    private sealed class PrefixSummaries
    {
        public List<double> Sum { get; } = [];

        public List<int> Count { get; } = [];

        public List<double> Min { get; } = [];

        public List<double> Max { get; } = [];

        public void Extend(IReadOnlyList<double> values)
        {
            for (var i = Count.Count; i < values.Count; i++)
            {
                var v = values[i];
                var ok = Objective.IsRankable(v);
                var (sum, count, min, max) = i == 0 ? (0.0, 0, double.NaN, double.NaN) : (Sum[i - 1], Count[i - 1], Min[i - 1], Max[i - 1]);
                Sum.Add(ok ? sum + v : sum);
                Count.Add(ok ? count + 1 : count);
                Min.Add(ok && (double.IsNaN(min) || v < min) ? v : min);
                Max.Add(ok && (double.IsNaN(max) || v > max) ? v : max);
            }
        }
    }
}

/// <summary>What a policy decides about.</summary>
/// <param name="Goal">Whether higher or lower is better.</param>
/// <param name="Candidate">The running trial that just logged a value.</param>
/// <param name="Interval">The candidate's interval: the count of primary-metric values it has logged.</param>
/// <param name="Trials">Every trial of the sweep with at least one value, running or finished, the candidate included.</param>
internal sealed record TerminationContext(Goal Goal, TrialSeries Candidate, int Interval, IReadOnlyList<TrialSeries> Trials)
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
internal sealed record TerminationDecision(string Policy, int Interval, double Value, double Threshold, string Explanation)
{
    /// <summary>The message recorded on the trial, e.g. "bandit at interval 10: best value 0.61 is worse than the threshold 0.667 (...)".</summary>
    public override string ToString() =>
        $"{Policy} at interval {Interval}: {Explanation}";
}
