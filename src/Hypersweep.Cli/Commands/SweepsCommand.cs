using System.CommandLine;
using Hypersweep.Cli.Output;
using Hypersweep.Sweeps;

namespace Hypersweep.Cli.Commands;

/// <summary><c>hypersweep sweeps</c>: every sweep in the store with its state, progress and best value.</summary>
internal static class SweepsCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var command = new Command("sweeps", "List the sweeps in the store.") { store, json, wide };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var sweepStore = CommonOptions.OpenForReading(parse.GetValue(store));
            var sweeps = await sweepStore.ListSweepsAsync(cancellationToken);
            var rows = new List<(Storage.SweepRecord Sweep, SweepCounts Counts, Trials.TrialRecord? Best)>();
            foreach (var sweep in sweeps)
            {
                var trials = await sweepStore.ListTrialsAsync(sweep.Id, cancellationToken);
                rows.Add((sweep, SweepCounts.Of(trials), BestTrial.Of(trials, sweep.Objective.Goal)));
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(Json.Write(rows.Select(r => new
                {
                    sweep = BestCommand.SweepJson(r.Sweep),
                    trials = r.Counts.Total,
                    completed = r.Counts.Completed,
                    failed = r.Counts.Failed,
                    terminated = r.Counts.Terminated,
                    canceled = r.Counts.Canceled,
                    running = r.Counts.Running,
                    best_value = r.Best?.Value,
                    best_trial = r.Best?.DisplayId,
                })));
                return ExitCodes.Ok;
            }

            if (rows.Count == 0)
            {
                Console.WriteLine($"No sweeps yet in {sweepStore.Location}.");
                return ExitCodes.Ok;
            }

            var table = new Table("id", "name", "state", "trials", "failed", "best", "metric", "sampler", "policy", "created", "tags");
            foreach (var (sweep, counts, best) in rows)
            {
                table.Add(
                    sweep.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    sweep.Name,
                    sweep.State.ToString().ToLowerInvariant(),
                    $"{counts.Finished}/{counts.Total}",
                    counts.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Format.Number(best?.Value),
                    $"{sweep.Objective.Goal.ToString().ToLowerInvariant()[..3]} {sweep.Objective.PrimaryMetric}",
                    sweep.Sampler,
                    sweep.Policy ?? "none",
                    Format.Time(sweep.CreatedAt),
                    TagsCell(sweep));
            }

            Console.Write(table.Render(maxWidth: CommonOptions.TableWidth(parse.GetValue(wide))));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The tags as key=value and the note in quotes, or "-".</summary>
    private static string TagsCell(Storage.SweepRecord sweep) =>
        sweep.Tags.Count == 0 && sweep.Note is null ? "-" : string.Join(" ", sweep.Tags.Select(t => $"{t.Key}={t.Value}").Concat(sweep.Note is null ? [] : [$"\"{sweep.Note}\""]));
}
