using Hypersweep.Trials;

namespace Hypersweep.Termination;

/// <summary>
/// How policies compare a trial's value with a threshold: NaN is worse than anything, and values within a relative
/// 1e-12 of each other are a tie (so a trial is never stopped by rounding, e.g. against a running average of its own
/// equal values).
/// </summary>
internal static class Comparison
{
    private const double RelativeTolerance = 1e-12;

    /// <summary>True when <paramref name="value"/> is clearly worse than <paramref name="threshold"/> under the goal.</summary>
    public static bool IsWorse(Goal goal, double value, double threshold)
    {
        if (double.IsNaN(value))
        {
            return !double.IsNaN(threshold);
        }

        if (double.IsNaN(threshold))
        {
            return false;
        }

        var scale = Math.Max(1e-300, Math.Max(Math.Abs(value), Math.Abs(threshold)));
        return goal.IsBetter(threshold, value) && Math.Abs(threshold - value) > RelativeTolerance * scale;
    }
}
