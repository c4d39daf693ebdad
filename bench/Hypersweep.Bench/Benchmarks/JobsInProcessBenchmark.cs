using System.Diagnostics;
using System.Globalization;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.SweepFiles;
using Hypersweep.Trials;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// A quick check of a sampler change on the real workloads before the real-jobs run through the command: the
/// workloads' own evaluate functions (bench/peers/evaluate_server.py keeps one loaded per workload), the sampler asked
/// in process one trial at a time as the scheduler asks it with one slot, each trial's value its best reported value
/// as the command records it. Trials are deterministic given their parameters, so evaluations are cached (in the
/// scratch folder) and a rerun only trains the trials that changed. Prints each workload's median best beside Optuna's
/// from the real-jobs peers file (or those given by <c>--peers a.json,b.json</c>); <c>--samplers bayesian,random</c> runs random sampling too; with <c>--out NAME</c> it writes its table to bench/results/NAME.md (the head-to-head numbers of record still come from <c>real-jobs</c>, through the command).
/// </summary>
internal static class JobsInProcessBenchmark
{
    public static void Run(string[] args)
    {
        var seeds = BenchArgs.Int(args, "--seeds", 5);
        var firstSeed = BenchArgs.Int(args, "--first-seed", 1);
        var trials = BenchArgs.Int(args, "--trials", 40);
        var workloads = BenchArgs.List(args, "--workloads") ?? [.. Directory.GetDirectories(BenchPaths.Workloads).Where(d => File.Exists(Path.Combine(d, "sweep.yml"))).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];
        var peerFiles = BenchArgs.Files(args, "--peers", [Path.Combine(BenchPaths.Results, "real-jobs-optuna.json")]);
        var specs = workloads.ToDictionary(w => w, w => SweepFile.Load(Path.Combine(BenchPaths.Workloads, w, "sweep.yml")));
        var peers = Peers(peerFiles, specs);
        var output = BenchArgs.String(args, "--out");
        var algorithms = (BenchArgs.List(args, "--samplers") ?? ["bayesian"]).Select(ParseAlgorithm).ToList();
        var rows = new List<string>();
        var boundRows = args.Contains("--bounds") ? new List<string>() : null;
        var clock = Stopwatch.StartNew();
        foreach (var (workload, spec) in specs)
        {
            using var evaluator = new CachedEvaluator(workload);

            // The peers' bests on the same seeds, by sampler.
            var peerBests = peers.GetValueOrDefault(workload, []).OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => (Sampler: p.Key, Bests: p.Value.Where(b => b.Key >= firstSeed && b.Key < firstSeed + seeds).Select(b => b.Value).ToList()))
                .Where(p => p.Bests.Count > 0).ToList();
            var peerCells = peerBests.Select(p => FormattableString.Invariant($"{p.Sampler} {Median(p.Bests):G4} (mean {p.Bests.Average():G4}, {p.Bests.Count})"));
            var peerLine = string.Concat(peerBests.Select(p => FormattableString.Invariant($" | {p.Sampler} {Median(p.Bests):G5} (mean {p.Bests.Average():G4}, {p.Bests.Count} seeds)")));
            foreach (var algorithm in algorithms)
            {
                var name = algorithm.ToString().ToLowerInvariant();
                var (bests, edge, bestTrials) = RunSeeds(spec, algorithm, evaluator, firstSeed, seeds, trials, args.Contains("--verbose"));
                var line = FormattableString.Invariant($"{workload,-15} {name} median {Median(bests):G5} (mean {bests.Average():G4})  seeds {string.Join(" ", bests.Select(b => b.ToString("G5", CultureInfo.InvariantCulture)))}  edge {edge:0.00}");
                Console.WriteLine($"{line}{peerLine}  ({clock.Elapsed.TotalSeconds:0} s, {evaluator.Trained} trained)");
                if (boundRows is not null && algorithm == SamplingAlgorithm.Bayesian)
                {
                    var moves = BoundCheck.Run(spec.SearchSpace, evaluator, bestTrials.Select((p, i) => (firstSeed + i, p)));
                    var checkRows = BoundCheck.Rows(workload, spec.Objective.Goal, seeds, moves).ToList();
                    checkRows.ForEach(r => Console.WriteLine("  bounds " + r));
                    boundRows.AddRange(checkRows);
                }

                rows.Add(FormattableString.Invariant($"| {workload} | {spec.Objective.Goal.ToString().ToLowerInvariant()} {spec.Objective.PrimaryMetric} | {name} | {Median(bests):G4} (mean {bests.Average():G4}) | {string.Join(", ", bests.Select(b => b.ToString("G4", CultureInfo.InvariantCulture)))} | {string.Join("; ", peerCells)} |"));
            }
        }

        if (output is not null)
        {
            var md = new System.Text.StringBuilder();
            md.AppendLine(FormattableString.Invariant($"## Real scikit-learn jobs in process, seeds {firstSeed}..{firstSeed + seeds - 1}: the gap to Optuna 5 GP with more seeds"));
            md.AppendLine();
            md.AppendLine(FormattableString.Invariant($"Run {DateTime.UtcNow:yyyy-MM-dd} on {MachineInfo.Describe()}. `dotnet run -c Release --project bench/Hypersweep.Bench -- jobs-in-process {string.Join(' ', args)}`. Peers: {string.Join(", ", peerFiles.Select(f => $"`{Path.GetRelativePath(Path.Combine(BenchPaths.BenchDirectory, ".."), Path.GetFullPath(f))}`"))} (each written by `bench/peers/real_jobs.py --first-seed F --seeds N --workloads W --samplers S --no-pruner`, with `OPTUNA_SRC=/tmp/optuna5` for Optuna 5's samplers)."));
            md.AppendLine();
            md.AppendLine(FormattableString.Invariant($"The same jobs as `real-jobs`, one trial at a time, {trials} trials, but each workload's `evaluate` function is called in process (kept loaded by `bench/peers/evaluate_server.py`) and the sampler is asked as the scheduler asks it with one slot; every trial is deterministic given its parameters, and with seeds 1..5 this reproduces `real-jobs-sequential` exactly. Five seeds leave a median at the mercy of one or two seeds; this table shows whether a gap holds over more. **best** as in `real-jobs` (the value after the last epoch); peers' medians over the seeds they have on the same range (their means and number of seeds in brackets)."));
            md.AppendLine();
            md.AppendLine("| workload | objective | Hypersweep sampler | median (mean) | by seed | Optuna median (mean, seeds) |");
            md.AppendLine("|---|---|---|---:|---|---|");
            rows.ForEach(r => md.AppendLine(r));
            if (boundRows is not null)
            {
                md.AppendLine();
                md.AppendLine(FormattableString.Invariant($"Best trials on a bound (`--bounds`): each seed's best trial of the Bayesian sampler with a continuous parameter (uniform, loguniform) within {RealJobsBenchmark.EdgeTolerance:G} of a bound of its unit coordinate has that parameter moved inward to {string.Join(", ", BoundCheck.Steps.Select(s => FormattableString.Invariant($"{s * 100:0}%")))} of its unit range from the bound, the others kept, and is evaluated there (value after the last epoch). Per step: moves that made the trial better / tied (within {RealJobsBenchmark.TieTolerance:G} relative) / worse, and the median change (positive: worse). Where every move is tied or worse, the optimum along that parameter is on the bound, and trials gathering there are finding it (issue 13's target 2)."));
                md.AppendLine();
                md.AppendLine($"| workload | parameter at bound | best trials there (seeds) | {string.Join(" | ", BoundCheck.Steps.Select(s => FormattableString.Invariant($"{s * 100:0}% inward")))} |");
                md.AppendLine($"|---|---|---|{string.Concat(BoundCheck.Steps.Select(_ => "---|"))}");
                boundRows.ForEach(r => md.AppendLine(r));
            }
            File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".md"), md.ToString());
            Console.WriteLine($"wrote bench/results/{output}.md");
        }
    }

    /// <summary>One workload's sweeps with one sampling algorithm over the seeds: each sweep's best, and the mean share of trials at an edge.</summary>
    private static (List<double> Bests, double Edge, List<ParameterSet> BestTrials) RunSeeds(SweepSpec spec, SamplingAlgorithm algorithm, CachedEvaluator evaluator, int firstSeed, int seeds, int trials, bool verbose)
    {
        var bests = new List<double>();
        var bestTrials = new List<ParameterSet>();
        var edges = new List<double>();
        for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var sampler = spec.Sampling with { Algorithm = algorithm, Seed = seed };
            var history = RunOne(spec.SearchSpace, sampler.CreateSampler(seed, spec.Objective.Goal), spec.Objective.Goal, evaluator, trials);
            if (verbose)
            {
                foreach (var t in history)
                {
                    Console.WriteLine(FormattableString.Invariant($"  seed {seed} trial {t.Number,2}: {t.Value:G5}  {string.Join(" ", spec.SearchSpace.Select(p => $"{p.Key}={(p.Value is ChoiceDistribution ? t.Parameters[p.Key].ToString() : $"{p.Value.ToUnit(t.Parameters[p.Key]):0.000}")}"))}"));
                }
            }

            // As real-jobs ranks them: the value after the last epoch (the only one, for jobs without curves).
            var finals = history.Select(t => evaluator.Evaluate(t.Parameters)[^1]).ToList();
            bests.Add(spec.Objective.Goal == Goal.Minimize ? finals.Min() : finals.Max());
            bestTrials.Add(history[finals.IndexOf(bests[^1])].Parameters);
            edges.Add(history.Count(t => RealJobsBenchmark.IsAtEdge(spec.SearchSpace, t.Parameters)) / (double)history.Count);
        }

        return (bests, edges.Average(), bestTrials);
    }

    private static SamplingAlgorithm ParseAlgorithm(string name) => name switch
    {
        "bayesian" => SamplingAlgorithm.Bayesian,
        "random" => SamplingAlgorithm.Random,
        _ => throw new ArgumentException($"--samplers: '{name}' is not one of bayesian, random"),
    };

    /// <summary>One sequential sweep: each trial's value is its best reported value, as the command records it.</summary>
    private static List<TrialRecord> RunOne(SearchSpace space, Sampling.ISampler sampler, Goal goal, CachedEvaluator evaluator, int trials)
    {
        var history = new List<TrialRecord>();
        while (history.Count < trials)
        {
            var parameters = sampler.Suggest(space, history, 1).Single();
            var values = evaluator.Evaluate(parameters);
            var value = goal == Goal.Minimize ? values.Min() : values.Max();
            history.Add(new TrialRecord { Id = history.Count + 1, SweepId = 1, Number = history.Count, Parameters = parameters, State = TrialState.Completed, Value = value, Intervals = values.Count, CreatedAt = DateTimeOffset.UnixEpoch });
        }

        return history;
    }

    /// <summary>
    /// Optuna's best per sampler (no pruner) by workload and seed, from bench/peers/real_jobs.py's JSON files (several
    /// files may give more seeds: <c>--first-seed 6</c> there adds seeds 6 and on).
    /// </summary>
    private static Dictionary<string, Dictionary<string, SortedDictionary<int, double>>> Peers(IEnumerable<string> files, Dictionary<string, SweepSpec> specs)
    {
        var bests = new Dictionary<(string Workload, string Sampler), SortedDictionary<int, double>>();
        foreach (var run in RealJobsBenchmark.PeerRuns(files, specs).Where(r => r.Policy == "none"))
        {
            (bests.TryGetValue((run.Workload, run.Sampler), out var bySeed) ? bySeed : bests[(run.Workload, run.Sampler)] = [])[run.Seed] = run.Best;
        }

        return bests.GroupBy(b => b.Key.Workload).ToDictionary(g => g.Key, g => g.ToDictionary(b => b.Key.Sampler, b => b.Value));
    }

    private static double Median(IEnumerable<double> values) => SampleEfficiencyBenchmark.Quantiles(values).Median;
}
