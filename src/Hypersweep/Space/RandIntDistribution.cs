namespace Hypersweep.Space;

/// <summary><c>randint(upper)</c>: a whole number in [0, upper), each equally likely.</summary>
public sealed record RandIntDistribution : Distribution
{
    /// <summary>Creates randint(upper).</summary>
    /// <exception cref="ArgumentException">upper is less than 1.</exception>
    public RandIntDistribution(long upper)
    {
        if (upper < 1)
        {
            throw Invalid("upper", $"randint needs upper >= 1 (values are drawn from [0, upper)), got upper={upper}.");
        }

        Upper = upper;
    }

    /// <summary>The exclusive upper bound.</summary>
    public long Upper { get; }

    /// <inheritdoc />
    public override string Type => "randint";

    /// <inheritdoc />
    public override IReadOnlyList<double> Arguments => [Upper];

    /// <inheritdoc />
    public override ParameterValue FromUnit(double u) => ParameterValue.Of(Math.Clamp((long)Math.Floor(u * Upper), 0, Upper - 1));

    /// <inheritdoc />
    public override double ToUnit(ParameterValue value) => Math.Clamp((value.AsInt64() + 0.5) / Upper, 0, 1);

    /// <inheritdoc />
    public override string ToString() => Expression();
}
