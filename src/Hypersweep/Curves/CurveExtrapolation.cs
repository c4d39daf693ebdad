using Hypersweep.Trials;

namespace Hypersweep.Curves;

/// <summary>
/// Where a learning curve stopped early would have ended: the best loss a trial reached after each interval (its
/// best-so-far curve, which ends at what a completed trial records as its value) is fitted by the two usual shapes of
/// learning curves, an exponential a + c·e^(−k·t) and a power law a + c·t^(−k) (c ≥ 0; k by a grid and golden-section
/// search, a and c by least squares), and the better fit is read at the length of a completed trial. The prediction
/// never lies above the loss already reached, nor below it by more than the curve has fallen so far: a short curve says
/// little about its tail, and a policy stopped the trial because it did not look promising.
/// </summary>
internal static class CurveExtrapolation
{
    /// <summary>Curves shorter than this are not extrapolated.</summary>
    public const int MinPoints = 3;

    private static readonly double[] Rates = [.. Enumerable.Range(0, 40).Select(i => 0.01 * Math.Pow(300, i / 39.0))];

    /// <summary>
    /// The best loss the trial would have reached after <paramref name="length"/> intervals, given the losses it logged
    /// (lower is better, in order); null when fewer than <see cref="MinPoints"/> are finite.
    /// </summary>
    public static double? Predict(IReadOnlyList<double> losses, int length)
    {
        var best = BestSoFar(losses);
        var n = best.Length;
        if (n < MinPoints)
        {
            return null;
        }

        if (length <= n)
        {
            return best[^1];
        }

        // A long curve is fitted at evenly spaced steps, so that a prediction costs the same after 256 values as after
        // 100,000 (a policy asks at every interval).
        var (steps, fitted) = Thin(best);

        // The best rate on the grid for each shape, then refined between its neighbours by golden-section search.
        var prediction = best[^1];
        var bestError = double.PositiveInfinity;
        foreach (var exponential in new[] { true, false })
        {
            double Error(double rate) => Fit(steps, fitted, t => Shape(exponential, rate, t)).Error;
            var i = Enumerable.Range(0, Rates.Length).MinBy(k => Error(Rates[k]));
            var (low, high) = (Math.Log(Rates[Math.Max(0, i - 1)]), Math.Log(Rates[Math.Min(Rates.Length - 1, i + 1)]));
            for (var step = 0; step < 30; step++)
            {
                var a = high - (Golden * (high - low));
                var b = low + (Golden * (high - low));
                (low, high) = Error(Math.Exp(a)) <= Error(Math.Exp(b)) ? (low, b) : (a, high);
            }

            var rate = Math.Exp(0.5 * (low + high));
            var fit = Fit(steps, fitted, t => Shape(exponential, rate, t));
            if (fit.Error < bestError)
            {
                bestError = fit.Error;
                prediction = fit.A + (fit.C * Shape(exponential, rate, length));
            }
        }

        var fallen = best[0] - best[^1];
        return Math.Clamp(prediction, best[^1] - fallen, best[^1]);
    }

    /// <summary><see cref="Predict"/> of the first <paramref name="count"/> values of a series logged under <paramref name="goal"/>.</summary>
    public static double? PredictLogged(IReadOnlyList<double> logged, int count, Goal goal, int length) =>
        Predict([.. logged.Take(count).Select(v => goal.ToLoss(v))], length);

    private static readonly double Golden = (Math.Sqrt(5) - 1) / 2;

    private static double Shape(bool exponential, double rate, double t) => exponential ? Math.Exp(-rate * t) : Math.Pow(t, -rate);

    /// <summary>The most steps of a curve a fit reads.</summary>
    internal const int MaxFitPoints = 256;

    /// <summary>The steps (1-based) and values a fit reads: all of a short curve, evenly spaced ones of a long one, its ends included.</summary>
    private static (double[] Steps, double[] Values) Thin(double[] curve)
    {
        var count = Math.Min(curve.Length, MaxFitPoints);
        var steps = new double[count];
        var values = new double[count];
        for (var k = 0; k < count; k++)
        {
            var i = count == curve.Length ? k : (int)Math.Round(k * (curve.Length - 1) / (double)(count - 1));
            steps[k] = i + 1;
            values[k] = curve[i];
        }

        return (steps, values);
    }

    /// <summary>Least squares of y_k = a + c·shape(t_k) with c ≥ 0; returns a, c and the sum of squared errors.</summary>
    private static (double A, double C, double Error) Fit(double[] t, double[] y, Func<double, double> shape)
    {
        var n = y.Length;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var x = shape(t[i]);
            sx += x;
            sy += y[i];
            sxx += x * x;
            sxy += x * y[i];
        }

        var variance = sxx - (sx * sx / n);
        var c = variance > 1e-300 ? Math.Max(0, (sxy - (sx * sy / n)) / variance) : 0;
        var a = (sy - (c * sx)) / n;
        var error = 0.0;
        for (var i = 0; i < n; i++)
        {
            var r = y[i] - a - (c * shape(t[i]));
            error += r * r;
        }

        return (a, c, error);
    }

    /// <summary>The best finite loss reached after each finite value, in order.</summary>
    internal static double[] BestSoFar(IReadOnlyList<double> losses)
    {
        var result = new List<double>(losses.Count);
        var best = double.PositiveInfinity;
        foreach (var loss in losses)
        {
            if (double.IsFinite(loss))
            {
                best = Math.Min(best, loss);
                result.Add(best);
            }
        }

        return [.. result];
    }
}
