using System.Globalization;
using System.Text.RegularExpressions;

namespace Hypersweep.Trials;

/// <summary>Which side of its limit a constrained metric must stay on.</summary>
public enum ConstraintBound
{
    /// <summary><c>metric &lt;= limit</c>.</summary>
    AtMost,
    /// <summary><c>metric &gt;= limit</c>.</summary>
    AtLeast,
}

/// <summary>
/// A bound on a metric the training program logs (the sweep file's <c>constraints</c>, e.g. <c>memory_mb &lt;= 4096</c>).
/// A trial is infeasible when any value it logged for the metric breaks the bound (NaN and infinities break every
/// bound), or when it finished without logging the metric at all; an infeasible trial is never the best trial and
/// never on the Pareto front.
/// </summary>
/// <param name="Metric">The metric name.</param>
/// <param name="Bound">At most or at least.</param>
/// <param name="Limit">The limit, a finite number.</param>
public sealed partial record Constraint(string Metric, ConstraintBound Bound, double Limit)
{
    /// <summary>What the sweep file accepts, for error messages.</summary>
    public const string Forms = "'METRIC <= NUMBER' or 'METRIC >= NUMBER', e.g. 'memory_mb <= 4096'";

    /// <summary>True when the value keeps the bound.</summary>
    public bool IsMetBy(double value) => double.IsFinite(value) && Violation(value) <= 0;

    /// <summary>How far the value is past the limit, in the metric's units (at most 0 when it keeps the bound).</summary>
    public double Violation(double value) => Bound == ConstraintBound.AtMost ? value - Limit : Limit - value;

    /// <summary>The worse of two logged values under this bound (the one further past the limit; NaN is worst).</summary>
    public double Worse(double a, double b) => !double.IsFinite(a) ? a : !double.IsFinite(b) ? b : Violation(a) >= Violation(b) ? a : b;

    /// <summary>Why a trial whose worst logged value is <paramref name="worst"/> is infeasible, or null when it keeps the bound.</summary>
    public string? Breach(double worst) => IsMetBy(worst) ? null : $"{Metric} = {Format(worst)} breaks {this}";

    /// <summary>Why a finished trial that never logged the metric is infeasible.</summary>
    public string NeverLogged => $"{Metric} was never logged (constraint {this})";

    /// <summary>Reads <c>NAME &lt;= NUMBER</c> or <c>NAME &gt;= NUMBER</c>; null when the text is neither.</summary>
    public static Constraint? TryParse(string text)
    {
        var match = Pattern().Match(text ?? string.Empty);
        if (!match.Success || !double.TryParse(match.Groups["limit"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit) || !double.IsFinite(limit))
        {
            return null;
        }

        var bound = match.Groups["op"].Value == "<=" ? ConstraintBound.AtMost : ConstraintBound.AtLeast;
        return new Constraint(match.Groups["metric"].Value, bound, limit);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Metric} {(Bound == ConstraintBound.AtMost ? "<=" : ">=")} {Format(Limit)}";

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(?<metric>[^\s<>=]+)\s*(?<op><=|>=)\s*(?<limit>\S+)\s*$")]
    private static partial Regex Pattern();
}
