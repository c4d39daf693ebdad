using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hypersweep.Bench.Problems;
using Hypersweep.Sampling;
using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// A conditional search space (<see cref="ConditionalProblem"/>): simple regret at 20, 30 and 60 trials of
/// sequential sweeps, seeds 1..10, for Hypersweep's Bayesian, Sobol and random sampling, beside Optuna 3.1's TPE
/// (plain, and multivariate with group=True) and random sampling, run here with bench/peers/conditional.py, and
/// Optuna 5's GPSampler from bench/optuna5/conditional-baseline.json (the same script with OPTUNA_SRC). Also how
/// often each sampler's trials after the 20th were on the optimum's branch (adam with amsgrad), and the time per suggestion.
/// </summary>
internal static class ConditionalBenchmark
{
    private static readonly int[] Budgets = [20, 30, 60];

    public static void Run(string[] args)
    {
        ConditionalProblem.Check();
        var seeds = BenchArgs.Int(args, "--seeds", 10);
        var trials = BenchArgs.Int(args, "--trials", 60);
        var output = BenchArgs.String(args, "--out") ?? "conditional";
        Console.WriteLine($"conditional: seeds 1..{seeds}, {trials} trials, on {MachineInfo.Describe()}");
        var clock = Stopwatch.StartNew();
        var tables = new List<(string Shape, List<Row> Rows)>();
        foreach (var shape in new[] { "quadratic", "v" })
        {
            tables.Add((shape, Rows(shape, seeds, trials, clock)));
        }

        Write(tables, seeds, trials, clock.Elapsed, output, string.Join(' ', ["conditional", .. args]));
    }

    private static List<Row> Rows(string shape, int seeds, int trials, Stopwatch clock)
    {
        var space = ConditionalProblem.Space();
        var vShaped = shape == "v";
        var rows = new List<Row>();
        Console.WriteLine($" {shape}:");
        foreach (var (name, create) in new (string, Func<int, ISampler>)[]
        {
            ("Hypersweep bayesian", VirtualSweep.Bayesian),
            ("Hypersweep random (sobol)", seed => new SobolSampler(seed)),
            ("Hypersweep random", seed => new RandomSampler(seed)),
        })
        {
            var runs = new SweepRun[seeds];
            Parallel.For(0, seeds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => runs[i] = Sweep(space, create(i + 1), trials, vShaped));
            rows.Add(new Row(name, runs));
        }

        if (Peers.Run("conditional.py", "--seeds", seeds.ToString(CultureInfo.InvariantCulture), "--trials", trials.ToString(CultureInfo.InvariantCulture), "--samplers", "tpe,tpe_group,random", "--shape", shape) is { } optuna)
        {
            var version = optuna.GetProperty("optuna_version").GetString();
            rows.AddRange(PeerRows(optuna, $"Optuna {version}", trials));
        }
        else
        {
            Console.WriteLine("  (Optuna 3.1 did not run: install python3-optuna for /usr/bin/python3)");
        }

        var saved = Path.Combine(BenchPaths.BenchDirectory, Optuna5File(shape));
        if (File.Exists(saved))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(saved));
            rows.AddRange(PeerRows(doc.RootElement, "Optuna 5", trials).Select(r => r with { Runs = r.Runs.Take(seeds).ToArray() }));
        }

        foreach (var r in rows)
        {
            Console.WriteLine(FormattableString.Invariant($"  {r.Name,-40} median regret @{trials} {Median(r.Regrets(trials)):G3} ({clock.Elapsed.TotalMinutes:0.0} min)"));
        }

        return rows;
    }

    /// <summary>Optuna 5's saved result for a shape of the problem, relative to bench/.</summary>
    private static string Optuna5File(string shape) => shape == "v" ? "optuna5/conditional-v-baseline.json" : "optuna5/conditional-baseline.json";

    /// <summary>One sequential sweep: the sampler asked for one suggestion at a time, with the whole history.</summary>
    private static SweepRun Sweep(SearchSpace space, ISampler sampler, int trials, bool vShaped)
    {
        var history = new List<TrialRecord>();
        var best = new double[trials];
        var branches = new string[trials];
        var watch = new Stopwatch();
        for (var n = 0; n < trials; n++)
        {
            watch.Start();
            var parameters = sampler.Suggest(space, history, 1).Single();
            watch.Stop();
            var value = ConditionalProblem.Loss(parameters, vShaped);
            history.Add(new TrialRecord { Id = n + 1, SweepId = 1, Number = n, Parameters = parameters, State = TrialState.Completed, CreatedAt = DateTimeOffset.UnixEpoch, Value = value, Intervals = 1 });
            best[n] = Math.Min(value, n == 0 ? double.PositiveInfinity : best[n - 1]);
            branches[n] = ConditionalProblem.Branch(parameters);
        }

        return new SweepRun(best, branches, watch.Elapsed.TotalMilliseconds / trials);
    }

    private static IEnumerable<Row> PeerRows(JsonElement root, string label, int trials)
    {
        foreach (var sampler in root.GetProperty("samplers").EnumerateObject())
        {
            var runs = sampler.Value.EnumerateArray().Select(r => new SweepRun(
                [.. r.GetProperty("best_by_trial").EnumerateArray().Select(v => v.GetDouble())],
                [.. r.GetProperty("branches").EnumerateArray().Select(v => v.GetString()!)],
                r.GetProperty("seconds").GetDouble() * 1000 / trials)).ToArray();
            if (runs.All(r => r.Best.Length >= trials))
            {
                var name = sampler.Name switch { "tpe" => "TPE", "tpe_group" => "TPE (multivariate, group)", "gp" => "GPSampler", _ => sampler.Name };
                yield return new Row($"{label} {name}", runs);
            }
        }
    }

    private static void Write(List<(string Shape, List<Row> Rows)> tables, int seeds, int trials, TimeSpan elapsed, string output, string command)
    {
        var budgets = Budgets.Where(b => b <= trials).Append(trials).Distinct().ToArray();
        File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".json"), JsonSerializer.Serialize(new
        {
            date_utc = DateTime.UtcNow,
            machine = MachineInfo.Describe(),
            seeds,
            trials,
            optimum = ConditionalProblem.Optimum,
            results = tables.SelectMany(t => t.Rows.Select(r => new
            {
                shape = t.Shape,
                sampler = r.Name,
                regret = budgets.ToDictionary(b => b.ToString(CultureInfo.InvariantCulture), r.Regrets),
                optimum_branch_share_after_20 = r.OptimumBranchShare,
                ms_per_suggestion = r.Milliseconds,
            })),
        }, new JsonSerializerOptions { WriteIndented = true }));

        var md = new StringBuilder();
        md.AppendLine("## Conditional search space");
        md.AppendLine();
        md.AppendLine(MachineInfo.RunLine(elapsed, command));
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"A synthetic validation error over an optimizer tree (`bench/peers/conditional.py` states it): `lr` loguniform(1e-4, 1) always; `optimizer` sgd (brings `momentum`, `nesterov`), adam (`beta1`, `beta2`, `amsgrad`; amsgrad true brings `clip`) or rmsprop (`rho`). Each branch has its own best `lr`, sgd's depends on its momentum, and the optimum, 0.035, is two levels down (adam, amsgrad, clip 1); the best sgd and rmsprop trials reach 0.05 and 0.045, the best adam without amsgrad 0.04. Two shapes of the same tree: quadratic valleys (d² in each term: a friendly case for a GP whose prior mean is a quadratic trend) and V-shaped ones (|d|: kinked, which no quadratic fits). Simple regret (best value - 0.035) of sequential sweeps, seeds 1..{seeds}; Hypersweep's Bayesian sampler sees the tree as 9 coordinates with inactive ones at a fixed value (`SpaceEncoding`); Optuna samples define-by-run (TPE with `multivariate=True, group=True` is its advice for conditional spaces; GPSampler models the parameters every trial has, `lr` and `optimizer`, and samples the rest independently). Optuna 3.1 runs here; Optuna 5's GPSampler is read from `bench/optuna5/conditional-baseline.json` and `conditional-v-baseline.json` (the same script with `OPTUNA_SRC`, see bench/optuna5/README.md). \"on the optimum's branch\" is the share of trials after the 20th that were adam with amsgrad (random sampling puts 1/6 of its trials there). **Bold**: the lowest median at {trials} trials."));
        foreach (var (shape, rows) in tables)
        {
            md.AppendLine();
            md.AppendLine(shape == "v" ? "V-shaped valleys (|d|):" : "Quadratic valleys (d²):");
            md.AppendLine();
            md.AppendLine($"| sampler | {string.Join(" | ", budgets.Select(b => $"median @{b}"))} | mean @{trials} | worst @{trials} | on the optimum's branch | ms per suggestion |");
            md.AppendLine($"|---|{string.Concat(budgets.Select(_ => "---:|"))}---:|---:|---:|---:|");
            var bestMedian = rows.Min(r => Median(r.Regrets(trials)));
            foreach (var r in rows)
            {
                var last = r.Regrets(trials);
                var cells = budgets.Select(b => Num(Median(r.Regrets(b)))).ToList();
                if (Median(last) == bestMedian)
                {
                    cells[^1] = $"**{cells[^1]}**";
                }

                md.AppendLine(FormattableString.Invariant($"| {r.Name} | {string.Join(" | ", cells)} | {Num(last.Average())} | {Num(last.Max())} | {r.OptimumBranchShare:P0} | {r.Milliseconds:0.0} |"));
            }
        }

        md.AppendLine();
        File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".md"), md.ToString());
        Console.WriteLine($"wrote bench/results/{output}.json and .md");
    }

    private static double Median(double[] values) => SampleEfficiencyBenchmark.Quantiles(values).Median;

    private static string Num(double v) => SampleEfficiencyBenchmark.Num(v);

    private sealed record SweepRun(double[] Best, string[] Branches, double Milliseconds);

    private sealed record Row(string Name, SweepRun[] Runs)
    {
        public double[] Regrets(int budget) => [.. Runs.Select(r => Math.Max(0, r.Best[budget - 1] - ConditionalProblem.Optimum))];

        public double OptimumBranchShare => Runs.Average(r => r.Branches.Skip(20).Count(b => b == "adam+amsgrad") / (double)Math.Max(1, r.Branches.Length - 20));

        public double Milliseconds => Runs.Average(r => r.Milliseconds);
    }
}
