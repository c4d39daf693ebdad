namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// Makes the losses the GP models look Gaussian: standardize, apply the Yeo-Johnson power transform with the λ that
/// maximizes the normal likelihood (chosen on a grid of λ from −3 to 2 in steps of 0.1, so the choice is
/// deterministic), and standardize again. (Widening the grid from [−1, 2] to [−3, 2] took Rosenbrock 4's median
/// regret over seeds 1..8 from 5.0 to 3.0; shifting by the minimum and scaling by a low quantile before the transform,
/// which spreads out the best values further, made 7 of the 9 benchmark problems worse.) For
/// heavy-tailed objectives (Rosenbrock's values span six orders of magnitude) λ goes towards 0, compressing the bad
/// tail and spreading out the differences near the optimum, which is where the acquisition needs them; for
/// well-behaved ones λ stays near 1 and the transform is close to plain standardization. Order is preserved.
/// </summary>
internal static class OutputTransform
{
    /// <summary>Transforms <paramref name="losses"/> in place; returns the λ used.</summary>
    public static double Apply(Span<double> losses)
    {
        var n = losses.Length;
        if (n == 0)
        {
            return 1;
        }

        Standardize(losses);
        if (n < 3)
        {
            return 1;
        }

        var bestLambda = 1.0;
        var bestLikelihood = double.NegativeInfinity;
        var buffer = new double[n];
        for (var step = -30; step <= 20; step++)
        {
            var lambda = step * 0.1;
            var logJacobian = 0.0;
            for (var i = 0; i < n; i++)
            {
                buffer[i] = YeoJohnson(losses[i], lambda);
                logJacobian += Math.Sign(losses[i]) * Math.Log(Math.Abs(losses[i]) + 1);
            }

            var variance = Variance(buffer);
            if (!(variance > 0) || !double.IsFinite(variance))
            {
                continue;
            }

            var likelihood = (-0.5 * n * Math.Log(variance)) + ((lambda - 1) * logJacobian);
            if (likelihood > bestLikelihood + 1e-12)
            {
                bestLikelihood = likelihood;
                bestLambda = lambda;
            }
        }

        for (var i = 0; i < n; i++)
        {
            losses[i] = YeoJohnson(losses[i], bestLambda);
        }

        Standardize(losses);
        return bestLambda;
    }

    /// <summary>The Yeo-Johnson transform of one value.</summary>
    public static double YeoJohnson(double x, double lambda)
    {
        if (x >= 0)
        {
            return Math.Abs(lambda) < 1e-9 ? Math.Log(x + 1) : (Math.Pow(x + 1, lambda) - 1) / lambda;
        }

        return Math.Abs(lambda - 2) < 1e-9 ? -Math.Log(1 - x) : -(Math.Pow(1 - x, 2 - lambda) - 1) / (2 - lambda);
    }

    /// <summary>Shifts and scales to mean 0 and standard deviation 1 (just centres when all values are equal).</summary>
    public static void Standardize(Span<double> values)
    {
        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        var sd = Math.Sqrt(Variance(values));
        var scale = sd > 1e-12 * Math.Max(1, Math.Abs(mean)) ? 1 / sd : 1;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] - mean) * scale;
        }
    }

    private static double Variance(ReadOnlySpan<double> values)
    {
        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return sum / values.Length;
    }
}
