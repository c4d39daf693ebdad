namespace Hypersweep.Trials;

/// <summary>The primary metric a sweep optimizes, by name, and its goal.</summary>
/// <param name="PrimaryMetric">The metric name the training program logs, e.g. <c>accuracy</c>.</param>
/// <param name="Goal">Maximize or minimize.</param>
public sealed record Objective(string PrimaryMetric, Goal Goal)
{
    /// <summary>
    /// A trial's objective value: the best value it logged for the primary metric (as HyperDrive ranks child runs
    /// by their best primary metric), or null when it logged none. Only finite values count: NaN, and the Infinity a
    /// value such as 1e309 overflows to, are recorded with the trial's metrics but never make it the best.
    /// </summary>
    public double? ValueOf(IEnumerable<double> primarySeries)
    {
        double? best = null;
        foreach (var v in primarySeries)
        {
            if (!IsRankable(v))
            {
                continue;
            }

            best = best is { } b ? Goal.Best(b, v) : v;
        }

        return best;
    }

    /// <summary>The value as a loss (lower is better): itself when minimizing, its negation when maximizing.</summary>
    public double ToLoss(double value) => Goal.ToLoss(value);

    /// <summary>Whether a logged value can rank a trial: finite (not NaN, not an overflow to Infinity).</summary>
    public static bool IsRankable(double value) => double.IsFinite(value);
}
