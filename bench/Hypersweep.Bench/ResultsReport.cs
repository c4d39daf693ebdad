using System.Text;

namespace Hypersweep.Bench;

/// <summary>Assembles bench/RESULTS.md from the per-benchmark sections in bench/results/.</summary>
internal static class ResultsReport
{
    private static readonly string[] Order = ["overhead", "pruning", "sample-efficiency", "gp-peer", "conditional", "multi-objective", "real-jobs", "jobs-in-process", "policies-in-process", "stopped-predictions", "concurrency-sim", "suggestion-time", "workers", "dashboard-scale"];

    public static void Write()
    {
        var md = new StringBuilder();
        md.AppendLine("# Hypersweep benchmark results");
        md.AppendLine();
        md.AppendLine("Produced by `dotnet run -c Release --project bench/Hypersweep.Bench -- <benchmark>` (one section per benchmark, each written by its run into `bench/results/`), assembled by `-- report`.");
        md.AppendLine("Optuna figures come from Debian's `python3-optuna` 3.1.0 run with `/usr/bin/python3` on the same machine, with the scripts in `bench/peers/`; `bench/optuna-baseline.json` is the team's earlier baseline run.");
        md.AppendLine();
        var sections = Directory.GetFiles(BenchPaths.Results, "*.md")
            .OrderBy(f => Rank(Path.GetFileNameWithoutExtension(f)))
            .ThenBy(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal);
        foreach (var file in sections)
        {
            md.AppendLine(File.ReadAllText(file).TrimEnd());
            md.AppendLine();
        }

        File.WriteAllText(Path.Combine(BenchPaths.BenchDirectory, "RESULTS.md"), md.ToString());
        Console.WriteLine($"wrote {Path.Combine(BenchPaths.BenchDirectory, "RESULTS.md")}");
    }

    /// <summary>
    /// A section's place: that of its benchmark, which a run written with <c>--out NAME-suffix</c> shares (it follows the
    /// benchmark's own section); sections of no known benchmark come last.
    /// </summary>
    private static int Rank(string section)
    {
        var best = -1;
        for (var i = 0; i < Order.Length; i++)
        {
            if ((section == Order[i] || section.StartsWith(Order[i] + "-", StringComparison.Ordinal)) && (best < 0 || Order[i].Length > Order[best].Length))
            {
                best = i;
            }
        }

        return best < 0 ? int.MaxValue : best;
    }
}
