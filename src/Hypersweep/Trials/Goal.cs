namespace Hypersweep.Trials;

/// <summary>Whether a higher or a lower primary metric is better.</summary>
public enum Goal
{
    /// <summary>Higher is better (accuracy).</summary>
    Maximize,
    /// <summary>Lower is better (loss, error).</summary>
    Minimize,
}

/// <summary>Comparisons that respect a goal.</summary>
internal static class Goals
{
    /// <summary>True when a is strictly better than b under the goal.</summary>
    public static bool IsBetter(this Goal goal, double a, double b) => goal == Goal.Maximize ? a > b : a < b;

    /// <summary>The better of two values.</summary>
    public static double Best(this Goal goal, double a, double b) => goal.IsBetter(b, a) ? b : a;

    /// <summary>The value turned into a loss (lower is better): the value itself when minimizing, its negation when maximizing.</summary>
    public static double ToLoss(this Goal goal, double value) => goal == Goal.Maximize ? -value : value;

    /// <summary>A loss turned back into a value of the metric (the inverse of <see cref="ToLoss"/>).</summary>
    public static double FromLoss(this Goal goal, double loss) => goal == Goal.Maximize ? -loss : loss;
}
