using System.Diagnostics;
using System.Text.Json;
using Hypersweep.Space;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>A workload's evaluate function behind a cache of earlier evaluations (one JSON line per trial).</summary>
internal sealed class CachedEvaluator : IDisposable
{
    private readonly Dictionary<string, List<double>> _cache = [];
    private readonly string _cacheFile;
    private Process? _server;

    public CachedEvaluator(string workload)
    {
        Workload = workload;
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "hypersweep-bench", "jobs-in-process-cache")).FullName;
        _cacheFile = Path.Combine(folder, workload + ".jsonl");
        if (File.Exists(_cacheFile))
        {
            // Lines are skipped when torn (two runs appending at once); the trial is then trained again.
            foreach (var line in File.ReadLines(_cacheFile))
            {
                try
                {
                    using var entry = JsonDocument.Parse(line);
                    _cache[entry.RootElement.GetProperty("parameters").GetString()!] = [.. entry.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble())];
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                }
            }
        }
    }

    public string Workload { get; }

    /// <summary>How many evaluations were not in the cache.</summary>
    public int Trained { get; private set; }

    /// <summary>The values of an earlier evaluation, or null when <paramref name="parameters"/> were never evaluated.</summary>
    public List<double>? Cached(ParameterSet parameters) => _cache.GetValueOrDefault(parameters.ToJson());

    public List<double> Evaluate(ParameterSet parameters)
    {
        var key = parameters.ToJson();
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        _server ??= StartServer();
        _server.StandardInput.WriteLine(key);
        _server.StandardInput.Flush();
        var reply = _server.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"evaluate_server.py {Workload} ended");
        using var doc = JsonDocument.Parse(reply);
        var values = doc.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
        _cache[key] = values;
        File.AppendAllText(_cacheFile, JsonSerializer.Serialize(new { parameters = key, values }) + "\n");
        Trained++;
        return values;
    }

    public void Dispose()
    {
        if (_server is { } server)
        {
            server.StandardInput.Close();
            server.WaitForExit();
            server.Dispose();
        }
    }

    private Process StartServer()
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(BenchPaths.Peers, "evaluate_server.py"));
        info.ArgumentList.Add(Workload);
        return Process.Start(info)!;
    }
}
