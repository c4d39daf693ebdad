namespace Hypersweep.Space;

/// <summary>
/// <c>loguniform(min_value, max_value)</c> = exp(uniform(min_value, max_value)): the bounds are exponents,
/// so <c>loguniform(-6, -1)</c> draws values between e^-6 and e^-1 whose logarithm is uniform.
/// </summary>
public sealed record LogUniformDistribution : Distribution
{
    /// <summary>Creates loguniform(min, max), the bounds being natural-log exponents.</summary>
    /// <exception cref="ArgumentException">min_value is not less than max_value, a bound is not finite, or exp(max_value) overflows (max_value &gt; 709.78).</exception>
    public LogUniformDistribution(double min, double max)
    {
        RequireRange("loguniform", min, max);
        RequireFiniteExp("loguniform", max);
        Min = min;
        Max = max;
    }

    /// <summary>The lower bound of the exponent.</summary>
    public double Min { get; }

    /// <summary>The upper bound of the exponent.</summary>
    public double Max { get; }

    /// <inheritdoc />
    public override string Type => "loguniform";

    /// <inheritdoc />
    public override IReadOnlyList<double> Arguments => [Min, Max];

    /// <inheritdoc />
    public override bool IsLogScaled => true;

    /// <inheritdoc />
    public override string? Warning => ExponentBoundsWarning(Min, Max);

    /// <inheritdoc />
    public override ParameterValue FromUnit(double u) => ParameterValue.Of(Math.Exp(Math.Clamp(Min + (u * (Max - Min)), Min, Max)));

    /// <inheritdoc />
    public override double ToUnit(ParameterValue value) => Math.Clamp((Math.Log(value.AsDouble()) - Min) / (Max - Min), 0, 1);

    /// <inheritdoc />
    public override string ToString() => Expression();
}
