using System.Text;
using Hypersweep.Curves;
using Hypersweep.Sampling.Bayesian;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Trials;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// Offline, on the sweeps of the last <c>policies-in-process</c> run (its scratch store) and the evaluation cache (every
/// trial's whole curve): for each trial the policy stopped, at every later suggestion of its sweep, the final loss the
/// sampler took for it and what each reader predicts from the history up to then (its own curve's extrapolation; the
/// progress model, whatever the curve's length; <see cref="CompletedCurveRegression"/>, tried and not adopted), against
/// the loss it would have reached had it run every epoch. By the number of epochs it ran, and apart for the trials that
/// would have ended within two validation images of their run's best (the ones whose prediction decides whether the
/// sampler comes back to their region). Then the policy's stops themselves: how many would have ended near the best, or
/// better than the sweep's result, by the epochs they ran.
/// </summary>
internal static class StoppedPredictionsAnalysis
{
    /// <summary>Two of mlp_digits' 719 validation images.</summary>
    private const double NearBest = 2.0 / 719 + 1e-9;

    private static readonly (string Name, int Low, int High)[] Lengths = [("up to 5", 1, 5), ("6 to 10", 6, 10), ("11 to 20", 11, 20), ("21 to 29", 21, 29)];

    public static async Task RunAsync(string[] args)
    {
        var policy = BenchArgs.String(args, "--policy") ?? "curve_prediction";
        var output = BenchArgs.String(args, "--out");
        var workload = RealJobsBenchmark.CurveWorkload;
        var template = SweepFile.Load(Path.Combine(BenchPaths.Workloads, workload, "sweep.yml"));
        var goal = template.Objective.Goal;
        var encoding = new SpaceEncoding(template.SearchSpace);
        var storePath = Path.Combine(Path.GetTempPath(), "hypersweep-bench", "policies-in-process", "hypersweep.db");
        if (!File.Exists(storePath))
        {
            throw new BenchUsageException($"{storePath} does not exist: run policies-in-process --policies {policy} first");
        }

        using var evaluator = new CachedEvaluator(workload);
        await using var store = SqliteSweepStore.Open(storePath);
        var uses = new List<Use>();
        var stops = new List<Stop>();
        var costs = new List<double>();
        var sweeps = (await store.ListSweepsAsync()).Where(s => s.Name.StartsWith($"{workload}-{policy}-", StringComparison.Ordinal)).ToList();
        if (sweeps.Count == 0)
        {
            throw new BenchUsageException($"{storePath} holds no {workload} sweep with the policy {policy}: run policies-in-process --policies {policy} first");
        }

        foreach (var sweep in sweeps)
        {
            var trials = (await store.ListTrialsAsync(sweep.Id)).OrderBy(t => t.Number).ToList();
            var metrics = await store.GetSweepMetricsAsync(sweep.Id, template.Objective.PrimaryMetric);
            // One list per trial for every read, so each prefix is extrapolated once (CurvePredictionCache), as in a sweep.
            var curves = metrics.ToDictionary(m => m.Key, m => (IReadOnlyList<double>)[.. m.Value.Select(p => p.Value)]);
            IReadOnlyList<double> CurveOf(long id) => curves.TryGetValue(id, out var curve) ? curve : [];
            // The same curves, as best-so-far losses, for the progress model and the regression of every replayed suggestion.
            var bestLosses = trials.ToDictionary(t => t.Id, t => CurveExtrapolation.BestSoFar([.. CurveOf(t.Id).Select(v => goal.ToLoss(v))]));
            var wholeCurves = trials.Select(t => evaluator.Evaluate(t.Parameters)).ToList();
            var truths = wholeCurves.Select(c => c.Min(v => goal.ToLoss(v))).ToList();
            var runBest = truths.Min();

            // The policy's stops against the errors after the last epoch, as policies-in-process counts a sweep's best.
            var ends = wholeCurves.Select(c => goal.ToLoss(c[^1])).ToList();
            var possibleBest = ends.Min();
            var sweepBest = Enumerable.Range(0, trials.Count).Where(i => trials[i].State == TrialState.Completed).Select(i => ends[i]).DefaultIfEmpty(double.NaN).Min();
            costs.Add(sweepBest - possibleBest);
            stops.AddRange(Enumerable.Range(0, trials.Count).Where(i => trials[i].State == TrialState.Terminated).Select(i => new Stop(CurveOf(trials[i].Id).Count, i < trials.Count / 2, ends[i] <= possibleBest + NearBest, ends[i] < sweepBest)));
            for (var at = 0; at < trials.Count; at++)
            {
                var history = trials.Take(at + 1).ToList();
                var stopped = Enumerable.Range(0, history.Count).Where(i => history[i].State == TrialState.Terminated).ToList();
                if (stopped.Count == 0)
                {
                    continue;
                }

                var observations = Observations.From(history, encoding, goal, CurveOf);
                var progress = ProgressAll(history, encoding, bestLosses);
                var completed = history.Where(t => t.State == TrialState.Completed).Select(t => bestLosses[t.Id]).Where(c => c.Length > 0).ToList();
                var regressed = CompletedCurveRegression.Predict(completed, [.. stopped.Select(i => bestLosses[history[i].Id])], RealJobsBenchmark.CurveEpochs);
                for (var stop = 0; stop < stopped.Count; stop++)
                {
                    var i = stopped[stop];
                    var curve = CurveOf(history[i].Id);
                    var k = Enumerable.Range(0, observations.Count).First(o => observations.HistoryIndex[o] == i);
                    var own = CurvePredictionCache.Predict(curve, curve.Count, goal, RealJobsBenchmark.CurveEpochs);
                    uses.Add(new Use(curve.Count, truths[i] - runBest <= NearBest, truths[i], observations.Losses[k], own ?? double.NaN, progress?[i] ?? double.NaN, regressed[stop] ?? double.NaN));
                }
            }
        }

        var md = new StringBuilder();
        md.AppendLine(FormattableString.Invariant($"## What the sampler takes for stopped trials' final errors, against the truth ({policy}, {sweeps.Count} sweeps of the last policies-in-process run)"));
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"Run {DateTime.UtcNow:yyyy-MM-dd} on {MachineInfo.Describe()}. `dotnet run -c Release --project bench/Hypersweep.Bench -- stopped-predictions {string.Join(' ', args)}` after `policies-in-process` on seeds {sweeps.Min(s => s.Seed)}..{sweeps.Max(s => s.Seed)} (it reads that run's store and the evaluation cache). Each row counts every use of a stopped trial: at each suggestion after its stop, the final error the sampler took for it (**sampler**) and what each reader predicts from the sweep's history up to then: its own curve's extrapolation (**own curve**), the progress model whatever the curve's length (**progress model**), the mean of the two, and a reader tried and not adopted, the regression of the completed curves' final errors on where they stood at the same length (**completed curves**, `CompletedCurveRegression`: the sweep's completed curves cut at the stopped one's length, the log of their final best on the log of their best there and of its falls over the last 3 and 5 epochs, shrunk toward no further fall); **truth** is the best error it would have reached in {RealJobsBenchmark.CurveEpochs} epochs. Error = prediction − truth: mean (bias) / mean absolute / root mean square. **Near best**: truth within two validation images (0.0028) of the best any trial of its sweep would have reached."));
        md.AppendLine();
        md.AppendLine("| epochs run | trials | uses | sampler | own curve | progress model | mean of both | completed curves |");
        md.AppendLine("|---|---|---:|---|---|---|---|---|");
        foreach (var (name, low, high) in Lengths)
        {
            foreach (var near in new[] { true, false })
            {
                var rows = uses.Where(u => u.Epochs >= low && u.Epochs <= high && u.Near == near).ToList();
                if (rows.Count > 0)
                {
                    md.AppendLine(FormattableString.Invariant($"| {name} | {(near ? "near best" : "the others")} | {rows.Count} | {Errors(rows, u => u.Sampler)} | {Errors(rows, u => u.OwnCurve)} | {Errors(rows, u => u.Progress)} | {Errors(rows, u => 0.5 * (u.OwnCurve + u.Progress))} | {Errors(rows, u => u.CompletedCurves)} |"));
                }
            }
        }

        md.AppendLine();
        var costly = stops.Where(s => s.BeatBest).ToList();
        md.AppendLine(FormattableString.Invariant($"The policy's stops in the same sweeps, against where each stopped trial would have ended after the last epoch: **near the possible best** = within two validation images of the best any trial of its sweep would have reached; **beat the sweep's best** = better than the best among its completed trials, the sweep's result, so the stop cost the sweep its best. The stops cost {costs.Average():0.00000} of the best on average over the sweeps ({costs.Count(c => c > 0)} of {costs.Count} sweeps lose anything); of the stops that beat the sweep's best, {costly.Count(s => s.FirstHalf)} were in the first half of the sweep's trials and {costly.Count(s => !s.FirstHalf)} in the second."));
        md.AppendLine();
        md.AppendLine("| epochs run | stops | near the possible best | beat the sweep's best |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var (name, low, high) in Lengths)
        {
            var rows = stops.Where(s => s.Epochs >= low && s.Epochs <= high).ToList();
            md.AppendLine(FormattableString.Invariant($"| {name} | {rows.Count} | {rows.Count(s => s.NearBest)} | {rows.Count(s => s.BeatBest)} |"));
        }

        Console.Write(md.ToString());
        if (output is not null)
        {
            File.WriteAllText(Path.Combine(BenchPaths.Results, output + ".md"), md.ToString());
            Console.WriteLine($"wrote bench/results/{output}.md");
        }
    }

    /// <summary>Bias, mean absolute and root-mean-square error of a reader's predictions (those it made) against the truth.</summary>
    private static string Errors(List<Use> uses, Func<Use, double> reader)
    {
        var errors = uses.Select(u => reader(u) - u.Truth).Where(double.IsFinite).ToList();
        return errors.Count == 0 ? "" : FormattableString.Invariant($"{errors.Average():+0.0000;-0.0000} / {errors.Average(Math.Abs):0.0000} / {Math.Sqrt(errors.Average(e => e * e)):0.0000}");
    }

    /// <summary>One stop of the policy: the epochs the trial ran, whether in the first half of its sweep, and where it would have ended.</summary>
    private sealed record Stop(int Epochs, bool FirstHalf, bool NearBest, bool BeatBest);

    /// <summary>One use of a stopped trial at a suggestion: the epochs it ran, whether it would have ended near its run's best, its true final loss, and the predictions.</summary>
    private sealed record Use(int Epochs, bool Near, double Truth, double Sampler, double OwnCurve, double Progress, double CompletedCurves);

    /// <summary>The progress model's predictions for every stopped trial of the history, whatever its length (null with fewer than three completed curves).</summary>
    private static double[]? ProgressAll(List<TrialRecord> history, SpaceEncoding encoding, Dictionary<long, double[]> bestLosses)
    {
        var rows = new List<(int Index, double[] X, double[] Curve, bool Stopped)>();
        for (var i = 0; i < history.Count; i++)
        {
            var x = new double[encoding.Dimensions];
            if (!encoding.TryEncode(history[i].Parameters, x) || history[i].State is not (TrialState.Completed or TrialState.Terminated))
            {
                continue;
            }

            var best = bestLosses[history[i].Id];
            if (best.Length > 0)
            {
                rows.Add((i, x, best, history[i].State == TrialState.Terminated));
            }
        }

        if (rows.Count(r => !r.Stopped) < ProgressModel.MinCompletedCurves)
        {
            return null;
        }

        var predicted = ProgressModel.PredictFinal(encoding, [.. rows.Select(r => r.X)], [.. rows.Select(r => r.Curve)], [.. rows.Select(r => r.Stopped)], [.. rows.Select(r => r.Index)], RealJobsBenchmark.CurveEpochs, BayesianSamplerOptions.Default);
        var result = Enumerable.Repeat(double.NaN, history.Count).ToArray();
        for (var r = 0; r < rows.Count; r++)
        {
            result[rows[r].Index] = predicted[r];
        }

        return result;
    }
}
