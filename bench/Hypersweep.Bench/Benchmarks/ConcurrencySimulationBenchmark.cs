using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hypersweep.Bench.Problems;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// The cost of concurrency to the Bayesian sampler, measured without thread timing: the sampler is asked exactly as
/// the scheduler asks it (a batch for the free slots at the start, then one suggestion per finished trial with the
/// others pending), but trial lengths are drawn from the seed (5-35 units, as in sample-efficiency) on a virtual
/// clock, so every run is reproducible. Many seeds (200 by default) separate the effect of concurrency from the
/// spread between seeds, which at 20 seeds is as large as the effect; 40 seeds cannot tell a 20% difference apart.
/// </summary>
internal static class ConcurrencySimulationBenchmark
{
    private const int Trials = 100;

    public static void Run(string[] args)
    {
        var seeds = args.Contains("--quick") ? 6 : BenchArgs.Int(args, "--seeds", 200);
        var concurrency = BenchArgs.Int(args, "--concurrency", 4);
        List<BenchmarkProblem> problems = BenchArgs.List(args, "--problems") is { } list ? [.. list.Select(ProblemSet.Get)] : [.. ProblemSet.All];
        Console.WriteLine($"concurrency-sim: {problems.Count} problems x seeds 1..{seeds}, sequential and {concurrency} concurrent, {Trials} trials, on {MachineInfo.Describe()}");
        var clock = Stopwatch.StartNew();
        var rows = new List<Row>();
        foreach (var problem in problems)
        {
            var sequential = Regrets(problem, 1, seeds);
            var concurrent = Regrets(problem, concurrency, seeds);
            rows.Add(new Row(problem.Name, sequential, concurrent));
            Console.WriteLine(FormattableString.Invariant($"  {problem.Name,-17} x1 {Median(sequential):G4}  x{concurrency} {Median(concurrent):G4}  ({clock.Elapsed.TotalMinutes:0.0} min)"));
        }

        Write(rows, seeds, concurrency, clock.Elapsed, BenchArgs.String(args, "--out") ?? "concurrency-sim", string.Join(' ', ["concurrency-sim", .. args]));
    }

    /// <summary>Simple regret after <see cref="Trials"/> trials, by seed (1..seeds).</summary>
    private static double[] Regrets(BenchmarkProblem problem, int concurrency, int seeds)
    {
        var regrets = new double[seeds];
        Parallel.For(0, seeds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => regrets[i] = Simulate(problem, concurrency, i + 1));
        return regrets;
    }

    private static double Simulate(BenchmarkProblem problem, int concurrency, int seed) =>
        VirtualSweep.Regret(problem, VirtualSweep.Run(problem, VirtualSweep.Bayesian(seed), Trials, concurrency, seed), Trials);

    private static void Write(List<Row> rows, int seeds, int concurrency, TimeSpan elapsed, string output, string command)
    {
        var json = JsonSerializer.Serialize(new
        {
            date_utc = DateTime.UtcNow,
            machine = MachineInfo.Describe(),
            seeds,
            trials = Trials,
            concurrency,
            wall_s = Math.Round(elapsed.TotalSeconds, 1),
            results = rows.Select(r => new { problem = r.Problem, sequential_regrets_by_seed = r.Sequential, concurrent_regrets_by_seed = r.Concurrent }),
        }, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".json"), json);

        var half = seeds / 2;
        var md = new StringBuilder();
        md.AppendLine(FormattableString.Invariant($"## Concurrency on a virtual clock, {seeds} seeds: what {concurrency} concurrent trials cost the Bayesian sampler"));
        md.AppendLine();
        md.AppendLine(MachineInfo.RunLine(elapsed, command));
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"The sample-efficiency runs with 4 concurrent trials depend on thread timing, and 20 seeds leave medians that move by tens of percent from one run to the next. Here the Bayesian sampler is asked exactly as the scheduler asks it ({concurrency} suggestions at the start, then one for each finished trial while the other {concurrency - 1} are pending), but each trial lasts 5-35 units of a virtual clock drawn from its seed and number, so every figure is reproducible; seeds 1..{seeds}, {Trials} trials. The sequential column is the same computation as the sample-efficiency benchmark's sequential sweeps (identical regrets for seeds 1..20). Ratio = median regret with {concurrency} concurrent / sequential, with its 90% interval from a paired bootstrap over the seeds (2000 resamples); the last two columns are that ratio on seeds 1..{half} and {half + 1}..{seeds} alone, to show how far {half} seeds move it."));
        md.AppendLine();
        md.AppendLine($"| problem | sequential: median [25%, 75%] | {concurrency} concurrent: median [25%, 75%] | ratio [90% interval] | mean log10 regret (seq / x{concurrency}) | ratio, seeds 1..{half} | ratio, seeds {half + 1}..{seeds} |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            md.AppendLine(FormattableString.Invariant(
                $"| {r.Problem} | {Quartiles(r.Sequential)} | {Quartiles(r.Concurrent)} | {Ratio(r.Concurrent, r.Sequential)}{BootstrapInterval(r.Concurrent, r.Sequential)} | {MeanLog(r.Sequential):0.00} / {MeanLog(r.Concurrent):0.00} | {Ratio(r.Concurrent[..half], r.Sequential[..half])} | {Ratio(r.Concurrent[half..], r.Sequential[half..])} |"));
        }

        var within = rows.Where(r => Median(r.Concurrent) <= 1.2 * Median(r.Sequential)).Select(r => r.Problem).ToList();
        var converged = rows.Where(r => !within.Contains(r.Problem) && Math.Max(Median(r.Concurrent), Median(r.Sequential)) < 1e-3).Select(r => r.Problem).ToList();
        var outside = rows.Where(r => !within.Contains(r.Problem) && !converged.Contains(r.Problem)).Select(r => r.Problem).ToList();
        md.AppendLine();
        md.AppendLine($"Within 20% of sequential: {within.Count} of {rows.Count} ({string.Join(", ", within)}). Both medians below 1e-3, where the ratio compares the last digits of the convergence: {(converged.Count == 0 ? "none" : string.Join(", ", converged))}. Beyond 20% otherwise: {(outside.Count == 0 ? "none" : string.Join(", ", outside))}.");
        File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".md"), md.ToString());
        Console.WriteLine($"wrote bench/results/{output}.json and .md");
    }

    private static string Quartiles(double[] values)
    {
        var (q25, median, q75) = SampleEfficiencyBenchmark.Quantiles(values);
        return $"{SampleEfficiencyBenchmark.Num(median)} [{SampleEfficiencyBenchmark.Num(q25)}, {SampleEfficiencyBenchmark.Num(q75)}]";
    }

    private static double Median(double[] values) => SampleEfficiencyBenchmark.Quantiles(values).Median;

    private static string Ratio(double[] concurrent, double[] sequential) =>
        Median(sequential) > 0 ? (Median(concurrent) / Median(sequential)).ToString("0.00", CultureInfo.InvariantCulture) : Median(concurrent) > 0 ? "-" : "1.00";

    /// <summary>
    /// " [5th, 95th percentile]" of the median ratio over seeds resampled with replacement, each seed's sequential and
    /// concurrent regret kept together; empty when the sequential median is 0 in some resamples.
    /// </summary>
    private static string BootstrapInterval(double[] concurrent, double[] sequential)
    {
        const int Resamples = 2000;
        var random = new Random(1);
        var ratios = new double[Resamples];
        var c = new double[concurrent.Length];
        var s = new double[sequential.Length];
        for (var b = 0; b < Resamples; b++)
        {
            for (var i = 0; i < c.Length; i++)
            {
                var k = random.Next(c.Length);
                c[i] = concurrent[k];
                s[i] = sequential[k];
            }

            var sequentialMedian = Median(s);
            if (sequentialMedian <= 0)
            {
                return "";
            }

            ratios[b] = Median(c) / sequentialMedian;
        }

        Array.Sort(ratios);
        return FormattableString.Invariant($" [{ratios[(int)(0.05 * Resamples)]:0.00}, {ratios[(int)(0.95 * Resamples) - 1]:0.00}]");
    }

    /// <summary>The mean of log10(regret + 1e-12): a summary the few lucky or unlucky seeds move less than the median.</summary>
    private static double MeanLog(double[] values) => values.Average(v => Math.Log10(v + 1e-12));

    private sealed record Row(string Problem, double[] Sequential, double[] Concurrent);
}
