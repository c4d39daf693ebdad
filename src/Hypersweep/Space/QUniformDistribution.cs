namespace Hypersweep.Space;

/// <summary><c>quniform(min_value, max_value, q)</c> = round(uniform(min_value, max_value) / q) * q.</summary>
public sealed record QUniformDistribution : Distribution
{
    /// <summary>Creates quniform(min, max, q).</summary>
    public QUniformDistribution(double min, double max, double q)
    {
        RequireRange("quniform", min, max);
        RequireQ("quniform", q);
        Min = min;
        Max = max;
        Q = q;
    }

    /// <summary>The lower bound before rounding.</summary>
    public double Min { get; }

    /// <summary>The upper bound before rounding.</summary>
    public double Max { get; }

    /// <summary>The step of the grid values are rounded to.</summary>
    public double Q { get; }

    /// <inheritdoc />
    public override string Type => "quniform";

    /// <inheritdoc />
    public override IReadOnlyList<double> Arguments => [Min, Max, Q];

    /// <inheritdoc />
    public override ParameterValue FromUnit(double u) => ParameterValue.Of(Quantize(Math.Clamp(Min + (u * (Max - Min)), Min, Max), Q));

    /// <inheritdoc />
    public override double ToUnit(ParameterValue value) => Math.Clamp((value.AsDouble() - Min) / (Max - Min), 0, 1);

    /// <inheritdoc />
    public override string ToString() => Expression();
}
