namespace Hypersweep.Space;

/// <summary><c>uniform(min_value, max_value)</c>: a real number uniformly distributed between the bounds.</summary>
public sealed record UniformDistribution : Distribution
{
    /// <summary>Creates uniform(min, max).</summary>
    /// <exception cref="ArgumentException">min is not less than max, or a bound is not finite.</exception>
    public UniformDistribution(double min, double max)
    {
        RequireRange("uniform", min, max);
        Min = min;
        Max = max;
    }

    /// <summary>The lower bound.</summary>
    public double Min { get; }

    /// <summary>The upper bound.</summary>
    public double Max { get; }

    /// <inheritdoc />
    public override string Type => "uniform";

    /// <inheritdoc />
    public override IReadOnlyList<double> Arguments => [Min, Max];

    /// <inheritdoc />
    public override ParameterValue FromUnit(double u) => ParameterValue.Of(Math.Clamp(Min + (u * (Max - Min)), Min, Max));

    /// <inheritdoc />
    public override double ToUnit(ParameterValue value) => Math.Clamp((value.AsDouble() - Min) / (Max - Min), 0, 1);

    /// <inheritdoc />
    public override string ToString() => Expression();
}
