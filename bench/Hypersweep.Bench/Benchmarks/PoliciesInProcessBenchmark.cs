using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Sweeps;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// Early termination on the real learning-curve job (mlp_digits) one trial at a time, as Optuna's runs in
/// bench/peers/real_jobs.py are: each seed's sweep goes through the real scheduler, policy and SQLite store in process,
/// and each trial reports the validation error after each epoch of the job's evaluate function (trained once and cached,
/// as in <see cref="JobsInProcessBenchmark"/>) until the policy stops it. Sequential and deterministic, so a policy or
/// sampler change is measured over 30 seeds in minutes once the cache holds the trials, where `real-jobs` (two trials
/// at a time through the command) takes about 25 minutes per policy for 15 seeds and moves with the order in which
/// trials finish. Reported as `real-jobs` reports it: epochs run / (trials x epochs), and the best error after the last
/// epoch among the trials that ran all epochs; beside Optuna's sampler + MedianPruner runs on the same seeds. Since every
/// trial's whole curve is known (cached), each run also says what its best would have been had no trial been stopped,
/// which splits a policy's result into what its stops cost and how good the trials its sampler suggested were.
/// </summary>
internal static class PoliciesInProcessBenchmark
{
    /// <summary>Optuna TPE + MedianPruner on mlp_digits, seeds 1..300, in bench/results.</summary>
    private static readonly string[] DefaultPeers = ["real-jobs-optuna.json", "real-jobs-optuna-tpe-mlp-pruner-seeds-6-15.json", "real-jobs-optuna-tpe-mlp-pruner-seeds-16-30.json", "real-jobs-optuna-tpe-mlp-pruner-seeds-31-60.json", "real-jobs-optuna-tpe-mlp-pruner-seeds-61-120.json", "real-jobs-optuna-tpe-mlp-pruner-seeds-121-240.json", "real-jobs-optuna-tpe-mlp-pruner-seeds-241-300.json"];

    public static async Task RunAsync(string[] args)
    {
        var seeds = BenchArgs.Int(args, "--seeds", 30);
        var firstSeed = BenchArgs.Int(args, "--first-seed", 1);
        var trials = BenchArgs.Int(args, "--trials", 40);
        var policies = BenchArgs.Choices(args, "--policies", ["none", .. RealJobsBenchmark.Policies.Keys], ["none", "curve_prediction", "median_stopping"]);
        var peerFiles = BenchArgs.Files(args, "--peers", DefaultPeers.Select(f => Path.Combine(BenchPaths.Results, f)));
        var output = BenchArgs.String(args, "--out");

        // Optuna's pruned trials' whole curves only from the cache, not trained: a peer file of new seeds would
        // otherwise train every one of its trials (about an hour for 120 seeds).
        var peerEndsCached = args.Contains("--peer-ends-cached");
        var workload = RealJobsBenchmark.CurveWorkload;
        var template = SweepFile.Load(Path.Combine(BenchPaths.Workloads, workload, "sweep.yml"));
        var metric = template.Objective.PrimaryMetric;
        Console.WriteLine($"policies-in-process: {workload}, {trials} trials x seeds {firstSeed}..{firstSeed + seeds - 1}, one at a time, policies {string.Join(",", policies)}, on {MachineInfo.Describe()}");

        using var evaluator = new CachedEvaluator(workload);
        var dir = BenchPaths.Scratch("policies-in-process");
        await using var store = SqliteSweepStore.Open(Path.Combine(dir, "hypersweep.db"));
        var clock = Stopwatch.StartNew();
        var rows = new List<Row>();
        foreach (var policy in policies)
        {
            var runs = new List<SeedRun>();
            for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
            {
                var spec = template with
                {
                    Name = $"{workload}-{policy}-{seed}",
                    Sampling = new SamplingSpec(SamplingAlgorithm.Bayesian, seed),
                    Limits = template.Limits with { MaxTotalTrials = trials, MaxConcurrentTrials = 1 },
                    EarlyTermination = policy == "none" ? null : RealJobsBenchmark.Policies[policy],
                };
                runs.Add(await RunOneAsync(spec, seed, store, evaluator, metric, trials));
            }

            rows.Add(new Row($"Hypersweep bayesian + {policy}", runs));
            Console.WriteLine(Describe(rows[^1]) + FormattableString.Invariant($"  ({clock.Elapsed.TotalSeconds:0} s, {evaluator.Trained} trained)"));
        }

        var check = new PeerCheck();
        var peerRuns = PeerRunsByFile(peerFiles, template, workload, firstSeed, seeds);
        foreach (var peer in PeerRows(peerRuns.SelectMany(p => p.Runs), evaluator, check, peerEndsCached))
        {
            rows.Add(peer);
            Console.WriteLine(Describe(peer));
        }

        Console.WriteLine(check.Describe());

        if (output is not null)
        {
            // The Peers line names only the files that hold a seed of this run.
            Write(output, args, rows, firstSeed, seeds, trials, peerRuns.Where(p => p.Runs.Count > 0).Select(p => p.File), check, peerEndsCached);
        }
    }

    /// <summary>One sequential sweep; a trial that ran every epoch counts with its value after the last one.</summary>
    private static async Task<SeedRun> RunOneAsync(SweepSpec spec, int seed, ISweepStore store, CachedEvaluator evaluator, string metric, int trials)
    {
        var epochs = new int[trials];
        var finals = new double?[trials];
        var ends = new double[trials];
        await new Sweep(spec) { Store = store }.RunAsync(async (trial, _) =>
        {
            var values = evaluator.Evaluate(trial.Parameters);
            ends[trial.Number] = values[^1];
            for (var t = 1; t <= values.Count; t++)
            {
                epochs[trial.Number] = t;
                var stop = await trial.ReportAsync(metric, values[t - 1], t);
                if (t == values.Count)
                {
                    finals[trial.Number] = values[^1];
                }
                else if (stop)
                {
                    return;
                }
            }
        });
        return new SeedRun(
            seed,
            epochs.Sum() / (double)(trials * RealJobsBenchmark.CurveEpochs),
            finals.Where(f => f is not null).Min(f => f!.Value),
            finals.Count(f => f is not null),
            ends.Min());
    }

    /// <summary>The sampler + MedianPruner runs on the seeds asked for in each of bench/peers/real_jobs.py's JSON files, in the files' order (a missing file has none).</summary>
    private static List<(string File, List<RealJobsBenchmark.Run> Runs)> PeerRunsByFile(IEnumerable<string> files, SweepSpec template, string workload, int firstSeed, int seeds)
    {
        var specs = new Dictionary<string, SweepSpec> { [workload] = template };
        return [.. files.Select(f => (f, RealJobsBenchmark.PeerRuns([f], specs).Where(r => r.Policy != "none" && r.Seed >= firstSeed && r.Seed < firstSeed + seeds).ToList()))];
    }

    /// <summary>
    /// A row per peer tool, sampler and policy (a later file's run of a seed replaces an earlier one's); their pruned
    /// trials' whole curves come from <paramref name="evaluator"/>, the same evaluate function (trained once and cached),
    /// compared in <paramref name="check"/> with the values Optuna recorded for its completed trials.
    /// </summary>
    private static IEnumerable<Row> PeerRows(IEnumerable<RealJobsBenchmark.Run> runs, CachedEvaluator evaluator, PeerCheck check, bool cachedOnly)
    {
        return runs
            .GroupBy(r => (r.Tool, r.Sampler, r.Policy))
            .Select(g => new Row(
                $"{g.Key.Tool} {g.Key.Sampler} + {g.Key.Policy}",
                [.. g.GroupBy(r => r.Seed).OrderBy(s => s.Key).Select(s => s.Last()).Select(r => new SeedRun(r.Seed, r.EpochShare, r.Best, r.Trials.Count(t => t.Final is not null), r.Trials.Min(t => EndOf(t, evaluator, check, cachedOnly))))]));
    }

    /// <summary>The error after the last epoch of a peer's trial had it run every epoch (NaN when <paramref name="cachedOnly"/> and not cached).</summary>
    private static double EndOf(RealJobsBenchmark.TrialResult trial, CachedEvaluator evaluator, PeerCheck check, bool cachedOnly)
    {
        if ((cachedOnly ? evaluator.Cached(trial.Parameters) : evaluator.Evaluate(trial.Parameters)) is not [.., var end])
        {
            return double.NaN;
        }

        if (trial.Final is { } recorded)
        {
            check.Compare(recorded, end);
        }

        return end;
    }

    private static string Describe(Row row) => FormattableString.Invariant(
        $"  {row.Name,-40} epochs {row.Runs.Average(r => r.EpochShare):0.000}  best median {Median(row.Runs.Select(r => r.Best)):G4} (mean {row.Runs.Average(r => r.Best):G4})  completed {row.Runs.Average(r => r.Completed):0.0}  with no trial stopped {Median(row.Runs.Select(r => r.BestRunToEnd)):G4} (mean {row.Runs.Average(r => r.BestRunToEnd):G4})  ({row.Runs.Count} seeds)");

    private static void Write(string output, string[] args, List<Row> rows, int firstSeed, int seeds, int trials, IEnumerable<string> peerFiles, PeerCheck check, bool peerEndsCached)
    {
        var md = new StringBuilder();
        md.AppendLine(FormattableString.Invariant($"## Early termination on the real learning-curve job, one trial at a time, seeds {firstSeed}..{firstSeed + seeds - 1}"));
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"Run {DateTime.UtcNow:yyyy-MM-dd} on {MachineInfo.Describe()}. `dotnet run -c Release --project bench/Hypersweep.Bench -- policies-in-process {string.Join(' ', args)}`. Peers: {string.Join(", ", peerFiles.Where(File.Exists).Select(f => $"`{Path.GetRelativePath(Path.Combine(BenchPaths.BenchDirectory, ".."), Path.GetFullPath(f))}`"))} (`bench/peers/real_jobs.py`, Optuna's sampler with `MedianPruner(n_startup_trials=5, n_warmup_steps=5)`, one trial at a time)."));
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"`{RealJobsBenchmark.CurveWorkload}`, {trials} trials a sweep, one at a time (as Optuna's runs): each Hypersweep sweep goes through the real scheduler, policy and SQLite store in process, its trials reporting the validation error after each of {RealJobsBenchmark.CurveEpochs} epochs of the job's own evaluate function (trained once per configuration and cached) until the policy stops them; deterministic for a seed on one machine (scikit-learn trains a few configurations differently from one machine to another, as the check of Optuna's values below shows, and a sweep that meets one goes on differently from there). **epochs** = epochs run / ({trials} x {RealJobsBenchmark.CurveEpochs}), mean over seeds; **best** = the best error after the last epoch among the trials that ran every epoch; **with no trial stopped** = the best error after the last epoch among all the run's trials, had each run every epoch (their whole curves are known): the quality of the trials its sampler suggested, and the difference to **best** what the policy's stops cost (mean over seeds; for Optuna, its pruned trials evaluated by the same cached function{(peerEndsCached ? ", only those already in its cache (`--peer-ends-cached`; NaN for a seed with any other)" : string.Empty)}: {check.Describe()}). Policies as in `real-jobs`: {string.Join("; ", RealJobsBenchmark.Policies.Select(p => $"`{p.Key}` = `{p.Value}`"))}. Seed by seed: better / tied / worse best than Optuna TPE + MedianPruner's on the same seed (the peer issue 13's target 4 names)."));
        md.AppendLine();
        md.AppendLine("| sampler + policy | epochs | best: median (mean) | completed trials | with no trial stopped: median (mean) | cost of the stops | by seed | seed by seed against TPE + MedianPruner |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|---|");
        var reference = (rows.FirstOrDefault(r => r.Name.EndsWith("tpe + median", StringComparison.Ordinal)) ?? rows[^1]).Runs.ToDictionary(r => r.Seed, r => r.Best);
        foreach (var row in rows)
        {
            var paired = row.Runs.Where(r => reference.ContainsKey(r.Seed)).Select(r => Math.Sign(reference[r.Seed] - r.Best)).ToList();
            md.AppendLine(FormattableString.Invariant($"| {row.Name} | {row.Runs.Average(r => r.EpochShare):0.000} | {Median(row.Runs.Select(r => r.Best)):G4} ({row.Runs.Average(r => r.Best):G4}) | {row.Runs.Average(r => r.Completed):0.0} | {Median(row.Runs.Select(r => r.BestRunToEnd)):G4} ({row.Runs.Average(r => r.BestRunToEnd):G4}) | {row.Runs.Average(r => r.Best - r.BestRunToEnd):0.00000} | {string.Join(", ", row.Runs.Select(r => r.Best.ToString("G4", CultureInfo.InvariantCulture)))} | {paired.Count(s => s > 0)} / {paired.Count(s => s == 0)} / {paired.Count(s => s < 0)} |"));
        }

        File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".md"), md.ToString());
        Console.WriteLine($"wrote bench/results/{output}.md");
    }

    private static double Median(IEnumerable<double> values) => SampleEfficiencyBenchmark.Quantiles(values).Median;

    /// <summary>How the cached evaluate function's errors after the last epoch compare with those Optuna recorded for the same trials.</summary>
    private sealed class PeerCheck
    {
        private readonly List<(double Recorded, double Evaluated)> _different = [];
        private int _same;

        public void Compare(double recorded, double evaluated)
        {
            if (Math.Abs(recorded - evaluated) < 1e-9)
            {
                _same++;
            }
            else
            {
                _different.Add((recorded, evaluated));
            }
        }

        public string Describe() => FormattableString.Invariant(
            $"of the {_same + _different.Count} values Optuna recorded for completed trials, the cached function gives {_same} exactly{(_different.Count == 0 ? string.Empty : $" and differs on {_different.Count} ({string.Join("; ", _different.Select(d => $"{d.Recorded:G4} recorded, {d.Evaluated:G4} evaluated"))})")}");
    }

    /// <summary>One seed's run; <paramref name="BestRunToEnd"/> is its best had no trial been stopped.</summary>
    private sealed record SeedRun(int Seed, double EpochShare, double Best, int Completed, double BestRunToEnd);

    private sealed record Row(string Name, List<SeedRun> Runs);
}
