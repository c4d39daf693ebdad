using MathNet.Numerics;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// Log expected improvement (Ament et al., "Unexpected improvements to expected improvement", 2023), for
/// minimization: EI(x) = σ h(z) with z = (best − μ) / σ and h(z) = φ(z) + z Φ(z), so log EI = log σ + log h(z).
/// log h is computed without cancellation or underflow for every z: directly where h is well conditioned, and for
/// z &lt; −3 as log φ(z) + log(a / (|z| + a)), where 1 / (|z| + a) is Mills' ratio from its continued fraction, so the
/// acquisition keeps a useful gradient far from the incumbent where plain EI is exactly zero.
/// </summary>
internal static class LogExpectedImprovement
{
    private const double Threshold = -3;
    private static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>log EI for a Gaussian with mean <paramref name="mean"/> and standard deviation <paramref name="sd"/> below <paramref name="best"/>.</summary>
    public static double Value(double mean, double sd, double best) => Math.Log(sd) + LogH((best - mean) / sd);

    /// <summary>log h(z) = log(φ(z) + z Φ(z)).</summary>
    public static double LogH(double z) => LogHWithDerivative(z, out _);

    /// <summary>log h(z) and its derivative d log h / dz = Φ(z) / h(z).</summary>
    public static double LogHWithDerivative(double z, out double derivative)
    {
        if (z >= Threshold)
        {
            var pdf = Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
            var cdf = 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));
            var h = pdf + (z * cdf);
            derivative = cdf / h;
            return Math.Log(h);
        }

        // z < -3: h(z) = φ(z) (1 - t R(t)) with t = -z and Mills' ratio R(t) = 1 / (t + a),
        // a = 1 / (t + 2 / (t + 3 / (t + ...))), so 1 - t R(t) = a / (t + a) without cancellation.
        var t = -z;
        var a = MillsTail(t);
        derivative = 1 / a;
        return -(0.5 * z * z) - LogSqrt2Pi + Math.Log(a) - Math.Log(t + a);
    }

    /// <summary>
    /// log EI and its gradient with respect to x, given the posterior mean and variance at x and their gradients.
    /// </summary>
    public static double ValueAndGradient(double mean, double variance, double best, ReadOnlySpan<double> meanGradient, ReadOnlySpan<double> varianceGradient, Span<double> gradient)
    {
        var sd = Math.Sqrt(variance);
        var z = (best - mean) / sd;
        var value = Math.Log(sd) + LogHWithDerivative(z, out var dlogh);
        for (var j = 0; j < gradient.Length; j++)
        {
            var dsd = varianceGradient[j] / (2 * sd);
            var dz = (-meanGradient[j] - (z * dsd)) / sd;
            gradient[j] = (dsd / sd) + (dlogh * dz);
        }

        return value;
    }

    /// <summary>a(t) = 1 / (t + 2 / (t + 3 / (t + ...))) evaluated bottom-up; t &gt;= 3.</summary>
    private static double MillsTail(double t)
    {
        var terms = t < 6 ? 120 : 40;
        var tail = t;
        for (var k = terms; k >= 2; k--)
        {
            tail = t + (k / tail);
        }

        return 1 / tail;
    }
}
