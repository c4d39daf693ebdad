using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Termination;
using Hypersweep.Trials;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// Real scikit-learn jobs (bench/workloads/NAME/train.py with its sweep.yml) run as process trials through the real
/// command, exactly as a user runs them: per workload, sampler and seed, the workload's sweep file with that sampler,
/// seed and limits is written into a scratch folder, <c>hypersweep run sweep.yml</c> runs it there with its own store,
/// and <c>hypersweep trials NAME --json</c> reads every trial back. On the learning-curve workload the Bayesian sweeps
/// also run with median stopping and ASHA. Optuna's numbers on the same jobs come from bench/peers/real_jobs.py.
/// </summary>
internal static class RealJobsBenchmark
{
    /// <summary>The workload that reports a learning curve (EPOCHS in its train.py) and also runs with early termination.</summary>
    internal const string CurveWorkload = "mlp_digits";

    /// <summary>Epochs of <see cref="CurveWorkload"/>'s trials (EPOCHS in its train.py; checked on every run).</summary>
    internal const int CurveEpochs = 30;

    /// <summary>A trial is at the edge when a continuous parameter's unit coordinate is this close to 0 or 1.</summary>
    internal const double EdgeTolerance = 1e-3;

    /// <summary>
    /// Values closer than this (relative) count as equal: a mean of fold accuracies moves by about 1.5e-5 when the same
    /// number of misclassified samples falls into other folds, and by a few ulps with the order of the sum.
    /// </summary>
    internal const double TieTolerance = 1e-4;

    /// <summary>The tool of Hypersweep's runs (Optuna's are "Optuna VERSION").</summary>
    private const string HypersweepTool = "Hypersweep";

    /// <summary>The sampler the comparisons are made for: Hypersweep's Bayesian sampler without early termination.</summary>
    private static readonly (string Tool, string Sampler, string Policy) Ours = (HypersweepTool, "bayesian", "none");

    /// <summary>The pruning benchmark's settings (those README recommends), ASHA's top rung at this workload's last epoch.</summary>
    internal static readonly Dictionary<string, EarlyTerminationSpec> Policies = new()
    {
        ["median_stopping"] = PruningBenchmark.Policies["median"]!,
        // The HyperDrive policy nearest Optuna's MedianPruner (a trial stopped when below the others' median at an epoch).
        ["truncation50"] = PruningBenchmark.Policies["truncation50"]!,
        ["asha"] = (AshaSpec)PruningBenchmark.Policies["asha"]! with { MaxResource = CurveEpochs },
        ["curve_prediction"] = (CurvePredictionSpec)PruningBenchmark.Policies["curve"]! with { MaxResource = CurveEpochs },
    };

    public static async Task RunAsync(string[] args)
    {
        var output = BenchArgs.String(args, "--out") ?? "real-jobs";
        if (args.Contains("--rewrite"))
        {
            // Rewrites the markdown from the runs saved in the JSON (nothing is run).
            Rewrite(output);
            return;
        }

        var seeds = BenchArgs.Int(args, "--seeds", 5);
        var firstSeed = BenchArgs.Int(args, "--first-seed", 1);
        var trials = BenchArgs.Int(args, "--trials", 40);
        var concurrency = BenchArgs.Int(args, "--concurrency", 2);
        var workloads = BenchArgs.List(args, "--workloads") ?? [.. Directory.GetDirectories(BenchPaths.Workloads).Where(d => File.Exists(Path.Combine(d, "sweep.yml"))).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];
        var samplers = BenchArgs.List(args, "--samplers") ?? ["bayesian", "random"];
        var policies = BenchArgs.Choices(args, "--policies", ["none", .. Policies.Keys], Policies.Keys);
        var peersFile = BenchArgs.File(args, "--peers");
        Console.WriteLine($"real-jobs: {string.Join(",", workloads)} x {string.Join(",", samplers)} x seeds {firstSeed}..{firstSeed + seeds - 1}, {trials} trials, {concurrency} at a time, on {MachineInfo.Describe()}");

        var specs = workloads.ToDictionary(w => w, w => SweepFile.Load(Path.Combine(BenchPaths.Workloads, w, "sweep.yml")));
        var runs = new List<Run>();
        var clock = Stopwatch.StartNew();
        foreach (var (workload, spec) in specs)
        {
            var plans = samplers.Select(s => (Sampler: s, Policy: "none")).ToList();
            if (workload == CurveWorkload && samplers.Contains("bayesian"))
            {
                plans.AddRange(policies.Where(p => p != "none").Select(p => (Sampler: "bayesian", Policy: p)));
            }

            foreach (var (sampler, policy) in plans)
            {
                var group = new List<Run>();
                for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
                {
                    group.Add(await RunOneAsync(workload, spec, sampler, policy, seed, trials, concurrency));
                }

                runs.AddRange(group);
                Console.WriteLine(FormattableString.Invariant($"  {workload,-15} {sampler,-8} {policy,-15} median best {V(Median(group))}  epochs {group.Average(r => r.EpochShare):0.000}  edge {group.Average(r => r.EdgeShare):0.000}  ({clock.Elapsed.TotalMinutes:0.0} min)"));
            }
        }

        var minutes = Math.Round(clock.Elapsed.TotalMinutes, 1);
        if (peersFile is null)
        {
            Console.WriteLine("  running Optuna (bench/peers/real_jobs.py; Optuna 5 too when OPTUNA_SRC is set) ...");
            if (Peers.Run("real_jobs.py", "--seeds", seeds.ToString(CultureInfo.InvariantCulture), "--first-seed", firstSeed.ToString(CultureInfo.InvariantCulture), "--trials", trials.ToString(CultureInfo.InvariantCulture), "--workloads", string.Join(",", workloads)) is { } ran)
            {
                peersFile = Path.Combine(BenchPaths.Results, output + "-optuna.json");
                File.WriteAllText(peersFile, ran.GetRawText());
            }
        }

        var relativePeers = peersFile is null ? null : Path.GetRelativePath(RepositoryDirectory, Path.GetFullPath(peersFile));
        var header = new Header(CommandLine(args), seeds, trials, concurrency, minutes, relativePeers, firstSeed);
        if (LoadPeers(relativePeers) is { } peers)
        {
            runs.AddRange(PeerRuns(peers, specs).Where(r => header.Covers(r.Seed)));
        }

        Write(output, header, specs, runs);
    }

    private static async Task<Run> RunOneAsync(string workload, SweepSpec template, string sampler, string policy, int seed, int trials, int concurrency)
    {
        var name = $"{workload}-{sampler}-{policy}-{seed}";
        var dir = BenchPaths.Scratch("real-jobs-" + name);
        var spec = template with
        {
            Name = name,
            Sampling = new SamplingSpec(sampler == "bayesian" ? SamplingAlgorithm.Bayesian : SamplingAlgorithm.Random, seed),
            Limits = template.Limits with { MaxTotalTrials = trials, MaxConcurrentTrials = concurrency },
            EarlyTermination = policy == "none" ? null : Policies[policy],
        };
        File.WriteAllText(Path.Combine(dir, "sweep.yml"), SweepFileWriter.Write(spec));
        var clock = Stopwatch.StartNew();
        await HypersweepCli.RunAsync(dir, "run", "sweep.yml", "--quiet");
        var seconds = clock.Elapsed.TotalSeconds;
        using var listing = JsonDocument.Parse(await HypersweepCli.RunAsync(dir, "trials", name, "--json"));
        var finals = workload == CurveWorkload ? await CurveFinalsAsync(dir, name, template.Objective.PrimaryMetric) : null;
        var results = listing.RootElement.EnumerateArray().Select(t =>
        {
            var number = t.GetProperty("number").GetInt32();
            var state = t.GetProperty("state").GetString()!;
            var value = Number(t.GetProperty("value"));
            var intervals = t.GetProperty("intervals").GetInt32();
            var final = finals is null ? value : finals.GetValueOrDefault(number);
            return new TrialResult(number, state, ParameterSet.FromJson(t.GetProperty("parameters").GetRawText()), value, intervals, final);
        }).ToList();
        var bad = results.Where(t => t.State != nameof(TrialState.Completed) && !(policy != "none" && t.State == nameof(TrialState.Terminated))).ToList();
        if (results.Count != trials || bad.Count > 0 || results.Any(t => t.Intervals > (finals is null ? 1 : CurveEpochs)))
        {
            throw new InvalidOperationException($"{name}: expected {trials} finished trials, got {results.Count} ({string.Join(", ", results.GroupBy(t => t.State).Select(g => $"{g.Key} {g.Count()}"))}); the trials are in {dir}");
        }

        Directory.Delete(dir, recursive: true);
        return new Run(HypersweepTool, sampler, policy, seed, workload, results, template.Objective.Goal, template.SearchSpace, seconds);
    }

    /// <summary>
    /// The last-epoch value of every trial of the learning-curve workload that ran all epochs, by trial number, read from
    /// the sweep's store once the command has ended (<c>trials --json</c> gives each trial's best logged value, not its curve).
    /// </summary>
    private static async Task<Dictionary<int, double?>> CurveFinalsAsync(string dir, string name, string metric)
    {
        await using var store = await SweepStores.OpenAsync(Path.Combine(dir, ".hypersweep", "hypersweep.db"), create: false);
        var sweep = (await store.FindSweepAsync(name))!;
        var curves = await store.GetSweepMetricsAsync(sweep.Id, metric);
        return (await store.ListTrialsAsync(sweep.Id)).ToDictionary(
            t => t.Number,
            t => curves.TryGetValue(t.Id, out var points) && points.Count == CurveEpochs ? points[^1].Value : (double?)null);
    }

    /// <summary>The runs of bench/peers/real_jobs.py's JSON: one per Optuna, sampler (pruner) and seed.</summary>
    internal static IEnumerable<Run> PeerRuns(JsonElement peers, Dictionary<string, SweepSpec> specs)
    {
        foreach (var part in peers.GetProperty("parts").EnumerateObject())
        {
            var tool = "Optuna " + part.Value.GetProperty("optuna_version").GetString();
            foreach (var r in part.Value.GetProperty("runs").EnumerateArray())
            {
                var workload = r.GetProperty("workload").GetString()!;
                if (!specs.TryGetValue(workload, out var spec))
                {
                    continue;
                }

                var sampler = r.GetProperty("sampler").GetString()!.Split('+');
                var trials = r.GetProperty("trials").EnumerateArray().Select((t, i) =>
                {
                    var value = Number(t.GetProperty("value"));
                    return new TrialResult(i, value is null ? "Pruned" : nameof(TrialState.Completed), ParameterSet.FromJson(t.GetProperty("params").GetRawText()), value, t.GetProperty("epochs").GetInt32(), value);
                }).ToList();
                yield return new Run(tool, sampler[0], sampler.Length > 1 ? sampler[1] : "none", r.GetProperty("seed").GetInt32(), workload, trials, spec.Objective.Goal, spec.SearchSpace, r.GetProperty("wall_s").GetDouble());
            }
        }
    }

    /// <summary>The runs of those of <paramref name="files"/> (bench/peers/real_jobs.py's JSON) that exist, file by file.</summary>
    internal static List<Run> PeerRuns(IEnumerable<string> files, Dictionary<string, SweepSpec> specs)
    {
        var runs = new List<Run>();
        foreach (var file in files.Where(File.Exists))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            runs.AddRange(PeerRuns(doc.RootElement, specs));
        }

        return runs;
    }

    /// <summary>The peers' JSON (bench/peers/real_jobs.py's output) at a path relative to the repository, or null.</summary>
    private static JsonElement? LoadPeers(string? relative) =>
        relative is not null && File.Exists(Path.Combine(RepositoryDirectory, relative)) ? JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryDirectory, relative))).RootElement.Clone() : null;

    private static void Rewrite(string output)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(BenchPaths.Results, output + ".json")));
        var root = doc.RootElement;
        var header = JsonSerializer.Deserialize<Header>(root.GetProperty("header").GetRawText())!;
        var runs = root.GetProperty("runs").EnumerateArray().Where(r => r.GetProperty("tool").GetString() == HypersweepTool).ToList();
        var specs = runs.Select(r => r.GetProperty("workload").GetString()!).Distinct().ToDictionary(w => w, w => SweepFile.Load(Path.Combine(BenchPaths.Workloads, w, "sweep.yml")));
        var peers = LoadPeers(header.PeersFile) is { } json ? PeerRuns(json, specs).Where(r => header.Covers(r.Seed)) : [];
        Write(output, header, specs, [.. peers, .. runs.Select(r =>
        {
            var spec = specs[r.GetProperty("workload").GetString()!];
            var trials = r.GetProperty("trials").EnumerateArray().Select(t => new TrialResult(
                t.GetProperty("number").GetInt32(),
                t.GetProperty("state").GetString()!,
                ParameterSet.FromJson(t.GetProperty("parameters").GetRawText()),
                Number(t.GetProperty("value")),
                t.GetProperty("intervals").GetInt32(),
                Number(t.GetProperty("final")))).ToList();
            return new Run(HypersweepTool, r.GetProperty("sampler").GetString()!, r.GetProperty("policy").GetString()!, r.GetProperty("seed").GetInt32(), r.GetProperty("workload").GetString()!, trials, spec.Objective.Goal, spec.SearchSpace, r.GetProperty("wall_s").GetDouble());
        })]);
    }

    /// <summary>True when a continuous parameter's (uniform, loguniform) unit coordinate is within <see cref="EdgeTolerance"/> of 0 or 1.</summary>
    internal static bool IsAtEdge(SearchSpace space, ParameterSet parameters) => space.Any(p => p.Value is UniformDistribution or LogUniformDistribution
        && parameters.TryGetValue(p.Key, out var v) && p.Value.ToUnit(v) is var u && Math.Min(u, 1 - u) < EdgeTolerance);

    private static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;

    private static double Median(IEnumerable<Run> runs) => SampleEfficiencyBenchmark.Quantiles(runs.Select(r => r.Best)).Median;

    private static void Write(string output, Header header, Dictionary<string, SweepSpec> specs, List<Run> runs)
    {
        var groups = runs.GroupBy(r => (r.Workload, r.Tool, r.Sampler, r.Policy)).Select(g => g.OrderBy(r => r.Seed).ToList()).ToList();
        File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".json"), JsonSerializer.Serialize(new
        {
            date_utc = DateTime.UtcNow,
            machine = MachineInfo.Describe(),
            header,
            summary = groups.Select(g => new
            {
                workload = g[0].Workload,
                tool = g[0].Tool,
                sampler = g[0].Sampler,
                policy = g[0].Policy,
                median_best = Median(g),
                best_by_seed = g.Select(r => r.Best).ToArray(),
                edge_share_by_seed = g.Select(r => r.EdgeShare).ToArray(),
                best_at_edge_by_seed = g.Select(r => r.BestAtEdge).ToArray(),
                epoch_share_by_seed = g.Select(r => r.EpochShare).ToArray(),
                best_logged_by_seed = g.Select(r => r.BestLogged).ToArray(),
                wall_s_by_seed = g.Select(r => r.WallSeconds).ToArray(),
            }),
            runs = runs.Where(r => r.Tool == HypersweepTool).Select(r => new
            {
                tool = r.Tool,
                sampler = r.Sampler,
                policy = r.Policy,
                seed = r.Seed,
                workload = r.Workload,
                best = r.Best,
                edge_share = r.EdgeShare,
                wall_s = r.WallSeconds,
                trials = r.Trials.Select(t => new { number = t.Number, state = t.State, parameters = JsonDocument.Parse(t.Parameters.ToJson()).RootElement, value = t.Value, intervals = t.Intervals, final = t.Final }),
            }),
        }));

        var md = new StringBuilder();
        md.AppendLine(FormattableString.Invariant($"## Real scikit-learn jobs: Hypersweep beside Optuna, {(header.Concurrency == 1 ? "one trial at a time (deterministic, as Optuna runs)" : $"{header.Concurrency} trials at a time")}"));
        md.AppendLine();
        var peers = LoadPeers(header.PeersFile);
        var peerSource = peers is not { } p ? "Optuna was not run (bench/peers/real_jobs.py failed or python3-optuna is missing)"
            : FormattableString.Invariant($"Optuna: `{(p.GetProperty("parts").TryGetProperty("optuna5", out _) ? "OPTUNA_SRC=/tmp/optuna5 " : string.Empty)}nice -n 10 /usr/bin/python3 bench/peers/real_jobs.py --seeds {p.GetProperty("seeds").GetInt32()}{(p.TryGetProperty("first_seed", out var first) && first.GetInt32() != 1 ? $" --first-seed {first.GetInt32()}" : string.Empty)} --trials {p.GetProperty("trials").GetInt32()} > {header.PeersFile}`, run {p.GetProperty("date_utc").GetString()}, in {string.Join(" and ", p.GetProperty("parts").EnumerateObject().Select(part => FormattableString.Invariant($"{part.Value.GetProperty("wall_s").GetDouble() / 60:0.0} min (Optuna {part.Value.GetProperty("optuna_version").GetString()})")))}, one trial at a time");
        md.AppendLine(FormattableString.Invariant($"Run {DateTime.UtcNow:yyyy-MM-dd} on {MachineInfo.Describe()}. Hypersweep: `{header.Command}`, {header.HypersweepMinutes:0.0} min. {peerSource}. Wall times depend on the machine's load: it was shared with other work."));
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"The jobs are the real training scripts of `bench/workloads/` (see its README): each is `train.py` with its user's `sweep.yml`, run as process trials. For every workload, sampler and seed {header.Start}..{header.Start + header.Seeds - 1}, the benchmark writes the workload's sweep file with `sampling_algorithm: {{type: bayesian|random, seed: S}}` and `limits: {{max_total_trials: {header.Trials}, max_concurrent_trials: {header.Concurrency}}}` into a scratch folder, runs `hypersweep run sweep.yml` there (its own SQLite store) and reads every trial back with `hypersweep trials NAME --json`. Optuna runs the same `evaluate` function of each `train.py` in-process over the same search space (`bench/peers/real_jobs.py`: `ask`/`tell`, one trial at a time); Debian's Optuna 3.1 TPE, and Optuna 5's GP and TPE samplers. Every trial is deterministic given its parameters, so differences come from the samplers alone; Hypersweep runs {header.Concurrency} trials at a time (the suggestions see the running trials as pending), Optuna one."));
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"**best** = the best value of a sweep (for `{CurveWorkload}`, the best error after the last epoch, {CurveEpochs}, as Optuna's trials return it; Hypersweep ranks a trial by its best logged value, which for curves can be an earlier epoch). **edge** = share of a sweep's trials with a continuous parameter (uniform, loguniform) within {EdgeTolerance:G} of a bound of its unit coordinate (loguniform: (ln x - min) / (max - min)), mean over seeds; random sampling puts about {EdgeTolerance * 2:G} x (number of continuous parameters) there. **best at edge** = in how many seeds the best trial itself is such a trial. Values within {TieTolerance:G} (relative) of each other count as ties (a mean of fold accuracies moves by about 1.5e-5 when the same number of errors falls into other folds). Metric resolution: one validation sample is 0.0011 accuracy on `svm_digits`, 0.0014 error on `mlp_digits` and about 0.0018 accuracy on `sigmoid_cancer`, so many differences below are one or two samples; with {header.Seeds} seeds, only consistent seed-by-seed differences mean much."));
        md.AppendLine();

        var rows = RowOrder(runs.Where(r => r.Policy == "none"));
        md.AppendLine("Median best over seeds (**bold**: the best median of the workload):");
        md.AppendLine();
        md.AppendLine($"| workload | goal | {string.Join(" | ", rows.Select(Label))} | best |");
        md.AppendLine($"|---|---|{string.Concat(Enumerable.Repeat("---:|", rows.Count))}---|");
        var winners = new Dictionary<string, List<string>>();
        foreach (var (workload, spec) in specs)
        {
            var medians = rows.Select(k => Group(runs, workload, k) is { Count: > 0 } g ? Median(g) : (double?)null).ToList();
            var best = Best(medians.OfType<double>(), spec.Objective.Goal);
            winners[workload] = [.. rows.Where((_, i) => medians[i] is { } m && Same(m, best)).Select(Label)];
            var cells = medians.Select(m => m is { } v ? (Same(v, best) ? $"**{V(v)}**" : V(v)) : "-");
            md.AppendLine($"| {workload} | {spec.Objective.Goal.ToString().ToLowerInvariant()} {spec.Objective.PrimaryMetric} | {string.Join(" | ", cells)} | {string.Join(", ", winners[workload])} |");
        }

        md.AppendLine();
        WriteSummary(md, specs, runs, rows, winners);
        foreach (var (workload, spec) in specs)
        {
            md.AppendLine($"`{workload}` ({spec.Objective.Goal.ToString().ToLowerInvariant()} {spec.Objective.PrimaryMetric}; {string.Join(", ", spec.SearchSpace.Select(p => $"{p.Key} {p.Value}"))}):");
            md.AppendLine();
            md.AppendLine($"| sampler | median | {string.Join(" | ", Enumerable.Range(header.Start, header.Seeds).Select(s => $"seed {s}"))} | edge | best at edge | Hypersweep bayesian better / tied / worse by seed |");
            md.AppendLine($"|---|---:|{string.Concat(Enumerable.Repeat("---:|", header.Seeds + 2))}---|");
            var ours = Group(runs, workload, Ours);
            foreach (var key in rows)
            {
                var g = Group(runs, workload, key);
                if (g.Count == 0)
                {
                    continue;
                }

                var versus = ours.Count == 0 || key == Ours ? string.Empty : string.Join(" / ", Versus(ours, g, spec.Objective.Goal));
                md.AppendLine(FormattableString.Invariant($"| {Label(key)} | {V(Median(g))} | {string.Join(" | ", g.Select(r => V(r.Best)))} | {g.Average(r => r.EdgeShare):0.000} | {g.Count(r => r.BestAtEdge)}/{g.Count} | {versus} |"));
            }

            md.AppendLine();
        }

        WriteCurve(md, runs, header);
        File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".md"), md.ToString());
        Console.WriteLine($"wrote bench/results/{output}.json and .md");
    }

    /// <summary>What the tables say, counted: best medians, seed-by-seed comparisons over all workloads, edge shares.</summary>
    private static void WriteSummary(StringBuilder md, Dictionary<string, SweepSpec> specs, List<Run> runs, List<(string Tool, string Sampler, string Policy)> rows, Dictionary<string, List<string>> winners)
    {
        if (!runs.Any(r => (r.Tool, r.Sampler, r.Policy) == Ours))
        {
            return;
        }

        md.AppendLine("In numbers:");
        md.AppendLine();
        md.AppendLine($"- Best median (ties counted for each): {string.Join("; ", rows.Select(k => $"{Label(k)} {winners.Count(w => w.Value.Contains(Label(k)))} of {specs.Count}"))}.");
        var versus = rows.Where(k => k != Ours).Select(k =>
        {
            var total = specs.Select(w => Versus(Group(runs, w.Key, Ours), Group(runs, w.Key, k), w.Value.Objective.Goal)).Aggregate(new int[3], (a, b) => [a[0] + b[0], a[1] + b[1], a[2] + b[2]]);
            return $"{Label(k)} {total[0]} / {total[1]} / {total[2]}";
        });
        md.AppendLine($"- Hypersweep bayesian seed by seed over all workloads, better / tied / worse than: {string.Join("; ", versus)}.");
        md.AppendLine(FormattableString.Invariant($"- Edge share, mean over workloads and seeds: {string.Join("; ", rows.Select(k => $"{Label(k)} {runs.Where(r => (r.Tool, r.Sampler, r.Policy) == k).Average(r => r.EdgeShare):0.00}"))}. Best trial at the edge: {string.Join("; ", rows.Select(k => $"{Label(k)} {runs.Count(r => (r.Tool, r.Sampler, r.Policy) == k && r.BestAtEdge)} of {runs.Count(r => (r.Tool, r.Sampler, r.Policy) == k)} sweeps"))}."));
        md.AppendLine();
    }

    /// <summary>The learning-curve workload with early termination: epochs used and the best last-epoch error, beside Optuna's MedianPruner.</summary>
    private static void WriteCurve(StringBuilder md, List<Run> runs, Header header)
    {
        var keys = RowOrder(runs.Where(r => r.Workload == CurveWorkload)).Where(k => k.Policy != "none" || runs.Any(r => r.Workload == CurveWorkload && r.Tool == k.Tool && r.Sampler == k.Sampler && r.Policy != "none")).ToList();
        if (!keys.Any(k => k.Policy != "none"))
        {
            return;
        }

        md.AppendLine(FormattableString.Invariant($"Early termination on `{CurveWorkload}` (each trial reports the validation error after each of its {CurveEpochs} epochs): **epochs** = epochs run / ({header.Trials} x {CurveEpochs}), mean over seeds; **best final** = the best error after epoch {CurveEpochs} among the trials that ran all epochs. Hypersweep: {string.Join("; ", Policies.Select(p => $"`{p.Key}` = `{p.Value}`"))} (the pruning benchmark's settings). Optuna: `MedianPruner(n_startup_trials=5, n_warmup_steps=5)`, a trial compared after each epoch with the median of the other trials at that epoch."));
        md.AppendLine();
        md.AppendLine($"| sampler | policy | epochs | median best final | {string.Join(" | ", Enumerable.Range(header.Start, header.Seeds).Select(s => $"seed {s}"))} | trials run to the end (mean) |");
        md.AppendLine($"|---|---|---:|---:|{string.Concat(Enumerable.Repeat("---:|", header.Seeds + 1))}");
        foreach (var key in keys)
        {
            var g = Group(runs, CurveWorkload, key);
            md.AppendLine(FormattableString.Invariant($"| {key.Tool} {key.Sampler} | {key.Policy} | {g.Average(r => r.EpochShare):0.000} | {V(Median(g))} | {string.Join(" | ", g.Select(r => V(r.Best)))} | {g.Average(r => r.Trials.Count(t => t.Final is not null)):0.#} |"));
        }

        md.AppendLine();
    }

    /// <summary>On how many seeds Hypersweep's Bayesian best is better than, equal to, worse than the other's.</summary>
    private static int[] Versus(List<Run> ours, List<Run> other, Goal goal)
    {
        var pairs = ours.Join(other, r => r.Seed, r => r.Seed, (a, b) => (a.Best, Other: b.Best)).ToList();
        var tied = pairs.Count(p => Same(p.Best, p.Other));
        var better = pairs.Count(p => !Same(p.Best, p.Other) && (goal == Goal.Maximize ? p.Best > p.Other : p.Best < p.Other));
        return [better, tied, pairs.Count - better - tied];
    }

    internal static bool Same(double a, double b) => Math.Abs(a - b) <= TieTolerance * Math.Max(Math.Abs(a), Math.Abs(b));

    private static double Best(IEnumerable<double> values, Goal goal) => goal == Goal.Maximize ? values.Max() : values.Min();

    private static List<Run> Group(List<Run> runs, string workload, (string Tool, string Sampler, string Policy) key) =>
        [.. runs.Where(r => r.Workload == workload && (r.Tool, r.Sampler, r.Policy) == key).OrderBy(r => r.Seed)];

    /// <summary>Hypersweep's rows first (Bayesian, random), then Optuna's by version and sampler.</summary>
    private static List<(string Tool, string Sampler, string Policy)> RowOrder(IEnumerable<Run> runs) =>
        [.. runs.Select(r => (r.Tool, r.Sampler, r.Policy)).Distinct()
            .OrderBy(k => k.Tool == HypersweepTool ? 0 : 1).ThenBy(k => k.Tool, StringComparer.Ordinal)
            .ThenBy(k => k.Sampler == "bayesian" ? 0 : 1).ThenBy(k => k.Sampler, StringComparer.Ordinal).ThenBy(k => k.Policy == "none" ? 0 : 1).ThenBy(k => k.Policy, StringComparer.Ordinal)];

    private static string Label((string Tool, string Sampler, string Policy) key) => $"{key.Tool} {key.Sampler}{(key.Policy == "none" ? string.Empty : " + " + key.Policy)}";

    /// <summary>Four significant digits: accuracies differ in the third decimal.</summary>
    private static string V(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static string RepositoryDirectory => Path.GetDirectoryName(BenchPaths.BenchDirectory)!;

    private static string CommandLine(string[] args) => $"dotnet run -c Release --project bench/Hypersweep.Bench -- real-jobs{string.Concat(args.Select(a => " " + a))}";

    /// <summary>What was run (seeds FirstSeed.., 0 in files written before it was kept: 1), kept in the JSON so that <c>--rewrite</c> can state it again.</summary>
    private sealed record Header(string Command, int Seeds, int Trials, int Concurrency, double HypersweepMinutes, string? PeersFile, int FirstSeed)
    {
        /// <summary>The first seed run.</summary>
        public int Start => Math.Max(1, FirstSeed);

        /// <summary>Whether the run covered this seed (a peers file may hold more).</summary>
        public bool Covers(int seed) => seed >= Start && seed < Start + Seeds;
    }

    internal sealed record TrialResult(int Number, string State, ParameterSet Parameters, double? Value, int Intervals, double? Final);

    /// <summary>One sweep (Hypersweep) or study (Optuna) of one workload, sampler, policy and seed.</summary>
    internal sealed record Run(string Tool, string Sampler, string Policy, int Seed, string Workload, List<TrialResult> Trials, Goal Goal, SearchSpace Space, double WallSeconds)
    {
        /// <summary>The best value after the last epoch (the only one, for jobs without curves) among the trials that ran all epochs.</summary>
        public double Best => RealJobsBenchmark.Best(Trials.Where(t => t.Final is not null).Select(t => t.Final!.Value), Goal);

        /// <summary>The best value any trial logged (Hypersweep's ranking of trials); for jobs without curves, <see cref="Best"/>.</summary>
        public double BestLogged => RealJobsBenchmark.Best(Trials.Where(t => t.Value is not null).Select(t => t.Value!.Value), Goal);

        /// <summary>Epochs run / (trials x epochs per trial); 1 without early termination.</summary>
        public double EpochShare => Trials.Sum(t => t.Intervals) / (double)(Trials.Count * (Workload == CurveWorkload ? CurveEpochs : 1));

        /// <summary>Share of trials with a continuous parameter whose unit coordinate is within <see cref="EdgeTolerance"/> of 0 or 1.</summary>
        public double EdgeShare => Trials.Count(AtEdge) / (double)Trials.Count;

        /// <summary>Whether the best trial (by <see cref="Best"/>) is at the edge.</summary>
        public bool BestAtEdge => Trials.Where(t => t.Final is not null).MaxBy(t => Goal == Goal.Maximize ? t.Final!.Value : -t.Final!.Value) is { } best && AtEdge(best);

        private bool AtEdge(TrialResult t) => IsAtEdge(Space, t.Parameters);
    }
}
