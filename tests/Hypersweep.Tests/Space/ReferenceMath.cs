namespace Hypersweep.Tests.Space;

/// <summary>
/// The textbook definitions the distribution tests compare against. Written here from the formulas and sharing no
/// code with the library (which uses MathNet's erfc), so a wrong formula in the library cannot also be wrong here.
/// </summary>
internal static class ReferenceMath
{
    /// <summary>The standard normal CDF, Φ(z) = erfc(-z / √2) / 2.</summary>
    public static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>The CDF of N(mu, sigma²) at x.</summary>
    public static double NormalCdf(double x, double mu, double sigma) => NormalCdf((x - mu) / sigma);

    /// <summary>The standard normal quantile, by bisection on <see cref="NormalCdf(double)"/>.</summary>
    public static double NormalQuantile(double p)
    {
        double lo = -40, hi = 40;
        while (true)
        {
            var mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi)
            {
                return mid;
            }

            if (NormalCdf(mid) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
    }

    /// <summary>The CDF of U(min, max) at x.</summary>
    public static double UniformCdf(double x, double min, double max) => Math.Clamp((x - min) / (max - min), 0, 1);

    /// <summary>
    /// erfc(x): for |x| &lt; 3 as 1 - erf(x) with erf(x) = 2/√π e^(-x²) Σ 2^n x^(2n+1) / (2n+1)!! (all terms positive),
    /// beyond that by the continued fraction erfc(x) = e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))).
    /// </summary>
    public static double Erfc(double x)
    {
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        if (x < 3)
        {
            double term = x, sum = x;
            for (var n = 1; n < 500 && term > 1e-18 * sum; n++)
            {
                term *= 2 * x * x / ((2 * n) + 1);
                sum += term;
            }

            return 1 - (2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum);
        }

        var f = x;
        for (var n = 60; n >= 1; n--)
        {
            f = x + (n / 2.0 / f);
        }

        return Math.Exp(-x * x) / (Math.Sqrt(Math.PI) * f);
    }
}
