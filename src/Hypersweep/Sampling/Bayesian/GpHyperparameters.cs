namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// The hyperparameters of the Gaussian process: one length scale per dimension (in the unit cube; for a categorical
/// dimension the scale of a category mismatch), the signal variance σ² of the Matérn kernel and the observation
/// noise variance, all relative to the standardized objective.
/// </summary>
internal sealed record GpHyperparameters(double[] LengthScales, double SignalVariance, double NoiseVariance)
{
    /// <summary>1 / ℓ_d² for every dimension.</summary>
    public double[] InverseSquaredLengthScales() => [.. LengthScales.Select(l => 1 / (l * l))];

    /// <summary>The hyperparameters as the log-parameter vector the fit optimizes: log ℓ_1..d, log σ², log noise.</summary>
    public double[] ToLog() => [.. LengthScales.Select(l => Math.Log(l)), Math.Log(SignalVariance), Math.Log(NoiseVariance)];

    /// <summary>The inverse of <see cref="ToLog"/>.</summary>
    public static GpHyperparameters FromLog(ReadOnlySpan<double> theta)
    {
        var d = theta.Length - 2;
        var scales = new double[d];
        for (var j = 0; j < d; j++)
        {
            scales[j] = Math.Exp(theta[j]);
        }

        return new GpHyperparameters(scales, Math.Exp(theta[d]), Math.Exp(theta[d + 1]));
    }
}
