using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hypersweep.Trials;

/// <summary>
/// How a trial's logged metrics become its values and its feasibility, in one place for every store: the primary
/// objective's value is the best value logged (<see cref="Objective.ValueOf"/>, HyperDrive's rule); each further
/// objective's is the last finite value logged, the one the trial ended with (a latency or a model size describes the
/// finished model; a best-ever value from an early step would flatter it); each constraint keeps the worst value logged
/// (<see cref="Constraint.Worse"/>), so a single breach makes the trial infeasible.
/// </summary>
/// <param name="Primary">The primary objective.</param>
/// <param name="Secondary">The further objectives of a multi-objective sweep, in order.</param>
/// <param name="Constraints">The constraints.</param>
internal sealed record TrialScoring(Objective Primary, IReadOnlyList<Objective> Secondary, IReadOnlyList<Constraint> Constraints)
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>A single-objective sweep without constraints.</summary>
    public static TrialScoring Of(Objective primary) => new(primary, [], []);

    /// <summary>Folds one logged value into a trial's scores.</summary>
    public void Add(TrialScores scores, string metric, double value)
    {
        if (string.Equals(metric, Primary.PrimaryMetric, StringComparison.Ordinal))
        {
            scores.Intervals++;
            scores.Value = Primary.ValueOf(scores.Value is { } v ? [v, value] : [value]);
        }

        for (var i = 0; i < Secondary.Count; i++)
        {
            if (string.Equals(metric, Secondary[i].PrimaryMetric, StringComparison.Ordinal) && Objective.IsRankable(value))
            {
                scores.SecondaryValues[i] = value;
            }
        }

        for (var i = 0; i < Constraints.Count; i++)
        {
            if (string.Equals(metric, Constraints[i].Metric, StringComparison.Ordinal))
            {
                scores.ConstraintValues[i] = scores.ConstraintValues[i] is { } worst ? Constraints[i].Worse(worst, value) : value;
            }
        }
    }

    /// <summary>
    /// Why a trial with these constraint values is infeasible (the first constraint it breaks, in the order declared),
    /// or null; a finished trial that never logged a constraint's metric is infeasible too.
    /// </summary>
    public string? Infeasibility(IReadOnlyList<double?> constraintValues, bool finished)
    {
        for (var i = 0; i < Constraints.Count; i++)
        {
            if (i < constraintValues.Count && constraintValues[i] is { } worst && Constraints[i].Breach(worst) is { } why)
            {
                return why;
            }
        }

        if (finished)
        {
            for (var i = 0; i < Constraints.Count; i++)
            {
                if (i >= constraintValues.Count || constraintValues[i] is null)
                {
                    return Constraints[i].NeverLogged;
                }
            }
        }

        return null;
    }

    /// <summary>A list of optional values as stored (JSON; NaN and infinities by name).</summary>
    public static string ToJson(IReadOnlyList<double?> values) => JsonSerializer.Serialize(values, Json);

    /// <summary>A stored list of optional values as stored.</summary>
    public static double?[] FromJson(string? json) => string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<double?[]>(json, Json) ?? [];

    /// <summary>A stored list of optional values, padded with nulls (or cut) to <paramref name="count"/>.</summary>
    public static double?[] FromJson(string? json, int count)
    {
        var values = FromJson(json);
        var result = new double?[count];
        Array.Copy(values, result, Math.Min(values.Length, count));
        return result;
    }
}

/// <summary>A trial's running scores while its metrics arrive (see <see cref="TrialScoring"/>).</summary>
internal sealed class TrialScores(double? value, int intervals, double?[] secondaryValues, double?[] constraintValues)
{
    /// <summary>The primary objective's value.</summary>
    public double? Value { get; set; } = value;

    /// <summary>How many values of the primary metric were logged.</summary>
    public int Intervals { get; set; } = intervals;

    /// <summary>The further objectives' values.</summary>
    public double?[] SecondaryValues { get; } = secondaryValues;

    /// <summary>The worst value logged per constraint.</summary>
    public double?[] ConstraintValues { get; } = constraintValues;
}
