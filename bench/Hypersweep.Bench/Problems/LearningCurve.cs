using System.Text.Json;
using Hypersweep.Space;

namespace Hypersweep.Bench.Problems;

/// <summary>
/// The <c>learning_curve</c> of bench/problems.json ("mixed_ml_curve"), exactly: per-epoch validation error
/// err_t = E + (0.9 - E) exp(-c t) + 0.01 z(seed, trial, t) over 50 epochs, E = mixed_ml(params), with the
/// SplitMix64/Irwin-Hall noise. <see cref="Verify"/> checks the published test vectors.
/// </summary>
internal static class LearningCurve
{
    public const int Epochs = 50;
    public const double Sigma = 0.01;
    public const double OptimumFinalClean = 0.050003167447410214;

    private static readonly Dictionary<long, double> L = new() { [1] = 0.06, [2] = 0.02, [3] = 0.0, [4] = 0.01 };
    private static readonly Dictionary<long, double> B = new() { [16] = 0.01, [32] = 0.0, [64] = 0.005, [128] = 0.02 };

    /// <summary>The mixed_ml search space in Hypersweep terms (loguniform bounds are exponents).</summary>
    public static SearchSpace Space() => new()
    {
        { "learning_rate", Distributions.LogUniform(Math.Log(1e-5), Math.Log(1.0)) },
        { "batch_size", Distributions.Choice(16, 32, 64, 128) },
        { "num_layers", Distributions.Choice(1, 2, 3, 4) },
        { "dropout", Distributions.Uniform(0, 0.5) },
    };

    /// <summary>The configuration with the lowest noise-free err_50 (problems.json's optimum_final_clean.argmin).</summary>
    public static ParameterSet Optimum() => new(
    [
        new("learning_rate", ParameterValue.Of(0.001995346085718126)),
        new("batch_size", ParameterValue.Of(32L)),
        new("num_layers", ParameterValue.Of(3L)),
        new("dropout", ParameterValue.Of(0.3)),
    ]);

    /// <summary>mixed_ml: the asymptotic error E.</summary>
    public static double MixedMl(double learningRate, long batchSize, long numLayers, double dropout)
    {
        var u = Math.Log10(learningRate);
        var uStar = -3 + (0.3 * Math.Log2(batchSize / 16.0));
        var dStar = 0.1 * numLayers;
        return 0.05 + (0.45 * (1 - Math.Exp(-((u - uStar) * (u - uStar)) / (2 * 0.6 * 0.6)))) + L[numLayers] + B[batchSize] + (0.5 * (dropout - dStar) * (dropout - dStar));
    }

    /// <summary>The convergence rate c.</summary>
    public static double Rate(double learningRate, long batchSize, long numLayers)
    {
        var u = Math.Log10(learningRate);
        var uStar = -3 + (0.3 * Math.Log2(batchSize / 16.0));
        var c = 0.3 * Math.Pow(10, 0.25 * (u - uStar)) * Math.Pow(32.0 / batchSize, 0.25) / (1 + (0.1 * (numLayers - 1)));
        return Math.Min(Math.Max(c, 0.005), 2.0);
    }

    /// <summary>The noise-free error at epoch t.</summary>
    public static double Clean(double e, double c, int t) => e + ((0.9 - e) * Math.Exp(-c * t));

    /// <summary>The noisy error of a trial at epoch t.</summary>
    public static double Error(long seed, int trial, int epoch, ParameterSet p)
    {
        var (e, c) = Curve(p);
        return Clean(e, c, epoch) + (Sigma * Z(seed, trial, epoch));
    }

    /// <summary>E and c of a parameter set.</summary>
    public static (double E, double C) Curve(ParameterSet p)
    {
        var lr = p["learning_rate"].AsDouble();
        var bs = p["batch_size"].AsInt64();
        var nl = p["num_layers"].AsInt64();
        return (MixedMl(lr, bs, nl, p["dropout"].AsDouble()), Rate(lr, bs, nl));
    }

    /// <summary>z = (U1 + U2 + U3 + U4 - 2) sqrt(3) from 4 SplitMix64 draws starting at (seed &lt;&lt; 40) + (trial &lt;&lt; 16) + epoch.</summary>
    public static double Z(long seed, int trial, int epoch)
    {
        var state = unchecked(((ulong)seed << 40) + ((ulong)trial << 16) + (ulong)epoch);
        double sum = 0;
        for (var i = 0; i < 4; i++)
        {
            sum += (SplitMix64(ref state) >> 11) * (1.0 / (1UL << 53));
        }

        return (sum - 2) * Math.Sqrt(3);
    }

    public static ulong SplitMix64(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Checks the implementation against every test vector in problems.json; throws on a mismatch.</summary>
    public static void Verify(string problemsJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(problemsJson));
        var vectors = doc.RootElement.GetProperty("learning_curve").GetProperty("test_vectors");
        var state = 0UL;
        foreach (var expected in vectors.GetProperty("splitmix64_from_state_0_first4").EnumerateArray())
        {
            var got = SplitMix64(ref state);
            Require(got == Convert.ToUInt64(expected.GetString(), 16), $"splitmix64 {got:x} != {expected}");
        }

        foreach (var point in vectors.GetProperty("points").EnumerateArray())
        {
            var seed = point.GetProperty("seed").GetInt64();
            var trial = point.GetProperty("trial").GetInt32();
            var epoch = point.GetProperty("epoch").GetInt32();
            var p = point.GetProperty("params");
            var parameters = new ParameterSet([
                new("learning_rate", ParameterValue.Of(p.GetProperty("learning_rate").GetDouble())),
                new("batch_size", ParameterValue.Of(p.GetProperty("batch_size").GetInt64())),
                new("num_layers", ParameterValue.Of(p.GetProperty("num_layers").GetInt64())),
                new("dropout", ParameterValue.Of(p.GetProperty("dropout").GetDouble())),
            ]);
            var (e, c) = Curve(parameters);
            Close(Z(seed, trial, epoch), point.GetProperty("z").GetDouble(), "z");
            Close(c, point.GetProperty("c").GetDouble(), "c");
            Close(Clean(e, c, epoch), point.GetProperty("clean").GetDouble(), "clean");
            Close(Error(seed, trial, epoch, parameters), point.GetProperty("err").GetDouble(), "err");
        }
    }

    private static void Close(double got, double expected, string what) => Require(Math.Abs(got - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{what}: {got:R} != {expected:R}");

    private static void Require(bool ok, string message)
    {
        if (!ok)
        {
            throw new InvalidOperationException("learning_curve does not match problems.json: " + message);
        }
    }
}
