namespace Hypersweep.Space;

/// <summary><c>qnormal(mu, sigma, q)</c> = round(normal(mu, sigma) / q) * q.</summary>
public sealed record QNormalDistribution : Distribution
{
    /// <summary>Creates qnormal(mu, sigma, q).</summary>
    public QNormalDistribution(double mu, double sigma, double q)
    {
        RequireSigma("qnormal", mu, sigma);
        RequireQ("qnormal", q);
        Mu = mu;
        Sigma = sigma;
        Q = q;
    }

    /// <summary>The mean before rounding.</summary>
    public double Mu { get; }

    /// <summary>The standard deviation before rounding.</summary>
    public double Sigma { get; }

    /// <summary>The step of the grid values are rounded to.</summary>
    public double Q { get; }

    /// <inheritdoc />
    private protected override bool IsBounded => false;

    /// <inheritdoc />
    public override string Type => "qnormal";

    /// <inheritdoc />
    public override IReadOnlyList<double> Arguments => [Mu, Sigma, Q];

    /// <inheritdoc />
    public override ParameterValue FromUnit(double u) => ParameterValue.Of(Quantize(Mu + (Sigma * StandardNormal.Quantile(ClampOpen(u))), Q));

    /// <inheritdoc />
    public override double ToUnit(ParameterValue value) => StandardNormal.Cdf((value.AsDouble() - Mu) / Sigma);

    /// <inheritdoc />
    public override string ToString() => Expression();
}
