using System.Text;

namespace Hypersweep.Bench;

/// <summary>Assembles bench/RESULTS.md from the per-benchmark sections in bench/results/.</summary>
internal static class ResultsReport
{
    private static readonly string[] Order = ["overhead", "pruning", "sample-efficiency", "concurrency-sim", "concurrency-sim-200", "suggestion-time", "workers"];

    public static void Write()
    {
        var md = new StringBuilder();
        md.AppendLine("# Hypersweep benchmark results");
        md.AppendLine();
        md.AppendLine("Produced by `dotnet run -c Release --project bench/Hypersweep.Bench -- <benchmark>` (one section per benchmark, each written by its run into `bench/results/`), assembled by `-- report`.");
        md.AppendLine("Optuna figures come from Debian's `python3-optuna` 3.1.0 run with `/usr/bin/python3` on the same machine, with the scripts in `bench/peers/`; `bench/optuna-baseline.json` is the team's earlier baseline run.");
        md.AppendLine();
        var sections = Directory.GetFiles(BenchPaths.Results, "*.md")
            .OrderBy(f => Array.IndexOf(Order, Path.GetFileNameWithoutExtension(f)) is var i && i < 0 ? int.MaxValue : i)
            .ThenBy(f => f, StringComparer.Ordinal);
        foreach (var file in sections)
        {
            md.AppendLine(File.ReadAllText(file).TrimEnd());
            md.AppendLine();
        }

        File.WriteAllText(Path.Combine(BenchPaths.BenchDirectory, "RESULTS.md"), md.ToString());
        Console.WriteLine($"wrote {Path.Combine(BenchPaths.BenchDirectory, "RESULTS.md")}");
    }
}
