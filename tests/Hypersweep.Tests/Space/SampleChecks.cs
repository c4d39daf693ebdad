using System.Globalization;
using Hypersweep.Sampling;
using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

/// <summary>Where the sampled values of a distribution test come from.</summary>
public enum SampleSource
{
    /// <summary><see cref="Distribution.Sample"/> with one seeded <see cref="Random"/>.</summary>
    SeededRandom,

    /// <summary>A seeded <see cref="RandomSampler"/>, the distribution being the second parameter of its space.</summary>
    RandomSampler,
}

/// <summary>
/// Statistical checks of samples against a definition. Every check is at significance 0.001 or stricter, so that the
/// seeded tests are not fragile, while a wrong formula (wrong base, variance for sigma, floor for round) is off by far
/// more than that (see <see cref="SampleChecksTests"/>).
/// </summary>
internal static class SampleChecks
{
    /// <summary>The sample size of the distribution tests.</summary>
    public const int N = 20_000;

    /// <summary>The seed of the distribution tests.</summary>
    public const int Seed = 20_250_611;

    /// <summary>Draws <paramref name="n"/> values of <paramref name="distribution"/> from a seeded source.</summary>
    public static ParameterValue[] DrawValues(Distribution distribution, SampleSource source, int n = N, int seed = Seed)
    {
        switch (source)
        {
            case SampleSource.SeededRandom:
                var random = new Random(seed);
                var values = new ParameterValue[n];
                for (var i = 0; i < n; i++)
                {
                    values[i] = distribution.Sample(random);
                }

                return values;
            case SampleSource.RandomSampler:
                var space = new SearchSpace { { "first", new UniformDistribution(0, 1) }, { "x", distribution } };
                return [.. new RandomSampler(seed).Suggest(space, [], n).Select(p => p["x"])];
            default:
                throw new ArgumentOutOfRangeException(nameof(source));
        }
    }

    /// <summary>Draws numeric values as doubles.</summary>
    public static double[] Draw(Distribution distribution, SampleSource source, int n = N, int seed = Seed) =>
        [.. DrawValues(distribution, source, n, seed).Select(v => v.AsDouble())];

    /// <summary>The one-sample Kolmogorov-Smirnov statistic D = sup |F_n(x) - F(x)|.</summary>
    public static double KsStatistic(IReadOnlyList<double> sample, Func<double, double> cdf)
    {
        var sorted = sample.Order().ToArray();
        var n = sorted.Length;
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max(((i + 1.0) / n) - f, f - ((double)i / n)));
        }

        return d;
    }

    /// <summary>The asymptotic critical value of D at alpha = 0.001: sqrt(ln(2 / alpha) / 2) / sqrt(n) = 1.949 / sqrt(n).</summary>
    public static double KsCritical(int n) => Math.Sqrt(Math.Log(2 / 0.001) / 2) / Math.Sqrt(n);

    /// <summary>Asserts that the sample passes a KS test against <paramref name="cdf"/> at alpha = 0.001.</summary>
    public static void AssertKs(IReadOnlyList<double> sample, Func<double, double> cdf, string what)
    {
        var d = KsStatistic(sample, cdf);
        var critical = KsCritical(sample.Count);
        Assert.True(d < critical, $"{what}: KS statistic D = {d:F5} is not below the alpha = 0.001 critical value {critical:F5} (n = {sample.Count}).");
    }

    /// <summary>
    /// Asserts that the sample mean and variance are within 4.5 standard errors of the definition's; the standard
    /// error of the variance is sqrt((mu4 - sigma^4) / n), mu4 being the fourth central moment.
    /// </summary>
    public static void AssertMoments(IReadOnlyList<double> sample, double mean, double variance, double fourthCentralMoment, string what)
    {
        var n = sample.Count;
        var m = sample.Average();
        var v = sample.Sum(x => (x - m) * (x - m)) / (n - 1);
        var meanError = 4.5 * Math.Sqrt(variance / n);
        var varianceError = 4.5 * Math.Sqrt((fourthCentralMoment - (variance * variance)) / n);
        Assert.True(Math.Abs(m - mean) <= meanError, $"{what}: sample mean {m:G6} differs from {mean:G6} by more than 4.5 standard errors ({meanError:G3}).");
        Assert.True(Math.Abs(v - variance) <= varianceError, $"{what}: sample variance {v:G6} differs from {variance:G6} by more than 4.5 standard errors ({varianceError:G3}).");
    }

    /// <summary>The probabilities at which <see cref="AssertQuantiles"/> checks.</summary>
    public static readonly double[] QuantileLevels = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

    /// <summary>
    /// Asserts, for each p of <see cref="QuantileLevels"/>, that the fraction of the sample at or below the definition's
    /// p-quantile is p within 4.5 binomial standard errors sqrt(p(1 - p) / n).
    /// </summary>
    public static void AssertQuantiles(IReadOnlyList<double> sample, Func<double, double> quantile, string what)
    {
        var n = sample.Count;
        foreach (var p in QuantileLevels)
        {
            var x = quantile(p);
            var fraction = sample.Count(v => v <= x) / (double)n;
            var error = 4.5 * Math.Sqrt(p * (1 - p) / n);
            Assert.True(Math.Abs(fraction - p) <= error, $"{what}: {fraction:F4} of the sample is at or below the {p} quantile {x:G6}, expected {p} within {error:F4}.");
        }
    }

    /// <summary>
    /// Asserts that every value satisfies <paramref name="holds"/>, describing the first that does not (the message
    /// is only formatted on failure, which keeps checks over 20,000 values cheap).
    /// </summary>
    public static void AssertEvery<T>(IEnumerable<T> values, Func<T, bool> holds, Func<T, string> describe)
    {
        var i = 0;
        foreach (var v in values)
        {
            if (!holds(v))
            {
                Assert.Fail($"value #{i}: {describe(v)}");
            }

            i++;
        }
    }

    /// <summary>Asserts that every value is a multiple of q: |v/q - round(v/q)| &lt; 1e-9.</summary>
    public static void AssertOnGrid(IEnumerable<double> values, double q, string what) => AssertEvery(
        values,
        v => double.IsFinite(v) && Math.Abs((v / q) - Math.Round(v / q)) < 1e-9,
        v => $"{what}: {v.ToString("R", CultureInfo.InvariantCulture)} is not a multiple of q = {q.ToString("R", CultureInfo.InvariantCulture)} (v/q = {v / q:R}).");

    /// <summary>
    /// The probability of each grid index k of round(x / q) * q, where x has CDF <paramref name="cdf"/>:
    /// P(k) = F((k + 1/2) q) - F((k - 1/2) q), for k from <paramref name="kMin"/> until F reaches 1 or k passes
    /// <paramref name="kMax"/>. Indices of probability below 1e-15 are left out.
    /// </summary>
    public static Dictionary<long, double> GridProbabilities(Func<double, double> cdf, double q, long kMin, long kMax)
    {
        var p = new Dictionary<long, double>();
        var lower = cdf((kMin - 0.5) * q);
        for (var k = kMin; k <= kMax && lower < 1; k++)
        {
            var upper = cdf((k + 0.5) * q);
            if (upper - lower > 1e-15)
            {
                p[k] = upper - lower;
            }

            lower = upper;
        }

        return p;
    }

    /// <summary>
    /// Asserts that every observed key has a positive expected probability and that the counts pass Pearson's
    /// chi-square test at alpha = 0.001 (cells expecting fewer than 5 observations are pooled into one).
    /// </summary>
    public static void AssertFrequencies(IEnumerable<long> observed, IReadOnlyDictionary<long, double> expected, string what)
    {
        var counts = new Dictionary<long, int>();
        var n = 0;
        foreach (var key in observed)
        {
            if (!expected.ContainsKey(key))
            {
                Assert.Fail($"{what}: observed {key}, which the definition never gives.");
            }

            counts[key] = counts.GetValueOrDefault(key) + 1;
            n++;
        }

        var total = expected.Values.Sum();
        Assert.True(Math.Abs(total - 1) < 1e-9, $"{what}: the expected probabilities sum to {total}, not 1.");
        double chi = 0, pooledExpected = 0, pooledObserved = 0;
        var cells = 0;
        foreach (var (key, p) in expected)
        {
            var e = p * n;
            var o = counts.GetValueOrDefault(key);
            if (e < 5)
            {
                pooledExpected += e;
                pooledObserved += o;
                continue;
            }

            chi += (o - e) * (o - e) / e;
            cells++;
        }

        if (pooledExpected > 0)
        {
            chi += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
            cells++;
        }

        var critical = ChiSquareCritical(Math.Max(1, cells - 1));
        Assert.True(chi < critical, $"{what}: chi-square {chi:F1} over {cells} cells is not below the alpha = 0.001 critical value {critical:F1}.");
    }

    /// <summary>
    /// The alpha = 0.001 critical value of chi-square with <paramref name="df"/> degrees of freedom, by the
    /// Wilson-Hilferty approximation df (1 - 2/(9 df) + z sqrt(2/(9 df)))^3 with z = 3.0902 (slightly conservative for small df).
    /// </summary>
    public static double ChiSquareCritical(int df)
    {
        var a = 2.0 / (9 * df);
        return df * Math.Pow(1 - a + (3.0902 * Math.Sqrt(a)), 3);
    }
}
