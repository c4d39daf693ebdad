using Hypersweep.Curves;
using Hypersweep.Sampling.Bayesian;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// A reader tried for the sampler and measured by <c>stopped-predictions</c> (not in the product; why in
/// bench/results/pruning-notes.md): where stopped trials' curves would have ended, read from how the sweep's completed
/// curves went on from the same length. For each length a stopped curve has, a ridge regression is fitted on the
/// completed trials' best-so-far curves cut at that length: the log of the final best-so-far on the log of the
/// best-so-far there and the logs of its falls over the last <see cref="Falls"/> values, the coefficients shrunk by
/// <see cref="Shrinkage"/> toward "no further fall" (slope 1 on the level, 0 on the falls; the intercept, the sweep's
/// typical remaining fall, free). A trial's own extrapolation (<see cref="CurveExtrapolation"/>) sees its curve's shape
/// alone; the completed curves carry how much such curves still fell.
/// Losses are read on the log of (loss + offset), the offset 0 when every loss is positive (an error, a log-loss) and 1
/// when every one lies above −1 (an accuracy maximized, as a loss −accuracy, is read as its error 1 − accuracy); for
/// any other losses, or with fewer than <see cref="MinCompletedCurves"/> completed curves as long as the stopped one,
/// there is no prediction (null).
/// </summary>
internal static class CompletedCurveRegression
{
    /// <summary>The fewest completed curves, as long as a stopped one, that a fit for it needs.</summary>
    public const int MinCompletedCurves = 4;

    /// <summary>How strongly the coefficients are held to "no further fall", in the log units of the inputs.</summary>
    public const double Shrinkage = 0.3;

    /// <summary>The spans, in values, over which a curve's recent fall is measured.</summary>
    private static readonly int[] Falls = [3, 5];

    /// <summary>
    /// The final best-so-far loss at <paramref name="length"/> values predicted for each of <paramref name="stopped"/>
    /// (best-so-far losses, as are <paramref name="completed"/>'s), or null where there is none: a stopped curve of
    /// fewer than three values or already <paramref name="length"/> long, too few completed curves, or losses the log
    /// cannot read.
    /// </summary>
    public static double?[] Predict(IReadOnlyList<double[]> completed, IReadOnlyList<double[]> stopped, int length)
    {
        var result = new double?[stopped.Count];
        if (Offset(completed.Concat(stopped)) is not { } offset)
        {
            return result;
        }

        var fits = new Dictionary<int, double[]?>();
        for (var i = 0; i < stopped.Count; i++)
        {
            var count = stopped[i].Length;
            if (count < 3 || count >= length)
            {
                continue;
            }

            if (!fits.TryGetValue(count, out var coefficients))
            {
                coefficients = Fit(completed, count, length, offset);
                fits[count] = coefficients;
            }

            if (coefficients is not null)
            {
                var predicted = Math.Exp(DenseMath.Dot(coefficients, Features(stopped[i], count, offset))) - offset;
                result[i] = double.IsFinite(predicted) ? predicted : null;
            }
        }

        return result;
    }

    /// <summary>0 when every loss is positive, 1 when every one is above −1, otherwise null (not readable on a log).</summary>
    private static double? Offset(IEnumerable<double[]> curves)
    {
        var lowest = curves.SelectMany(c => c).DefaultIfEmpty(double.NaN).Min();
        return lowest > 0 ? 0 : lowest > -1 ? 1 : null;
    }

    /// <summary>The regression's coefficients for curves cut at <paramref name="count"/> values, or null without enough of them.</summary>
    private static double[]? Fit(IReadOnlyList<double[]> completed, int count, int length, double offset)
    {
        var rows = completed.Where(c => c.Length >= count).ToList();
        if (rows.Count < MinCompletedCurves)
        {
            return null;
        }

        var n = 2 + Falls.Length;

        // Normal equations with the ridge on every coefficient but the intercept, toward slope 1 on the level.
        var system = new double[n * n];
        var target = new double[n];
        for (var k = 1; k < n; k++)
        {
            system[(k * n) + k] = Shrinkage;
        }

        target[1] = Shrinkage;
        foreach (var row in rows)
        {
            var x = Features(row, count, offset);
            var y = Math.Log(row[Math.Min(length, row.Length) - 1] + offset);
            for (var r = 0; r < n; r++)
            {
                target[r] += x[r] * y;
                for (var c = 0; c < n; c++)
                {
                    system[(r * n) + c] += x[r] * x[c];
                }
            }
        }

        if (!DenseMath.TryCholesky(system, n, n))
        {
            return null;
        }

        DenseMath.SolveLower(system, n, n, target);
        DenseMath.SolveUpperTransposed(system, n, n, target);
        return target.All(double.IsFinite) ? target : null;
    }

    /// <summary>1, the log of the best-so-far after <paramref name="count"/> values, and the logs of its falls over the last <see cref="Falls"/> values.</summary>
    private static double[] Features(double[] bestSoFar, int count, double offset)
    {
        var level = Math.Log(bestSoFar[count - 1] + offset);
        var features = new double[2 + Falls.Length];
        features[0] = 1;
        features[1] = level;
        for (var k = 0; k < Falls.Length; k++)
        {
            features[2 + k] = level - Math.Log(bestSoFar[count - 1 - Math.Min(Falls[k], count - 1)] + offset);
        }

        return features;
    }
}
