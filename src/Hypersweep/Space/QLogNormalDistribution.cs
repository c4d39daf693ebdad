namespace Hypersweep.Space;

/// <summary><c>qlognormal(mu, sigma, q)</c> = round(exp(normal(mu, sigma)) / q) * q.</summary>
public sealed record QLogNormalDistribution : Distribution
{
    /// <summary>Creates qlognormal(mu, sigma, q).</summary>
    public QLogNormalDistribution(double mu, double sigma, double q)
    {
        RequireSigma("qlognormal", mu, sigma);
        RequireFiniteExpOfNormal("qlognormal", mu, sigma);
        RequireQ("qlognormal", q);
        Mu = mu;
        Sigma = sigma;
        Q = q;
    }

    /// <summary>The mean of the logarithm before rounding.</summary>
    public double Mu { get; }

    /// <summary>The standard deviation of the logarithm before rounding.</summary>
    public double Sigma { get; }

    /// <summary>The step of the grid values are rounded to.</summary>
    public double Q { get; }

    /// <inheritdoc />
    private protected override bool IsBounded => false;

    /// <inheritdoc />
    public override string Type => "qlognormal";

    /// <inheritdoc />
    public override IReadOnlyList<double> Arguments => [Mu, Sigma, Q];

    /// <inheritdoc />
    public override bool IsLogScaled => true;

    /// <inheritdoc />
    public override ParameterValue FromUnit(double u) => ParameterValue.Of(Quantize(Math.Exp(Mu + (Sigma * StandardNormal.Quantile(ClampOpen(u)))), Q));

    /// <inheritdoc />
    public override double ToUnit(ParameterValue value)
    {
        var v = value.AsDouble();
        return v <= 0 ? 0 : StandardNormal.Cdf((Math.Log(v) - Mu) / Sigma);
    }

    /// <inheritdoc />
    public override string ToString() => Expression();
}
