using System.Globalization;

namespace Hypersweep.Termination;

/// <summary>
/// Median stopping (HyperDrive): at an evaluated interval N, a trial whose best value so far is worse than the median
/// of the running averages over intervals 1..N of all trials that reached N (itself included) is stopped.
/// </summary>
internal sealed class MedianStoppingPolicy(MedianStoppingSpec spec) : ITerminationPolicy
{
    /// <inheritdoc />
    public EarlyTerminationSpec Spec => spec;

    /// <inheritdoc />
    public bool IsEvaluatedAt(int interval) => spec.IsEvaluatedAt(interval);

    /// <inheritdoc />
    public TerminationDecision? Decide(TerminationContext context)
    {
        var n = context.Interval;
        var averages = context.ReachedInterval.Select(t => t.RunningAverage(n)).Where(v => !double.IsNaN(v)).Order().ToList();
        if (averages.Count == 0)
        {
            return null;
        }

        var median = averages.Count % 2 == 1
            ? averages[averages.Count / 2]
            : (averages[(averages.Count / 2) - 1] + averages[averages.Count / 2]) / 2;
        var own = context.Candidate.BestUpTo(n, context.Goal);
        var fails = Comparison.IsWorse(context.Goal, own, median);
        return fails
            ? new TerminationDecision("median_stopping", n, own, median, $"its best value {F(own)} is worse than the median {F(median)} of the running averages of the {averages.Count} trials that reached it")
            : null;
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
