using MathNet.Numerics;

namespace Hypersweep.Space;

/// <summary>The standard normal CDF and quantile function, to double precision.</summary>
internal static class StandardNormal
{
    /// <summary>P(Z &lt;= z).</summary>
    public static double Cdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));

    /// <summary>The z with P(Z &lt;= z) = p, for p in (0, 1).</summary>
    public static double Quantile(double p) => -Math.Sqrt(2) * SpecialFunctions.ErfcInv(2 * p);
}
