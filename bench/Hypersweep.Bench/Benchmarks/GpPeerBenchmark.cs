using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hypersweep.Bench.Problems;
using Hypersweep.Sampling;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// The Bayesian sampler beside Optuna 5's GPSampler: simple regret at 30, 50 and 100 trials (median, mean and worst
/// seed) on the problems of bench/problems.json and of bench/edge-problems.json (the same functions with the optimum
/// on a face, in a corner or off the centre), sequential and with 4 concurrent trials on the virtual clock of
/// <see cref="VirtualSweep"/>; the share of trials on a face of the box, beside random sampling's; and the time per
/// suggestion. Optuna 5's regrets are read seed by seed from bench/optuna5/ (see <see cref="Optuna5"/>).
/// </summary>
internal static class GpPeerBenchmark
{
    private static readonly int[] Budgets = [30, 50, 100];
    private const int Trials = 100;

    /// <summary>Regrets below this are numerical zeros (Ackley's f(0) evaluates to 4.4e-16), for both samplers alike.</summary>
    private const double NumericalZero = 1e-12;

    public static void Run(string[] args)
    {
        var seeds = BenchArgs.Int(args, "--seeds", 20);
        var firstSeed = BenchArgs.Int(args, "--first-seed", 1);
        var concurrency = BenchArgs.Int(args, "--concurrency", 4);
        List<BenchmarkProblem> problems = BenchArgs.List(args, "--problems") is { } list ? [.. list.Select(ProblemSet.Get)] : [.. ProblemSet.All, .. ProblemSet.Edge];
        var output = BenchArgs.String(args, "--out") ?? (firstSeed == 1 ? "gp-peer" : $"gp-peer-seeds-{firstSeed}-{firstSeed + seeds - 1}");
        var peer = Optuna5.Load();
        Console.WriteLine($"gp-peer: {problems.Count} problems x seeds {firstSeed}..{firstSeed + seeds - 1}, sequential and {concurrency} concurrent, {Trials} trials, on {MachineInfo.Describe()}");
        var clock = Stopwatch.StartNew();
        var rows = new List<Row>();
        foreach (var problem in problems)
        {
            var row = new Row(
                problem,
                Sweeps(problem, VirtualSweep.Bayesian, 1, firstSeed, seeds),
                concurrency > 1 ? Sweeps(problem, VirtualSweep.Bayesian, concurrency, firstSeed, seeds) : null,
                Sweeps(problem, seed => new RandomSampler(seed), 1, firstSeed, seeds),
                peer.Regrets(problem.Name, firstSeed, seeds));
            rows.Add(row);
            var line = new StringBuilder(FormattableString.Invariant($"  {problem.Name,-24}"));
            foreach (var b in Budgets)
            {
                line.Append(FormattableString.Invariant($" @{b} {Median(row.Ours(b)):G3}/{Median(row.Theirs(b)):G3}"));
            }

            line.Append(FormattableString.Invariant($"; on a face {row.EdgeShare:P1} (random {row.RandomEdgeShare:P1}); {row.MillisecondsPerSuggestion:0.0} ms ({clock.Elapsed.TotalMinutes:0.0} min)"));
            Console.WriteLine(line);
        }

        Write(rows, firstSeed, seeds, concurrency, clock.Elapsed, output, string.Join(' ', ["gp-peer", .. args]));
    }

    private static SweepResult[] Sweeps(BenchmarkProblem problem, Func<int, ISampler> sampler, int concurrency, int firstSeed, int seeds)
    {
        var results = new SweepResult[seeds];
        Parallel.For(0, seeds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var seed = firstSeed + i;
            var timed = new TimedSampler(sampler(seed));
            var trials = VirtualSweep.Run(problem, timed, Trials, concurrency, seed);
            var calls = timed.Calls;
            results[i] = new SweepResult(
                Budgets.ToDictionary(b => b, b => Zeroed(VirtualSweep.Regret(problem, trials, b))),
                trials.Count(t => VirtualSweep.OnEdge(problem.Space, t.Parameters)) / (double)trials.Count,
                calls.Sum(c => c.Milliseconds) / Math.Max(1, calls.Sum(c => c.Count)));
        });
        return results;
    }

    private static double Zeroed(double regret) => regret < NumericalZero ? 0 : regret;

    private static void Write(List<Row> rows, int firstSeed, int seeds, int concurrency, TimeSpan elapsed, string output, string command)
    {
        var json = JsonSerializer.Serialize(new
        {
            date_utc = DateTime.UtcNow,
            machine = MachineInfo.Describe(),
            first_seed = firstSeed,
            seeds,
            trials = Trials,
            concurrency,
            wall_s = Math.Round(elapsed.TotalSeconds, 1),
            results = rows.Select(r => new
            {
                problem = r.Problem.Name,
                sequential = Budgets.ToDictionary(b => b.ToString(CultureInfo.InvariantCulture), r.Ours),
                concurrent_100 = r.Concurrent?.Select(s => s.Regret[Trials]).ToArray(),
                optuna5_gp = r.Peer is null ? null : Budgets.ToDictionary(b => b.ToString(CultureInfo.InvariantCulture), r.Theirs),
                edge_share = r.EdgeShare,
                random_edge_share = r.RandomEdgeShare,
                ms_per_suggestion = r.MillisecondsPerSuggestion,
            }),
        }, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".json"), json);

        var lastSeed = firstSeed + seeds - 1;
        var md = new StringBuilder();
        md.AppendLine(FormattableString.Invariant($"## Bayesian sampling beside Optuna 5's GPSampler, seeds {firstSeed}..{lastSeed}"));
        md.AppendLine();
        md.AppendLine(MachineInfo.RunLine(elapsed, command));
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"Simple regret (best value found - optimum; below {NumericalZero:0e0} counted as 0, a numerical zero) after 30, 50 and 100 trials, seeds {firstSeed}..{lastSeed}, one {Trials}-trial sweep per seed whose first 30 and 50 trials give the smaller budgets, as in the shared protocol. Hypersweep's sweeps run on a virtual clock: the sampler is asked exactly as the scheduler asks it, so the sequential sweeps are the same computation as `Sweep.RunAsync` and reproducible. Optuna 5's figures are `GPSampler(seed=s)` on the same problems and seeds, from `{Optuna5.RelativePath}` and `{Optuna5.EdgeRelativePath}` (bench/optuna5/README.md says how to run it again). \"worst\" is the largest regret over the seeds. **Bold**: ours strictly lower, or both 0."));
        WriteRegretTable(md, "The problems of `bench/problems.json`", rows.Where(r => ProblemSet.All.Contains(r.Problem)).ToList(), firstSeed, lastSeed);
        WriteRegretTable(md, "The problems of `bench/edge-problems.json`: the same functions on boxes whose optimum lies in a corner, on faces, or off the centre (a sampler must still find it there, and must not assume the optimum is central)", rows.Where(r => !ProblemSet.All.Contains(r.Problem)).ToList(), firstSeed, lastSeed);

        md.AppendLine(FormattableString.Invariant($"With {concurrency} concurrent trials (median regret at {Trials} trials, beside Optuna 5 GP's sequential median); the share of all trials of the sequential sweeps with a numeric parameter within 1e-3 of a bound of its unit coordinate (\"on a face\"), beside random sampling's on the same seeds; and the mean time per suggestion:"));
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"| problem | optimum | median @{Trials}, {concurrency} concurrent / Optuna 5 GP sequential | on a face: Bayesian / random | ms per suggestion |"));
        md.AppendLine("|---|---|---|---:|---:|");
        foreach (var r in rows)
        {
            var concurrent = r.Concurrent is { } c ? Median([.. c.Select(s => s.Regret[Trials])]) : double.NaN;
            var theirs = Median(r.Theirs(Trials));
            md.AppendLine(FormattableString.Invariant($"| {r.Problem.Name} | {r.Problem.OptimumPlacement} | {Cell(concurrent, theirs)} | {r.EdgeShare:P1} / {r.RandomEdgeShare:P1} | {r.MillisecondsPerSuggestion:0.0} |"));
        }

        File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".md"), md.ToString());
        Console.WriteLine($"wrote bench/results/{output}.json and .md");
    }

    private static void WriteRegretTable(StringBuilder md, string title, List<Row> rows, int firstSeed, int lastSeed)
    {
        if (rows.Count == 0)
        {
            return;
        }

        md.AppendLine();
        md.AppendLine(title + ":");
        md.AppendLine();
        md.AppendLine("| problem | trials | median: Hypersweep / Optuna 5 GP | mean | worst seed |");
        md.AppendLine("|---|---:|---|---|---|");
        var misses = new List<string>();
        var compared = 0;
        foreach (var r in rows.Where(r => r.Peer is not null))
        {
            foreach (var b in Budgets)
            {
                var (ours, theirs) = (r.Ours(b), r.Theirs(b));
                var cells = new List<string>();
                foreach (var (name, a, z) in new[] { ("median", Median(ours), Median(theirs)), ("mean", ours.Average(), theirs.Average()), ("worst", ours.Max(), theirs.Max()) })
                {
                    cells.Add(Cell(a, z));
                    if (name != "worst")
                    {
                        compared++;
                        if (!Better(a, z))
                        {
                            misses.Add(FormattableString.Invariant($"{r.Problem.Name} @{b} {name} {Num(a)} vs {Num(z)}"));
                        }
                    }
                }

                md.AppendLine(FormattableString.Invariant($"| {r.Problem.Name} | {b} | {string.Join(" | ", cells)} |"));
            }
        }

        md.AppendLine();
        md.AppendLine(misses.Count == 0
            ? FormattableString.Invariant($"Median and mean regret below Optuna 5 GP's at 30, 50 and 100 trials on every problem here, seeds {firstSeed}..{lastSeed}: all {compared} comparisons.")
            : FormattableString.Invariant($"Median and mean regret below Optuna 5 GP's in {compared - misses.Count} of {compared} comparisons, seeds {firstSeed}..{lastSeed}; not below in: {string.Join("; ", misses)}."));
        md.AppendLine();
    }

    private static bool Better(double ours, double theirs) => ours < theirs || (ours == 0 && theirs == 0);

    private static string Cell(double ours, double theirs)
    {
        var text = $"{Num(ours)} / {Num(theirs)}";
        return Better(ours, theirs) ? $"**{text}**" : text;
    }

    private static double Median(double[] values) => SampleEfficiencyBenchmark.Quantiles(values).Median;

    private static string Num(double v) => SampleEfficiencyBenchmark.Num(v);

    private sealed record SweepResult(Dictionary<int, double> Regret, double EdgeShare, double MillisecondsPerSuggestion);

    private sealed record Row(BenchmarkProblem Problem, SweepResult[] Sequential, SweepResult[]? Concurrent, SweepResult[] Random, IReadOnlyDictionary<int, double[]>? Peer)
    {
        public double EdgeShare => Sequential.Average(s => s.EdgeShare);

        public double RandomEdgeShare => Random.Average(s => s.EdgeShare);

        public double MillisecondsPerSuggestion => Sequential.Average(s => s.MillisecondsPerSuggestion);

        public double[] Ours(int budget) => [.. Sequential.Select(s => s.Regret[budget])];

        public double[] Theirs(int budget) => Peer is null ? [double.NaN] : [.. Peer[budget].Select(Zeroed)];
    }
}
