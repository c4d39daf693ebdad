namespace Hypersweep.Space;

/// <summary><c>normal(mu, sigma)</c>: a real number normally distributed with mean mu and standard deviation sigma.</summary>
public sealed record NormalDistribution : Distribution
{
    /// <summary>Creates normal(mu, sigma).</summary>
    /// <exception cref="ArgumentException">sigma is not positive.</exception>
    public NormalDistribution(double mu, double sigma)
    {
        RequireSigma("normal", mu, sigma);
        Mu = mu;
        Sigma = sigma;
    }

    /// <summary>The mean.</summary>
    public double Mu { get; }

    /// <summary>The standard deviation.</summary>
    public double Sigma { get; }

    /// <inheritdoc />
    private protected override bool IsBounded => false;

    /// <inheritdoc />
    public override string Type => "normal";

    /// <inheritdoc />
    public override IReadOnlyList<double> Arguments => [Mu, Sigma];

    /// <inheritdoc />
    public override ParameterValue FromUnit(double u) => ParameterValue.Of(Mu + (Sigma * StandardNormal.Quantile(ClampOpen(u))));

    /// <inheritdoc />
    public override double ToUnit(ParameterValue value) => StandardNormal.Cdf((value.AsDouble() - Mu) / Sigma);

    /// <inheritdoc />
    public override string ToString() => Expression();
}
