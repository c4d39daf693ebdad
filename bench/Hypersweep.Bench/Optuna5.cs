using System.Text.Json;

namespace Hypersweep.Bench;

/// <summary>
/// Optuna 5's GPSampler on the benchmark problems, seed by seed: bench/optuna5/optuna5-gp-baseline.json
/// (bench/problems.json) and bench/optuna5/edge-problems-baseline.json (bench/edge-problems.json), measured with
/// bench/optuna5/sample_efficiency5.py and bench/peers/edge_problems.py (bench/optuna5/README.md).
/// </summary>
internal sealed class Optuna5
{
    /// <summary>The saved result on bench/problems.json, relative to the repository.</summary>
    public const string RelativePath = "bench/optuna5/optuna5-gp-baseline.json";

    /// <summary>The saved result on bench/edge-problems.json, relative to the repository.</summary>
    public const string EdgeRelativePath = "bench/optuna5/edge-problems-baseline.json";

    private readonly Dictionary<(string Problem, int Budget), double[]> _regrets;

    private Optuna5(Dictionary<(string, int), double[]> regrets) => _regrets = regrets;

    /// <summary>Reads GPSampler's results (sampler "gp") from both files.</summary>
    public static Optuna5 Load()
    {
        var regrets = new Dictionary<(string, int), double[]>();
        foreach (var path in new[] { RelativePath, EdgeRelativePath })
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(BenchPaths.BenchDirectory, "..", path)));
            foreach (var r in doc.RootElement.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("sampler").GetString() == "gp"))
            {
                regrets[(r.GetProperty("problem").GetString()!, r.GetProperty("budget").GetInt32())] =
                    [.. r.GetProperty("regrets_by_seed").EnumerateArray().Select(e => e.GetDouble())];
            }
        }

        return new Optuna5(regrets);
    }

    /// <summary>
    /// GPSampler's regrets on a problem by budget, for seeds <paramref name="firstSeed"/> onwards (the files list seeds
    /// 1..N in order), or null when they do not hold every one of those seeds.
    /// </summary>
    public IReadOnlyDictionary<int, double[]>? Regrets(string problem, int firstSeed, int seeds)
    {
        var result = new Dictionary<int, double[]>();
        foreach (var ((name, budget), regrets) in _regrets)
        {
            if (name == problem && regrets.Length >= firstSeed - 1 + seeds)
            {
                result[budget] = regrets[(firstSeed - 1)..(firstSeed - 1 + seeds)];
            }
        }

        return result.Count == 0 ? null : result;
    }
}
