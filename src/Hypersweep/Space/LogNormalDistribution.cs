namespace Hypersweep.Space;

/// <summary><c>lognormal(mu, sigma)</c> = exp(normal(mu, sigma)): a positive number whose logarithm is normal.</summary>
public sealed record LogNormalDistribution : Distribution
{
    /// <summary>Creates lognormal(mu, sigma).</summary>
    public LogNormalDistribution(double mu, double sigma)
    {
        RequireSigma("lognormal", mu, sigma);
        RequireFiniteExpOfNormal("lognormal", mu, sigma);
        Mu = mu;
        Sigma = sigma;
    }

    /// <summary>The mean of the logarithm.</summary>
    public double Mu { get; }

    /// <summary>The standard deviation of the logarithm.</summary>
    public double Sigma { get; }

    /// <inheritdoc />
    private protected override bool IsBounded => false;

    /// <inheritdoc />
    public override string Type => "lognormal";

    /// <inheritdoc />
    public override IReadOnlyList<double> Arguments => [Mu, Sigma];

    /// <inheritdoc />
    public override bool IsLogScaled => true;

    /// <inheritdoc />
    public override ParameterValue FromUnit(double u) => ParameterValue.Of(Math.Exp(Mu + (Sigma * StandardNormal.Quantile(ClampOpen(u)))));

    /// <inheritdoc />
    public override double ToUnit(ParameterValue value)
    {
        var v = value.AsDouble();
        return v <= 0 ? 0 : StandardNormal.Cdf((Math.Log(v) - Mu) / Sigma);
    }

    /// <inheritdoc />
    public override string ToString() => Expression();
}
