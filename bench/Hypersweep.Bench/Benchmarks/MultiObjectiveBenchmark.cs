using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hypersweep.Bench.Problems;
using Hypersweep.Pareto;
using Hypersweep.Sampling;
using Hypersweep.Sampling.Bayesian;
using Hypersweep.Trials;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// Several objectives and constraints: the hypervolume after 50 and 100 trials on ZDT1, ZDT2, DTLZ2 (3 objectives)
/// and a mixed training trade-off, and the regret of the best feasible trial on Gardner's constrained problem, over
/// seeds 1..20, sequential, beside Optuna's NSGA-II, TPE (3.1) and Optuna 5's GPSampler (their trials' values read
/// from bench/results/multi-objective-optuna*.json, written by bench/peers/multi_objective.py; every sampler's
/// hypervolume is computed here with the same code and reference point).
/// </summary>
internal static class MultiObjectiveBenchmark
{
    private static readonly int[] Budgets = [30, 50, 100];
    private static readonly string[] PeerFiles = ["multi-objective-optuna31.json", "multi-objective-optuna5.json"];

    public static void Run(string[] args)
    {
        var seeds = BenchArgs.Int(args, "--seeds", 20);
        var trials = BenchArgs.Int(args, "--trials", 100);
        var samplers = BenchArgs.List(args, "--samplers") ?? ["bayesian", "random"];
        var problems = BenchArgs.List(args, "--problems") is { } names ? names.Select(MultiObjectiveProblems.Get).ToList() : [.. MultiObjectiveProblems.All];
        var output = BenchArgs.String(args, "--out") ?? "multi-objective";
        var peers = LoadPeers();
        Console.WriteLine($"multi-objective: {problems.Count} problems x seeds 1..{seeds}, {trials} trials, sequential, on {MachineInfo.Describe()}");
        var clock = Stopwatch.StartNew();
        var rows = new List<(MultiObjectiveProblem Problem, Dictionary<string, Score[]> Scores, Dictionary<string, double> MsPerTrial)>();
        foreach (var problem in problems)
        {
            var scores = new Dictionary<string, Score[]>(StringComparer.Ordinal);
            var times = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var sampler in samplers)
            {
                var runs = new (double[][] Rows, double Ms)[seeds];
                Parallel.For(0, seeds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => runs[i] = RunOurs(problem, sampler, i + 1, trials));
                scores[sampler] = [.. runs.Select(r => Score.Of(problem, r.Rows))];
                times[sampler] = runs.Average(r => r.Ms);
            }

            foreach (var (name, rowsBySeed) in peers.GetValueOrDefault(problem.Name) ?? [])
            {
                scores[name] = [.. rowsBySeed.Take(seeds).Select(r => Score.Of(problem, r))];
            }

            rows.Add((problem, scores, times));
            Console.WriteLine($"  {problem.Name,-10} " + string.Join("  ", scores.Select(s => $"{s.Key} {Median(s.Value.Select(v => v.At(trials))):G4}")) + $" ({clock.Elapsed.TotalMinutes:0.0} min)");
        }

        Write(rows, seeds, trials, clock.Elapsed, output, string.Join(' ', ["multi-objective", .. args]));
    }

    /// <summary>One sequential sweep of our sampler: each trial's objective values (and constraint value), and ms per suggestion.</summary>
    private static (double[][] Rows, double Ms) RunOurs(MultiObjectiveProblem problem, string sampler, int seed, int trials)
    {
        var goals = Enumerable.Repeat(Goal.Minimize, problem.Objectives).ToArray();
        Constraint[] constraints = problem.Constraint is { } c ? [c] : [];
        ISampler s = sampler switch
        {
            "bayesian" => BayesianSampler.For(seed, goals, constraints),
            "random" => new RandomSampler(seed),
            _ => throw new ArgumentException($"unknown sampler {sampler}: bayesian or random"),
        };
        var scoring = new TrialScoring(new Objective("f0", Goal.Minimize), [.. Enumerable.Range(1, problem.Objectives - 1).Select(i => new Objective($"f{i}", Goal.Minimize))], constraints);
        var history = new List<TrialRecord>();
        var rows = new double[trials][];
        var watch = new Stopwatch();
        for (var i = 0; i < trials; i++)
        {
            watch.Start();
            var parameters = s.Suggest(problem.Space, history, 1).Single();
            watch.Stop();
            var values = problem.Evaluate(parameters);
            rows[i] = values;
            var scores = new TrialScores(null, 0, new double?[problem.Objectives - 1], new double?[constraints.Length]);
            for (var k = 0; k < problem.Objectives; k++)
            {
                scoring.Add(scores, $"f{k}", values[k]);
            }

            if (problem.Constraint is { } constraint)
            {
                scoring.Add(scores, constraint.Metric, values[problem.Objectives]);
            }

            history.Add(new TrialRecord
            {
                Id = i + 1,
                SweepId = 1,
                Number = i,
                Parameters = parameters,
                State = TrialState.Completed,
                CreatedAt = DateTimeOffset.UnixEpoch,
                Value = scores.Value,
                Intervals = 1,
                SecondaryValues = scores.SecondaryValues,
                ConstraintValues = scores.ConstraintValues,
                Infeasibility = scoring.Infeasibility(scores.ConstraintValues, finished: true),
            });
        }

        return (rows, watch.Elapsed.TotalMilliseconds / trials);
    }

    /// <summary>A run's score after each budget: the hypervolume of its front (higher is better) or, constrained, the best feasible value's regret (lower is better).</summary>
    private sealed record Score(Dictionary<int, double> ByBudget, double InfeasibleShare)
    {
        public double At(int budget) => ByBudget.TryGetValue(budget, out var v) ? v : double.NaN;

        public static Score Of(MultiObjectiveProblem problem, double[][] rows)
        {
            var byBudget = new Dictionary<int, double>();
            foreach (var budget in Budgets.Append(rows.Length).Distinct().Where(b => b <= rows.Length))
            {
                var first = rows.Take(budget).ToList();
                byBudget[budget] = problem.Constraint is { } c
                    ? (first.Where(r => c.IsMetBy(r[1])).Select(r => r[0]).DefaultIfEmpty(double.NaN).Min() - problem.Optimum)
                    : Hypervolume.Of(first.Select(r => r[..problem.Objectives]), problem.Reference);
            }

            var infeasible = problem.Constraint is { } k ? rows.Count(r => !k.IsMetBy(r[1])) / (double)rows.Length : 0;
            return new Score(byBudget, infeasible);
        }
    }

    /// <summary>Peer runs: problem → sampler label (e.g. "optuna3 nsga2") → each seed's rows, checked against our definitions first.</summary>
    private static Dictionary<string, Dictionary<string, List<double[][]>>> LoadPeers()
    {
        var result = new Dictionary<string, Dictionary<string, List<double[][]>>>(StringComparer.Ordinal);
        foreach (var file in PeerFiles.Select(f => Path.Combine(BenchPaths.Results, f)).Where(File.Exists))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var major = doc.RootElement.GetProperty("optuna").GetString()!.Split('.')[0];
            foreach (var point in doc.RootElement.GetProperty("test_points").EnumerateObject())
            {
                foreach (var test in point.Value.EnumerateArray())
                {
                    var x = test.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                    var expected = test.GetProperty("f").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                    var ours = MultiObjectiveProblems.At(point.Name, x);
                    if (expected.Length != ours.Length || expected.Zip(ours).Any(p => Math.Abs(p.First - p.Second) > 1e-9 * Math.Max(1, Math.Abs(p.First))))
                    {
                        throw new InvalidOperationException($"{file}: {point.Name} differs from the C# definition at [{string.Join(", ", x)}]: [{string.Join(", ", expected)}] vs [{string.Join(", ", ours)}]");
                    }
                }
            }

            foreach (var problem in doc.RootElement.GetProperty("results").EnumerateObject())
            {
                if (!result.TryGetValue(problem.Name, out var byLabel))
                {
                    result[problem.Name] = byLabel = new(StringComparer.Ordinal);
                }

                foreach (var sampler in problem.Value.EnumerateObject())
                {
                    byLabel[$"optuna{major} {sampler.Name}"] = [.. sampler.Value.EnumerateObject().OrderBy(s => int.Parse(s.Name, CultureInfo.InvariantCulture))
                        .Select(s => s.Value.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray())];
                }
            }
        }

        return result;
    }

    /// <summary>The median of the values that are numbers (a run with no feasible trial within a budget has NaN there).</summary>
    private static double Median(IEnumerable<double> values) => SampleEfficiencyBenchmark.Quantiles(values.Where(v => !double.IsNaN(v))).Median;

    private static void Write(List<(MultiObjectiveProblem Problem, Dictionary<string, Score[]> Scores, Dictionary<string, double> MsPerTrial)> rows, int seeds, int trials, TimeSpan elapsed, string output, string command)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("## Several objectives and constraints: hypervolume and feasible regret beside NSGA-II, TPE and Optuna 5 GP");
        md.AppendLine();
        md.AppendLine(inv, $"Run {DateTime.UtcNow:yyyy-MM-dd} on {MachineInfo.Describe()}. `dotnet run -c Release --project bench/Hypersweep.Bench -- {command}` ({elapsed.TotalMinutes:0.0} min for Hypersweep's samplers).");
        md.AppendLine();
        md.AppendLine(inv, $"Seeds 1..{seeds}, {trials} trials each, one at a time. Problems (bench/Hypersweep.Bench/Problems/MultiObjectiveProblems.cs, the same in bench/peers/multi_objective.py, checked at test points on every run): ZDT1 and ZDT2 with 10 variables, DTLZ2 with 3 objectives and 7 variables, `tradeoff` (mixed: a log-uniform learning rate, two choices and a uniform dropout; minimize a network's error and latency, where each front point needs its own learning rate and dropout), and Gardner's constrained problem (minimize cos 2x cos y + sin x subject to cos x cos y − sin x sin y ≤ 0.5 on [0, 6]², optimum by a 3001² grid). Optuna's samplers ran through `bench/peers/multi_objective.py` (Debian's Optuna 3.1: RandomSampler, NSGAIISampler, TPESampler, with `constraints_func` on Gardner; Optuna 5 from source: GPSampler, see bench/optuna5/README.md); their trials' values are in bench/results/multi-objective-optuna31.json and multi-objective-optuna5.json, and every hypervolume here is computed by Hypersweep's `Pareto/Hypervolume` with the same reference point (ZDT: (1.1, 11); DTLZ2: (2.5, 2.5, 2.5); tradeoff: (0.5, 32)).");
        md.AppendLine();
        md.AppendLine("Hypervolume (median over seeds; higher is better):");
        md.AppendLine();
        var multi = rows.Where(r => r.Problem.Constraint is null).ToList();
        var labels = rows.SelectMany(r => r.Scores.Keys).Distinct().ToList();
        md.AppendLine("| problem | trials | " + string.Join(" | ", labels) + " | highest |");
        md.AppendLine("|---|---:|" + string.Concat(labels.Select(_ => "---:|")) + "---|");
        foreach (var (problem, scores, _) in multi)
        {
            foreach (var budget in new[] { 50, trials }.Distinct())
            {
                var medians = labels.ToDictionary(l => l, l => scores.TryGetValue(l, out var s) ? Median(s.Select(v => v.At(budget))) : double.NaN);
                var top = medians.Where(m => !double.IsNaN(m.Value)).OrderByDescending(m => m.Value).First().Key;
                var cells = labels.Select(l => double.IsNaN(medians[l]) ? string.Empty : l == top ? "**" + medians[l].ToString("G5", inv) + "**" : medians[l].ToString("G5", inv));
                md.AppendLine(string.Create(inv, $"| {problem.Name} | {budget} | ") + string.Join(" | ", cells) + $" | {top} |");
            }
        }

        md.AppendLine();
        md.AppendLine(inv, $"Target (issue 18): the highest median hypervolume of all samplers on every problem at {trials} trials.");
        foreach (var (problem, scores, _) in multi.Where(r => r.Scores.ContainsKey("bayesian")))
        {
            var ours = Median(scores["bayesian"].Select(v => v.At(trials)));
            var best = scores.Where(s => s.Key != "bayesian").Select(s => (s.Key, Value: Median(s.Value.Select(v => v.At(trials))))).OrderByDescending(s => s.Value).First();
            md.AppendLine(inv, $"- {problem.Name}: {(ours > best.Value ? "**met**" : "**not met**")}: Hypersweep {ours:G7}, the best peer ({best.Key}) {best.Value:G7}.");
        }

        md.AppendLine();
        md.AppendLine("Gardner's constrained problem: regret of the best feasible trial (median over seeds; lower is better) and the share of infeasible trials:");
        md.AppendLine();
        md.AppendLine("| sampler | regret @30 | regret @50 | regret @100 | infeasible trials |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (problem, scores, _) in rows.Where(r => r.Problem.Constraint is not null))
        {
            foreach (var (label, s) in scores)
            {
                md.AppendLine(inv, $"| {label} | {Median(s.Select(v => v.At(30))):G3} | {Median(s.Select(v => v.At(50))):G3} | {Median(s.Select(v => v.At(100))):G3} | {s.Average(v => v.InfeasibleShare):P0} |");
            }
        }

        md.AppendLine();
        md.AppendLine("Time per suggestion of Hypersweep's Bayesian sampler (mean over the run): " + string.Join(", ", rows.Where(r => r.MsPerTrial.ContainsKey("bayesian")).Select(r => FormattableString.Invariant($"{r.Problem.Name} {r.MsPerTrial["bayesian"]:0} ms"))) + ".");
        File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".md"), md.ToString());
        File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".json"), JsonSerializer.Serialize(rows.Select(r => new
        {
            problem = r.Problem.Name,
            samplers = r.Scores.ToDictionary(s => s.Key, s => s.Value.Select(v => v.ByBudget.ToDictionary(b => b.Key.ToString(inv), b => b.Value)).ToList()),
        }), new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        Console.WriteLine($"wrote {Path.Combine(BenchPaths.Results, output + ".md")}");
    }
}
