using System.CommandLine;
using System.Globalization;
using Hypersweep.Analysis;
using Hypersweep.Cli.Output;
using Hypersweep.SweepFiles;

namespace Hypersweep.Cli.Commands;

/// <summary><c>hypersweep importance SWEEP</c>: how much each hyperparameter mattered (PED-ANOVA), most important first.</summary>
internal static class ImportanceCommand
{
    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var command = new Command(
            "importance",
            $"How much each hyperparameter mattered: PED-ANOVA, how differently its values are spread among the best {ParameterImportance.TopQuantile * 100:0}% of the finished trials than among all of them (on the scale it is sampled on). Importances sum to 1.")
        { sweepArgument, store, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var sweepStore = CommonOptions.OpenForReading(parse.GetValue(store));
            var sweep = await CommonOptions.FindSweepAsync(sweepStore, parse.GetValue(sweepArgument)!, cancellationToken);
            var spec = RecordedSpec.Read(sweep, requireTrial: false);
            var trials = await sweepStore.ListTrialsAsync(sweep.Id, cancellationToken);
            var importance = ParameterImportance.Of(spec.SearchSpace, trials, sweep.Objective.Goal);
            var ranked = importance.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
            if (parse.GetValue(json))
            {
                Console.WriteLine(Json.Write(new
                {
                    sweep = BestCommand.SweepJson(sweep),
                    method = "ped-anova",
                    top_quantile = ParameterImportance.TopQuantile,
                    importance = ranked.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
                }));
                return ExitCodes.Ok;
            }

            if (ranked.Count == 0)
            {
                Console.WriteLine($"Sweep '{sweep.Name}' (id {sweep.Id}) has too few finished trials with a value of {sweep.Objective.PrimaryMetric} to rate its parameters: {ParameterImportance.MinTrials} are needed.");
                return ExitCodes.Ok;
            }

            Console.WriteLine($"Sweep '{sweep.Name}' (id {sweep.Id}): how much each parameter mattered to {sweep.Objective.PrimaryMetric} (PED-ANOVA over the best {ParameterImportance.TopQuantile * 100:0}% of the finished trials; sums to 1)");
            var width = ranked.Max(p => p.Key.Length);
            foreach (var (name, value) in ranked)
            {
                var bar = new string('#', (int)Math.Round(value * 40));
                Console.WriteLine($"  {name.PadRight(width)}  {value.ToString("0.000", CultureInfo.InvariantCulture)}  {bar}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
