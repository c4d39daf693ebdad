using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Bench.Problems;

/// <summary>
/// A problem with several objectives (all minimized) or with a constraint, as bench/peers/multi_objective.py defines
/// it for Optuna (the test points it prints are checked against these definitions at every run).
/// </summary>
/// <param name="Name">The problem's name.</param>
/// <param name="Space">Its search space.</param>
/// <param name="Objectives">The number of objectives.</param>
/// <param name="Evaluate">The objective values (minimized) and, for a constrained problem, the constraint's value last.</param>
/// <param name="Reference">The hypervolume reference point (multi-objective problems).</param>
/// <param name="Constraint">The constraint on the value after the objectives, or null.</param>
internal sealed record MultiObjectiveProblem(string Name, SearchSpace Space, int Objectives, Func<ParameterSet, double[]> Evaluate, double[] Reference, Constraint? Constraint = null)
{
    /// <summary>The best feasible value of a constrained single-objective problem, by a dense grid search, or NaN.</summary>
    public double Optimum { get; init; } = double.NaN;
}

/// <summary>ZDT1, ZDT2, DTLZ2, a mixed training trade-off and Gardner's constrained problem.</summary>
internal static class MultiObjectiveProblems
{
    private const double LrLow = -9.2;
    private const double LrHigh = -2.3;

    public static IReadOnlyList<MultiObjectiveProblem> All { get; } =
    [
        new("zdt1", Unit(10), 2, p => Zdt1(Vector(p, 10)), [1.1, 11]),
        new("zdt2", Unit(10), 2, p => Zdt2(Vector(p, 10)), [1.1, 11]),
        new("dtlz2", Unit(7), 3, p => Dtlz2(Vector(p, 7)), [2.5, 2.5, 2.5]),
        new("tradeoff", TradeoffSpace(), 2, p => Tradeoff(p["lr"].AsDouble(), p["layers"].AsInt64(), p["width"].AsInt64(), p["dropout"].AsDouble()), [0.5, 32]),
        new("gardner", new SearchSpace { { "x", Distributions.Uniform(0, 6) }, { "y", Distributions.Uniform(0, 6) } }, 1, p => Gardner(p["x"].AsDouble(), p["y"].AsDouble()), [], new Constraint("c", ConstraintBound.AtMost, 0.5))
        {
            Optimum = GardnerOptimum(),
        },
    ];

    public static MultiObjectiveProblem Get(string name) => All.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"unknown problem {name}; known: {string.Join(", ", All.Select(p => p.Name))}");

    /// <summary>The values at a point given as the Python script's list (tradeoff: lr, layers, width, dropout).</summary>
    public static double[] At(string name, double[] x) => name switch
    {
        "zdt1" => Zdt1(x),
        "zdt2" => Zdt2(x),
        "dtlz2" => Dtlz2(x),
        "tradeoff" => Tradeoff(x[0], (long)x[1], (long)x[2], x[3]),
        "gardner" => Gardner(x[0], x[1]),
        _ => throw new ArgumentException(name),
    };

    private static SearchSpace Unit(int n)
    {
        var space = new SearchSpace();
        for (var i = 0; i < n; i++)
        {
            space.Add($"x{i}", Distributions.Uniform(0, 1));
        }

        return space;
    }

    private static SearchSpace TradeoffSpace() => new()
    {
        { "lr", Distributions.LogUniform(LrLow, LrHigh) },
        { "layers", Distributions.Choice(1, 2, 3, 4) },
        { "width", Distributions.Choice(32, 64, 128, 256) },
        { "dropout", Distributions.Uniform(0, 0.6) },
    };

    private static double[] Vector(ParameterSet p, int n) => [.. Enumerable.Range(0, n).Select(i => p[$"x{i}"].AsDouble())];

    private static double ZdtG(double[] x) => 1 + (9 * x.Skip(1).Sum() / (x.Length - 1));

    private static double[] Zdt1(double[] x)
    {
        var g = ZdtG(x);
        return [x[0], g * (1 - Math.Sqrt(x[0] / g))];
    }

    private static double[] Zdt2(double[] x)
    {
        var g = ZdtG(x);
        return [x[0], g * (1 - Math.Pow(x[0] / g, 2))];
    }

    private static double[] Dtlz2(double[] x)
    {
        var g = x.Skip(2).Sum(v => (v - 0.5) * (v - 0.5));
        var a = x[0] * Math.PI / 2;
        var b = x[1] * Math.PI / 2;
        return [(1 + g) * Math.Cos(a) * Math.Cos(b), (1 + g) * Math.Cos(a) * Math.Sin(b), (1 + g) * Math.Sin(a)];
    }

    /// <summary>
    /// A network's error and latency: capacity = layers × width / 32 lowers the error with diminishing returns and
    /// raises the latency; the error's best learning rate is 1e-3 and its best dropout grows with capacity, so every
    /// point of the front needs its own continuous settings.
    /// </summary>
    private static double[] Tradeoff(double lr, long layers, long width, double dropout)
    {
        var cap = layers * width / 32.0;
        var bestDropout = 0.1 + (0.08 * Math.Log2(cap));
        var error = 0.04 + (0.3 / Math.Sqrt(cap)) + (0.04 * Math.Pow(Math.Log10(lr) + 3, 2)) + (0.5 * Math.Pow(dropout - bestDropout, 2)) + (0.01 * layers);
        return [error, 2 + (0.5 * cap) + (3 * layers)];
    }

    private static double[] Gardner(double x, double y) => [(Math.Cos(2 * x) * Math.Cos(y)) + Math.Sin(x), (Math.Cos(x) * Math.Cos(y)) - (Math.Sin(x) * Math.Sin(y))];

    /// <summary>The feasible minimum: a 3001² grid, then a 401² grid around its best point (accurate to about 1e-9).</summary>
    private static double GardnerOptimum()
    {
        var (best, bx, by) = (double.PositiveInfinity, 0.0, 0.0);
        const int N = 3000;
        for (var i = 0; i <= N; i++)
        {
            for (var j = 0; j <= N; j++)
            {
                var v = Gardner(6.0 * i / N, 6.0 * j / N);
                if (v[1] <= 0.5 && v[0] < best)
                {
                    (best, bx, by) = (v[0], 6.0 * i / N, 6.0 * j / N);
                }
            }
        }

        const int M = 200;
        const double Step = 2 * 6.0 / N / M;
        var (cx, cy) = (bx, by);
        for (var i = -M; i <= M; i++)
        {
            for (var j = -M; j <= M; j++)
            {
                var (x, y) = (Math.Clamp(cx + (i * Step), 0, 6), Math.Clamp(cy + (j * Step), 0, 6));
                var v = Gardner(x, y);
                if (v[1] <= 0.5 && v[0] < best)
                {
                    best = v[0];
                }
            }
        }

        return best;
    }
}
