using Hypersweep.Launching;
using System.CommandLine;
using System.Text.Json;
using Hypersweep.Cli.Output;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Sweeps;
using Hypersweep.Trials;

namespace Hypersweep.Cli.Commands;

/// <summary>
/// <c>hypersweep best SWEEP</c>: the best trial (HyperDrive's get_best_run_by_primary_metric), its final metrics
/// (get_metrics) and its arguments.
/// </summary>
internal static class BestCommand
{
    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var command = new Command("best", "Show the best trial of a sweep: its id, all its final metrics and its arguments.") { sweepArgument, store, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var sweepStore = CommonOptions.OpenForReading(parse.GetValue(store));
            var sweep = await CommonOptions.FindSweepAsync(sweepStore, parse.GetValue(sweepArgument)!, cancellationToken);
            var trials = await sweepStore.ListTrialsAsync(sweep.Id, cancellationToken);
            var best = BestTrial.Of(trials, sweep.Objective.Goal);
            if (best is null)
            {
                if (parse.GetValue(json))
                {
                    Console.WriteLine(Json.Write(new { sweep = SweepJson(sweep), best = (object?)null }));
                    return ExitCodes.Ok;
                }

                Console.WriteLine($"Sweep '{sweep.Name}' (id {sweep.Id}) has no finished trial that logged '{sweep.Objective.PrimaryMetric}' yet ({trials.Count} trials).");
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
                }));
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
        sampler = sweep.Sampler,
        policy = sweep.Policy,
        seed = sweep.Seed,
        created_at = sweep.CreatedAt,
        ended_at = sweep.EndedAt,
    };
}
