using System.CommandLine;
using Hypersweep.Cli.Output;
using Hypersweep.Launching;
using Hypersweep.Pareto;

namespace Hypersweep.Cli.Commands;

/// <summary>
/// <c>hypersweep trials SWEEP</c>: every trial with its state, parameters, primary metric, duration and why it ended;
/// <c>hypersweep trials SWEEP TRIAL</c> (or <c>trials SWEEPID-NUMBER</c>): one trial in full (<see cref="TrialView"/>).
/// </summary>
internal static class TrialsCommand
{
    private static readonly string[] FirstColumns = ["id", "state"];

    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var wide = CommonOptions.Wide();
        var metrics = new Option<bool>("--metrics") { Description = "With --json: every value each trial logged, per metric (value, step, time)." };
        var trialArgument = new Argument<string?>("trial") { Description = "One trial to show in full: its number in the sweep, or its id (SWEEPID-NUMBER, which also works alone: trials 3-17).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("trials", "List the trials of a sweep: id, state, parameters, primary metric, duration, and why a trial failed or was stopped. With a trial: that trial in full (state history, arguments, metrics, folder, stderr tail).") { sweepArgument, trialArgument, store, json, metrics, wide };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var sweepStore = CommonOptions.OpenForReading(parse.GetValue(store));
            var name = parse.GetValue(sweepArgument)!;
            var one = parse.GetValue(trialArgument);
            if (one is null && await sweepStore.FindSweepAsync(name, cancellationToken) is null && TrialView.ParseId(name) is { } id)
            {
                (name, one) = (id.SweepId, id.Number);
            }

            var sweep = await CommonOptions.FindSweepAsync(sweepStore, name, cancellationToken);
            if (one is not null)
            {
                return await TrialView.ShowAsync(sweepStore, sweep, one, parse.GetValue(json), cancellationToken);
            }

            var trials = await sweepStore.ListTrialsAsync(sweep.Id, cancellationToken);
            var several = sweep.SecondaryObjectives.Count > 0;
            var front = several ? ParetoFront.Of(trials, sweep.Objectives).Select(t => t.Id).ToHashSet() : [];
            if (parse.GetValue(json))
            {
                // With --metrics, every trial's values (none: an empty list) from one query for the whole sweep.
                var logged = parse.GetValue(metrics) ? await sweepStore.GetAllSweepMetricsAsync(sweep.Id, cancellationToken) : null;
                Console.WriteLine(new TrialsJson(sweep, front).Write(trials, t => logged is null ? null : logged.GetValueOrDefault(t.Id) ?? []));
                return ExitCodes.Ok;
            }

            var names = trials.SelectMany(t => t.Parameters.Names).Distinct().ToList();
            var table = new Table([.. FirstColumns, .. names, .. sweep.Objectives.Select(o => o.PrimaryMetric), .. several ? ["front"] : Array.Empty<string>(), "n", "duration", "note"]);
            foreach (var t in trials)
            {
                var cells = new List<string> { t.DisplayId, t.State.ToString().ToLowerInvariant() };
                cells.AddRange(names.Select(n => t.Parameters.TryGetValue(n, out var v) ? Format.Parameter(v) : string.Empty));
                cells.Add(Format.Value(t));
                if (several)
                {
                    cells.AddRange(sweep.SecondaryObjectives.Select((_, i) => Format.Number(t.ObjectiveValue(i + 1))));
                    cells.Add(front.Contains(t.Id) ? "*" : string.Empty);
                }

                cells.Add(t.Intervals.ToString(System.Globalization.CultureInfo.InvariantCulture));
                cells.Add(Format.Duration(t.Duration));
                cells.Add(!t.IsFeasible ? $"infeasible: {t.Infeasibility}" : t.State == Trials.TrialState.Completed ? string.Empty : TrialMessage.Summary(t.Message));
                table.Add([.. cells]);
            }

            Console.WriteLine($"Sweep '{sweep.Name}' (id {sweep.Id}), {sweep.State.ToString().ToLowerInvariant()}{(sweep.Message is null ? string.Empty : ": " + sweep.Message)}; {Goals(sweep)}");
            Console.Write(table.Render(maxCellWidth: 240, maxWidth: CommonOptions.TableWidth(parse.GetValue(wide))));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>What the value columns mean: the goal of each objective, how its value is taken, the constraints.</summary>
    private static string Goals(Storage.SweepRecord sweep)
    {
        var o = sweep.Objective;
        var text = sweep.SecondaryObjectives.Count == 0
            ? $"{o.Goal.ToString().ToLowerInvariant()} {o.PrimaryMetric} (best logged value per trial; n = values logged)"
            : $"{string.Join(", ", sweep.Objectives.Select(x => $"{x.Goal.ToString().ToLowerInvariant()} {x.PrimaryMetric}"))} ({o.PrimaryMetric}: best logged value, the others: last logged value; front: * on the Pareto front; n = values of {o.PrimaryMetric} logged)";
        return sweep.Constraints.Count == 0 ? text : $"{text}; constraints: {string.Join(", ", sweep.Constraints)}";
    }
}
