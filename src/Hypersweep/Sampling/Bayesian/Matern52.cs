namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// The Matérn-5/2 kernel with one length scale per dimension (automatic relevance determination), as a function of
/// the scaled squared distance r² = Σ_d (x_d − x'_d)² / ℓ_d², where a categorical dimension contributes 1/ℓ_d² when
/// the categories differ and 0 when they agree (a Hamming distance with its own length scale, equivalent to one-hot
/// encoding with a per-parameter scale).
/// </summary>
internal static class Matern52
{
    private static readonly double Sqrt5 = Math.Sqrt(5);

    /// <summary>k(r²) / σ² = (1 + √5 r + 5r²/3) exp(−√5 r).</summary>
    public static double Value(double r2)
    {
        var r = Math.Sqrt(r2);
        return (1 + (Sqrt5 * r) + (5.0 / 3.0 * r2)) * Math.Exp(-Sqrt5 * r);
    }

    /// <summary>k(r²) / σ² and its derivative with respect to r², −(5/6)(1 + √5 r) exp(−√5 r) (finite at r = 0).</summary>
    public static double ValueAndDerivative(double r2, out double derivative)
    {
        var r = Math.Sqrt(r2);
        var e = Math.Exp(-Sqrt5 * r);
        var a = 1 + (Sqrt5 * r);
        derivative = -5.0 / 6.0 * a * e;
        return (a + (5.0 / 3.0 * r2)) * e;
    }

    /// <summary>The scaled squared distance between two encoded points.</summary>
    public static double ScaledDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> inverseSquaredLengthScales, ReadOnlySpan<bool> categorical)
    {
        var r2 = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            if (categorical[j])
            {
                if (a[j] != b[j])
                {
                    r2 += inverseSquaredLengthScales[j];
                }
            }
            else
            {
                var t = a[j] - b[j];
                r2 += t * t * inverseSquaredLengthScales[j];
            }
        }

        return r2;
    }
}
