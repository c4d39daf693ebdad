using Hypersweep.Launching;
using System.CommandLine;
using System.Text.Json;
using Hypersweep.Cli.Output;
using Hypersweep.Pareto;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Sweeps;
using Hypersweep.Trials;

namespace Hypersweep.Cli.Commands;

/// <summary>
/// <c>hypersweep best SWEEP</c>: the best trial (HyperDrive's get_best_run_by_primary_metric), its final metrics
/// (get_metrics) and its arguments; for a multi-objective sweep, the Pareto front. Infeasible trials never count.
/// </summary>
internal static class BestCommand
{
    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var command = new Command("best", "Show the best trial of a sweep: its id, all its final metrics and its arguments. For a sweep with several objectives, the Pareto front (and its hypervolume).") { sweepArgument, store, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var sweepStore = CommonOptions.OpenForReading(parse.GetValue(store));
            var sweep = await CommonOptions.FindSweepAsync(sweepStore, parse.GetValue(sweepArgument)!, cancellationToken);
            var trials = await sweepStore.ListTrialsAsync(sweep.Id, cancellationToken);
            var best = BestTrial.Of(trials, sweep.Objective.Goal);
            var front = sweep.SecondaryObjectives.Count > 0 ? ParetoFront.Of(trials, sweep.Objectives) : null;
            if (best is null)
            {
                if (parse.GetValue(json))
                {
                    Console.WriteLine(Json.Write(new { sweep = SweepJson(sweep), best = (object?)null, front = front?.Select(t => FrontJson(sweep, t)) }));
                    return ExitCodes.Ok;
                }

                Console.WriteLine(NoBest(sweep, trials));
                return ExitCodes.Ok;
            }

            if (parse.GetValue(json))
            {
                var metrics = await sweepStore.GetMetricsAsync(best.Id, cancellationToken);
                Console.WriteLine(Json.Write(new
                {
                    sweep = SweepJson(sweep),
                    best = new
                    {
                        id = best.DisplayId,
                        number = best.Number,
                        state = best.State.ToString(),
                        primary_metric = new { name = sweep.Objective.PrimaryMetric, goal = sweep.Objective.Goal.ToString().ToLowerInvariant(), value = best.Value, intervals = best.Intervals },
                        metrics = FinalMetrics(metrics).ToDictionary(m => m.Key, m => m.Value),
                        parameters = JsonDocument.Parse(best.Parameters.ToJson()).RootElement,
                        arguments = TrialArguments.Of(sweep, best),
                        duration_seconds = best.Duration?.TotalSeconds,
                        folder = sweep.TrialDirectory(best.Number),
                    },
                    front = front?.Select(t => FrontJson(sweep, t)),
                    hypervolume = front is null ? null : (double?)SweepHypervolume.Of(trials, sweep.Objectives).Value,
                }));
                return ExitCodes.Ok;
            }

            if (front is not null)
            {
                PrintFront(sweep, trials, Console.Out);
                return ExitCodes.Ok;
            }

            await PrintAsync(sweepStore, sweep, best, Console.Out, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Prints the best trial: id, primary metric, final metrics, parameters, arguments, folder.</summary>
    public static async Task PrintAsync(ISweepStore store, SweepRecord sweep, TrialRecord best, TextWriter output, CancellationToken cancellationToken)
    {
        var metrics = await store.GetMetricsAsync(best.Id, cancellationToken);
        output.WriteLine($"Best trial: {best.DisplayId} ({best.State.ToString().ToLowerInvariant()}, {Format.Duration(best.Duration)})");
        output.WriteLine($"  {sweep.Objective.PrimaryMetric} = {Format.Number(best.Value)} (best of {best.Intervals} logged, {sweep.Objective.Goal.ToString().ToLowerInvariant()})");
        var final = FinalMetrics(metrics);
        if (final.Count > 0)
        {
            output.WriteLine("  Metrics (last logged values):");
            var width = final.Max(m => m.Key.Length);
            foreach (var (name, value) in final)
            {
                output.WriteLine($"    {name.PadRight(width)}  {Format.Number(value)}");
            }
        }

        output.WriteLine("  Parameters:");
        var pwidth = best.Parameters.Max(p => p.Key.Length);
        foreach (var (name, value) in best.Parameters)
        {
            output.WriteLine($"    {name.PadRight(pwidth)}  {value}");
        }

        output.WriteLine($"  Arguments: {ShellWords.Join(TrialArguments.Of(sweep, best))}");
        output.WriteLine($"  Folder:    {sweep.TrialDirectory(best.Number)}");
    }

    /// <summary>Why a sweep has no best trial yet: none logged the primary metric, or every one that did is infeasible.</summary>
    public static string NoBest(SweepRecord sweep, IReadOnlyList<TrialRecord> trials)
    {
        var infeasible = trials.Where(t => !t.IsFeasible).ToList();
        if (infeasible.Count == 0)
        {
            return $"Sweep '{sweep.Name}' (id {sweep.Id}) has no finished trial that logged '{sweep.Objective.PrimaryMetric}' yet ({trials.Count} trials).";
        }

        var common = infeasible.GroupBy(t => t.Infeasibility).OrderByDescending(g => g.Count()).First();
        return $"Sweep '{sweep.Name}' (id {sweep.Id}) has no feasible trial: {infeasible.Count} of {trials.Count} trials broke a constraint ({string.Join(", ", sweep.Constraints)}); e.g. trial {common.First().DisplayId}: {common.Key}.";
    }

    /// <summary>
    /// Prints a multi-objective sweep's Pareto front: one row per trial on it with every objective's value and the
    /// parameters, sorted by the primary objective, and the front's hypervolume.
    /// </summary>
    public static void PrintFront(SweepRecord sweep, IReadOnlyList<TrialRecord> trials, TextWriter output)
    {
        var front = ParetoFront.Of(trials, sweep.Objectives).OrderBy(t => sweep.Objective.ToLoss(t.Value!.Value)).ThenBy(t => t.Number).ToList();
        var goals = string.Join(", ", sweep.Objectives.Select(o => $"{o.Goal.ToString().ToLowerInvariant()} {o.PrimaryMetric}"));
        if (front.Count == 0)
        {
            output.WriteLine(trials.Any(t => !t.IsFeasible) ? NoBest(sweep, trials) : $"Sweep '{sweep.Name}' (id {sweep.Id}) has no finished trial with a value for every objective ({goals}) yet ({trials.Count} trials).");
            return;
        }

        var hypervolume = SweepHypervolume.Of(trials, sweep.Objectives);
        output.WriteLine($"Pareto front: {front.Count} of {trials.Count} trials ({goals}); no other trial is at least as good on every objective and better on one.");
        output.WriteLine($"  Hypervolume {Format.Number(hypervolume.Value)} (reference point {string.Join(", ", hypervolume.Reference.Select((r, i) => $"{sweep.Objectives[i].PrimaryMetric} {Format.Number(sweep.Objectives[i].ToLoss(r))}"))})");
        var names = front.SelectMany(t => t.Parameters.Names).Distinct().ToList();
        var table = new Table(["id", .. sweep.Objectives.Select(o => o.PrimaryMetric), .. names]);
        foreach (var t in front)
        {
            table.Add([t.DisplayId, .. t.ObjectiveValues.Select(Format.Number), .. names.Select(n => t.Parameters.TryGetValue(n, out var v) ? Format.Parameter(v) : string.Empty)]);
        }

        output.Write(table.Render(maxCellWidth: 40, maxWidth: CommonOptions.TableWidth(false)));
        output.WriteLine($"  One trial in full (arguments, metrics, folder): hypersweep trials {sweep.Id} NUMBER");
    }

    /// <summary>A trial's value of each objective, by metric name (null where none was logged), for --json.</summary>
    public static Dictionary<string, double?> ObjectiveValuesJson(SweepRecord sweep, TrialRecord t) =>
        sweep.Objectives.Select((o, i) => (o.PrimaryMetric, Value: t.ObjectiveValue(i))).ToDictionary(p => p.PrimaryMetric, p => p.Value, StringComparer.Ordinal);

    private static object FrontJson(SweepRecord sweep, TrialRecord t) => new
    {
        id = t.DisplayId,
        number = t.Number,
        state = t.State.ToString(),
        values = ObjectiveValuesJson(sweep, t),
        parameters = JsonDocument.Parse(t.Parameters.ToJson()).RootElement,
        arguments = TrialArguments.Of(sweep, t),
        folder = sweep.TrialDirectory(t.Number),
    };

    /// <summary>The last value of each metric, in the order metrics were first logged.</summary>
    public static List<KeyValuePair<string, double>> FinalMetrics(IEnumerable<MetricPoint> metrics)
    {
        var order = new List<string>();
        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in metrics)
        {
            if (!last.ContainsKey(m.Name))
            {
                order.Add(m.Name);
            }

            last[m.Name] = m.Value;
        }

        return [.. order.Select(n => new KeyValuePair<string, double>(n, last[n]))];
    }

    public static object SweepJson(SweepRecord sweep) => new
    {
        id = sweep.Id,
        name = sweep.Name,
        state = sweep.State.ToString(),
        message = sweep.Message,
        primary_metric = sweep.Objective.PrimaryMetric,
        goal = sweep.Objective.Goal.ToString().ToLowerInvariant(),
        objectives = sweep.Objectives.Select(o => new { metric = o.PrimaryMetric, goal = o.Goal.ToString().ToLowerInvariant() }),
        constraints = sweep.Constraints.Select(c => c.ToString()),
        sampler = sweep.Sampler,
        policy = sweep.Policy,
        seed = sweep.Seed,
        created_at = sweep.CreatedAt,
        ended_at = sweep.EndedAt,
        tags = sweep.Tags,
        note = sweep.Note,
    };
}
