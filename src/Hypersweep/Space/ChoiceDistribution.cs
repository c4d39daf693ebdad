using System.Collections.Immutable;

namespace Hypersweep.Space;

/// <summary><c>choice(values)</c>: one of a list of numbers, strings or booleans, each equally likely.</summary>
public sealed record ChoiceDistribution : Distribution
{
    /// <summary>Creates a choice over distinct values.</summary>
    /// <exception cref="ArgumentException">The list is empty, or a value appears twice.</exception>
    public ChoiceDistribution(IEnumerable<ParameterValue> values)
    {
        Values = [.. values];
        if (Values.IsEmpty)
        {
            throw Invalid("values", "choice needs at least one value, got an empty list.");
        }

        var seen = new HashSet<ParameterValue>();
        foreach (var v in Values)
        {
            if (v.Kind == ParameterKind.Float && !double.IsFinite(v.AsDouble()))
            {
                throw Invalid("values", $"choice values must be finite, got {v}.");
            }

            if (!seen.Add(v))
            {
                throw Invalid("values", $"choice values must be distinct, got {v} more than once.");
            }
        }
    }

    /// <summary>The values in the order given.</summary>
    public ImmutableArray<ParameterValue> Values { get; }

    /// <inheritdoc />
    public override string Type => "choice";

    /// <inheritdoc />
    public override IReadOnlyList<double> Arguments => [];

    /// <inheritdoc />
    public override bool IsCategorical => true;

    /// <inheritdoc />
    public override string SampledRange => Values.Length == 1 ? $"always {Values[0]}" : $"one of {Values.Length} values: {string.Join(", ", Values)}";

    /// <inheritdoc />
    public override ParameterValue FromUnit(double u) => Values[Math.Clamp((int)Math.Floor(u * Values.Length), 0, Values.Length - 1)];

    /// <inheritdoc />
    public override double ToUnit(ParameterValue value)
    {
        var index = IndexOf(value);
        return index < 0 ? throw new ArgumentException($"{value} is not one of the choices {this}.", nameof(value)) : (index + 0.5) / Values.Length;
    }

    /// <summary>The position of a value in <see cref="Values"/>, or -1.</summary>
    public int IndexOf(ParameterValue value) => Values.IndexOf(value);

    /// <inheritdoc />
    public bool Equals(ChoiceDistribution? other) => other is not null && Values.SequenceEqual(other.Values);

    /// <inheritdoc />
    public override int GetHashCode() => Values.Aggregate(17, (h, v) => HashCode.Combine(h, v));

    /// <inheritdoc />
    public override string ToString() => $"choice({string.Join(", ", Values.Select(v => v.ToJson()))})";
}
