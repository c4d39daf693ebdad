using System.Runtime.CompilerServices;
using System.Text.Json;
using Hypersweep.Bench.Problems;
using Hypersweep.Space;

namespace Hypersweep.Tests.Sampling.Bayesian;

/// <summary>The benchmark problems of bench/Hypersweep.Bench reproduce bench/problems.json: parameters, optima and test vectors.</summary>
public sealed class BenchmarkProblemsTests
{
    private static JsonElement[] SpecProblems()
    {
        var path = Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "..", "..", "..", "bench", "problems.json"));
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return [.. doc.RootElement.GetProperty("problems").EnumerateArray().Select(e => e.Clone())];
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    [Fact]
    public void Problems_AreTheNineOfProblemsJson_InOrder()
    {
        Assert.Equal(SpecProblems().Select(p => p.GetProperty("name").GetString()), ProblemSet.All.Select(p => p.Name));
    }

    [Fact]
    public void Problems_MatchTheirTestVectorsAndOptima()
    {
        foreach (var spec in SpecProblems())
        {
            var problem = ProblemSet.Get(spec.GetProperty("name").GetString()!);
            Assert.Equal(spec.GetProperty("optimum").GetProperty("value").GetDouble(), problem.Optimum, 14);
            foreach (var vector in spec.GetProperty("test_vectors").EnumerateArray())
            {
                var values = vector.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
                var expected = vector.GetProperty("value").GetDouble();
                var actual = problem.Evaluate(values);
                Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{problem.Name} at {string.Join(", ", values)}: {actual}, expected {expected}");
            }
        }
    }

    [Fact]
    public void Problems_HaveTheParametersOfProblemsJson_AsHyperDriveExpressions()
    {
        foreach (var spec in SpecProblems())
        {
            var problem = ProblemSet.Get(spec.GetProperty("name").GetString()!);
            var parameters = spec.GetProperty("params").EnumerateArray().ToList();
            Assert.Equal(parameters.Count, problem.Space.Count);
            for (var i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                var (name, distribution) = problem.Space[i];
                Assert.Equal(p.GetProperty("name").GetString(), name);
                switch (p.GetProperty("type").GetString())
                {
                    case "uniform":
                        Assert.Equal(Distributions.Uniform(p.GetProperty("low").GetDouble(), p.GetProperty("high").GetDouble()), distribution);
                        break;
                    case "loguniform":
                        // HyperDrive's loguniform bounds are exponents.
                        Assert.Equal(Distributions.LogUniform(Math.Log(p.GetProperty("low").GetDouble()), Math.Log(p.GetProperty("high").GetDouble())), distribution);
                        break;
                    case "quniform":
                        Assert.Equal(Distributions.QUniform(p.GetProperty("low").GetDouble(), p.GetProperty("high").GetDouble(), p.GetProperty("q").GetDouble()), distribution);
                        break;
                    case "choice":
                        Assert.Equal(Distributions.Choice([.. p.GetProperty("choices").EnumerateArray().Select(c => c.GetInt64())]), distribution);
                        break;
                    default:
                        Assert.Fail($"unexpected type in problems.json: {p}");
                        break;
                }
            }
        }
    }

    [Fact]
    public void QuantizedProblem_ReachesExactlyTheGridOfProblemsJson()
    {
        var problem = ProblemSet.Get("quant_hpo");
        var grid = new HashSet<double>();
        for (var k = 0; k <= 1000; k++)
        {
            grid.Add(problem.Space["hidden_units"].FromUnit(k / 1000.0).AsDouble());
        }

        Assert.Equal(Enumerable.Range(1, 32).Select(k => 16.0 * k).ToHashSet(), grid);
    }
}
