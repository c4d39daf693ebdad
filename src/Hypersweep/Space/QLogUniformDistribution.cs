namespace Hypersweep.Space;

/// <summary><c>qloguniform(min_value, max_value, q)</c> = round(exp(uniform(min_value, max_value)) / q) * q.</summary>
public sealed record QLogUniformDistribution : Distribution
{
    /// <summary>Creates qloguniform(min, max, q), the bounds being natural-log exponents.</summary>
    /// <exception cref="ArgumentException">min_value is not less than max_value, a bound is not finite, or exp(max_value) overflows (max_value &gt; 709.78).</exception>
    public QLogUniformDistribution(double min, double max, double q)
    {
        RequireRange("qloguniform", min, max);
        RequireFiniteExp("qloguniform", max);
        RequireQ("qloguniform", q);
        Min = min;
        Max = max;
        Q = q;
    }

    /// <summary>The lower bound of the exponent.</summary>
    public double Min { get; }

    /// <summary>The upper bound of the exponent.</summary>
    public double Max { get; }

    /// <summary>The step of the grid values are rounded to.</summary>
    public double Q { get; }

    /// <inheritdoc />
    public override string Type => "qloguniform";

    /// <inheritdoc />
    public override IReadOnlyList<double> Arguments => [Min, Max, Q];

    /// <inheritdoc />
    public override bool IsLogScaled => true;

    /// <inheritdoc />
    public override string? Warning => ExponentBoundsWarning(Min, Max);

    /// <inheritdoc />
    public override ParameterValue FromUnit(double u) => ParameterValue.Of(Quantize(Math.Exp(Math.Clamp(Min + (u * (Max - Min)), Min, Max)), Q));

    /// <inheritdoc />
    public override double ToUnit(ParameterValue value)
    {
        var v = value.AsDouble();
        return v <= 0 ? 0 : Math.Clamp((Math.Log(v) - Min) / (Max - Min), 0, 1);
    }

    /// <inheritdoc />
    public override string ToString() => Expression();
}
