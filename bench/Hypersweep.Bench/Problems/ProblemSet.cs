using System.Text.Json;

namespace Hypersweep.Bench.Problems;

/// <summary>
/// The nine sample-efficiency problems of bench/problems.json, implemented from its formulas and constants
/// (sums left to right in index order, as the reference implementation bench/peers/problems.py does).
/// </summary>
public static class ProblemSet
{
    private static readonly double[] HartmannAlpha = [1.0, 1.2, 3.0, 3.2];
    private static readonly double[,] Hartmann3A = { { 3.0, 10.0, 30.0 }, { 0.1, 10.0, 35.0 }, { 3.0, 10.0, 30.0 }, { 0.1, 10.0, 35.0 } };
    private static readonly double[,] Hartmann3P = { { 0.3689, 0.1170, 0.2673 }, { 0.4699, 0.4387, 0.7470 }, { 0.1091, 0.8732, 0.5547 }, { 0.0381, 0.5743, 0.8828 } };
    private static readonly double[,] Hartmann6A =
    {
        { 10.0, 3.0, 17.0, 3.5, 1.7, 8.0 },
        { 0.05, 10.0, 17.0, 0.1, 8.0, 14.0 },
        { 3.0, 3.5, 1.7, 10.0, 17.0, 8.0 },
        { 17.0, 8.0, 0.05, 10.0, 0.1, 14.0 },
    };

    private static readonly double[,] Hartmann6P =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 },
        { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 },
        { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    /// <summary>All problems in the order of problems.json.</summary>
    public static IReadOnlyList<BenchmarkProblem> All { get; } =
    [
        new("branin", [new("x1", "uniform", -5.0, 10.0), new("x2", "uniform", 0.0, 15.0)], Branin, 5.0 / (4.0 * Math.PI)),
        new("hartmann3", Cube(3, 0.0, 1.0), p => Hartmann(Vector(p, 3), Hartmann3A, Hartmann3P), -3.862779787332663),
        new("hartmann6", Cube(6, 0.0, 1.0), p => Hartmann(Vector(p, 6), Hartmann6A, Hartmann6P), -3.322368011415515),
        new("rosenbrock4", Cube(4, -5.0, 10.0), p => Rosenbrock(Vector(p, 4)), 0.0),
        new("ackley5", Cube(5, -32.768, 32.768), p => Ackley(Vector(p, 5)), 0.0),
        new("levy6", Cube(6, -10.0, 10.0), p => Levy(Vector(p, 6)), 0.0),
        new("styblinski_tang8", Cube(8, -5.0, 5.0), p => StyblinskiTang(Vector(p, 8)), -313.3293256301713),
        new(
            "mixed_ml",
            [
                new("learning_rate", "loguniform", 1e-05, 1.0),
                new("batch_size", "choice", Choices: [16, 32, 64, 128]),
                new("num_layers", "choice", Choices: [1, 2, 3, 4]),
                new("dropout", "uniform", 0.0, 0.5),
            ],
            MixedMl,
            0.05),
        new(
            "quant_hpo",
            [
                new("hidden_units", "quniform", 16.0, 512.0, 16.0),
                new("log10_lr", "quniform", -5.0, -1.0, 0.25),
                new("dropout", "quniform", 0.0, 0.5, 0.0625),
                new("log10_wd", "quniform", -8.0, -2.0, 0.5),
            ],
            QuantHpo,
            0.08042527212558762),
    ];

    /// <summary>
    /// The problems of bench/edge-problems.json: problems of <see cref="All"/> on boxes whose optimum lies on a face, in
    /// a corner or off the centre (same function and optimum value, other bounds).
    /// </summary>
    public static IReadOnlyList<BenchmarkProblem> Edge { get; } = LoadEdge();

    /// <summary>A problem by name.</summary>
    public static BenchmarkProblem Get(string name) => All.Concat(Edge).FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"no problem named {name}; known: {string.Join(", ", All.Concat(Edge).Select(p => p.Name))}");

    private static List<BenchmarkProblem> LoadEdge()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(BenchPaths.BenchDirectory, "edge-problems.json")));
        var result = new List<BenchmarkProblem>();
        foreach (var e in doc.RootElement.GetProperty("problems").EnumerateArray())
        {
            var baseProblem = All.Single(p => p.Name == e.GetProperty("base").GetString());
            var bounds = e.GetProperty("bounds");
            var parameters = baseProblem.Parameters
                .Select(p => bounds.TryGetProperty(p.Name, out var b) ? p with { Low = b[0].GetDouble(), High = b[1].GetDouble() } : p)
                .ToList();
            result.Add(new BenchmarkProblem(e.GetProperty("name").GetString()!, parameters, baseProblem.Function, baseProblem.Optimum) { OptimumPlacement = e.GetProperty("optimum_on").GetString()! });
        }

        return result;
    }

    private static ProblemParameter[] Cube(int d, double low, double high) => [.. Enumerable.Range(1, d).Select(i => new ProblemParameter($"x{i}", "uniform", low, high))];

    private static double[] Vector(Func<string, double> p, int d) => [.. Enumerable.Range(1, d).Select(i => p($"x{i}"))];

    private static double Square(double x) => x * x;

    private static double Branin(Func<string, double> p)
    {
        double x1 = p("x1"), x2 = p("x2");
        const double a = 1.0, r = 6.0, s = 10.0;
        var b = 5.1 / (4.0 * Math.PI * Math.PI);
        var c = 5.0 / Math.PI;
        var t = 1.0 / (8.0 * Math.PI);
        return (a * Square(x2 - (b * x1 * x1) + (c * x1) - r)) + (s * (1.0 - t) * Math.Cos(x1)) + s;
    }

    private static double Hartmann(double[] x, double[,] a, double[,] p)
    {
        var outer = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var inner = 0.0;
            for (var j = 0; j < x.Length; j++)
            {
                inner += a[i, j] * Square(x[j] - p[i, j]);
            }

            outer += HartmannAlpha[i] * Math.Exp(-inner);
        }

        return -outer;
    }

    private static double Rosenbrock(double[] x)
    {
        var s = 0.0;
        for (var i = 0; i < x.Length - 1; i++)
        {
            s += (100.0 * Square(x[i + 1] - (x[i] * x[i]))) + Square(x[i] - 1.0);
        }

        return s;
    }

    private static double Ackley(double[] x)
    {
        const double a = 20.0, b = 0.2;
        var c = 2.0 * Math.PI;
        var d = x.Length;
        double s1 = 0.0, s2 = 0.0;
        foreach (var xi in x)
        {
            s1 += xi * xi;
            s2 += Math.Cos(c * xi);
        }

        return (-a * Math.Exp(-b * Math.Sqrt(s1 / d))) - Math.Exp(s2 / d) + a + Math.E;
    }

    private static double Levy(double[] x)
    {
        var d = x.Length;
        var w = x.Select(xi => 1.0 + ((xi - 1.0) / 4.0)).ToArray();
        var s = Square(Math.Sin(Math.PI * w[0]));
        for (var i = 0; i < d - 1; i++)
        {
            s += Square(w[i] - 1.0) * (1.0 + (10.0 * Square(Math.Sin((Math.PI * w[i]) + 1.0))));
        }

        s += Square(w[d - 1] - 1.0) * (1.0 + Square(Math.Sin(2.0 * Math.PI * w[d - 1])));
        return s;
    }

    private static double StyblinskiTang(double[] x)
    {
        var s = 0.0;
        foreach (var xi in x)
        {
            s += (xi * xi * xi * xi) - (16.0 * xi * xi) + (5.0 * xi);
        }

        return 0.5 * s;
    }

    private static double MixedMl(Func<string, double> p)
    {
        var lr = p("learning_rate");
        var bs = (int)p("batch_size");
        var nl = (int)p("num_layers");
        var dr = p("dropout");
        var u = Math.Log10(lr);
        var uStar = -3.0 + (0.3 * Math.Log2(bs / 16.0));
        var dStar = 0.1 * nl;
        var layerPenalty = nl switch { 1 => 0.06, 2 => 0.02, 3 => 0.0, 4 => 0.01, _ => throw new ArgumentException($"num_layers {nl}") };
        var batchPenalty = bs switch { 16 => 0.01, 32 => 0.0, 64 => 0.005, 128 => 0.02, _ => throw new ArgumentException($"batch_size {bs}") };
        return 0.05
            + (0.45 * (1.0 - Math.Exp(-Square(u - uStar) / (2.0 * 0.6 * 0.6))))
            + layerPenalty
            + batchPenalty
            + (0.5 * Square(dr - dStar));
    }

    private static double QuantHpo(Func<string, double> p)
    {
        var h = p("hidden_units");
        var lu = p("log10_lr");
        var dr = p("dropout");
        var wd = p("log10_wd");
        var lh = Math.Log2(h);
        var uStar = -2.5 - (0.5 * Math.Log2(h / 128.0));
        return 0.08
            + (0.03 * Square(lh - 7.5))
            + (0.40 * (1.0 - Math.Exp(-Square(lu - uStar) / (2.0 * 0.5 * 0.5))))
            + (0.30 * Square(dr - (0.4 * h / 512.0)))
            + (0.01 * Square(wd + 5.0 - (4.0 * dr)));
    }
}
