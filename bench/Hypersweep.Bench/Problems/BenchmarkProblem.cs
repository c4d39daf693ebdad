using Hypersweep.Space;

namespace Hypersweep.Bench.Problems;

/// <summary>
/// One benchmark problem of bench/problems.json (minimized): its parameters as problems.json states them, the
/// Hypersweep search space they become, the objective and the known optimum.
/// </summary>
public sealed class BenchmarkProblem
{
    /// <summary>Creates a problem.</summary>
    public BenchmarkProblem(string name, IReadOnlyList<ProblemParameter> parameters, Func<Func<string, double>, double> function, double optimum)
    {
        Name = name;
        Parameters = parameters;
        Function = function;
        Optimum = optimum;
        Space = new SearchSpace(parameters.Select(p => new KeyValuePair<string, Distribution>(p.Name, p.ToDistribution())));
    }

    /// <summary>The problem's name in problems.json.</summary>
    public string Name { get; }

    /// <summary>The parameters, in the canonical order.</summary>
    public IReadOnlyList<ProblemParameter> Parameters { get; }

    /// <summary>The Hypersweep search space.</summary>
    public SearchSpace Space { get; }

    /// <summary>The objective of named parameter values.</summary>
    public Func<Func<string, double>, double> Function { get; }

    /// <summary>The optimum value (for simple regret).</summary>
    public double Optimum { get; }

    /// <summary>Where the optimum lies in the box: "inside", or for an edge problem what bench/edge-problems.json says.</summary>
    public string OptimumPlacement { get; init; } = "inside";

    /// <summary>The number of parameters.</summary>
    public int Dimensions => Parameters.Count;

    /// <summary>The objective at a trial's parameters.</summary>
    public double Evaluate(ParameterSet parameters) => Function(name => parameters[name].AsDouble());

    /// <summary>The objective at named values.</summary>
    public double Evaluate(IReadOnlyDictionary<string, double> values) => Function(name => values[name]);
}

/// <summary>A parameter as problems.json states it: type uniform, loguniform (real bounds), choice or quniform (Optuna's step grid).</summary>
public sealed record ProblemParameter(string Name, string Type, double Low = 0, double High = 0, double Q = 0, double[]? Choices = null)
{
    /// <summary>
    /// The Hypersweep distribution: loguniform(low, high) becomes loguniform(ln low, ln high) (HyperDrive bounds are
    /// exponents); quniform(low, high, q) keeps its bounds (round(uniform/q)*q reaches the same grid when low is a multiple of q).
    /// </summary>
    public Distribution ToDistribution() => Type switch
    {
        "uniform" => Distributions.Uniform(Low, High),
        "loguniform" => Distributions.LogUniform(Math.Log(Low), Math.Log(High)),
        "quniform" => Distributions.QUniform(Low, High, Q),
        "choice" => Distributions.Choice([.. Choices!.Select(c => (long)c)]),
        _ => throw new ArgumentException($"unknown parameter type {Type}"),
    };
}
