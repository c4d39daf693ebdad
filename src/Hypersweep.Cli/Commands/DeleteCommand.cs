using System.CommandLine;
using Hypersweep.Cli.Output;
using Hypersweep.Sweeps;

namespace Hypersweep.Cli.Commands;

/// <summary>
/// <c>hypersweep delete SWEEP</c>: removes a sweep's records (trials, their histories and metrics) and its folder
/// (logs, outputs, checkpoints). Asks first on a terminal; elsewhere it needs <c>--yes</c>. A sweep still running here
/// is refused (cancel it first), and so is one whose checkpoints another sweep's trials resumed from.
/// </summary>
internal static class DeleteCommand
{
    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var store = CommonOptions.Store();
        var yes = new Option<bool>("--yes", "-y") { Description = "Delete without asking." };
        var keepFiles = new Option<bool>("--keep-files") { Description = "Delete the records only; keep the sweep's folder (trial logs, outputs, checkpoints)." };
        var json = CommonOptions.Json();
        var command = new Command("delete", "Delete a sweep: its records in the store and its folder of trial logs, outputs and checkpoints. Asks first unless --yes is given.") { sweepArgument, store, yes, keepFiles, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var sweepStore = CommonOptions.OpenForReading(parse.GetValue(store));
            var sweep = await CommonOptions.FindSweepAsync(sweepStore, parse.GetValue(sweepArgument)!, cancellationToken);
            var trials = await sweepStore.ListTrialsAsync(sweep.Id, cancellationToken);
            var what = $"sweep '{sweep.Name}' (id {sweep.Id}, {sweep.State.ToString().ToLowerInvariant()}, {trials.Count} trials)" + (parse.GetValue(keepFiles) ? string.Empty : $" and its folder {sweep.ArtifactsDirectory}");
            if (!parse.GetValue(yes))
            {
                if (Console.IsInputRedirected)
                {
                    throw new CliError($"Not deleting {what}: add --yes to delete without a terminal to ask on.");
                }

                Console.Write($"Delete {what}? [y/N] ");
                var answer = Console.ReadLine()?.Trim();
                if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
                {
                    Console.WriteLine("Nothing deleted.");
                    return ExitCodes.Ok;
                }
            }

            var folder = await SweepControl.DeleteAsync(sweepStore, sweep, parse.GetValue(keepFiles), cancellationToken);
            Console.WriteLine(parse.GetValue(json)
                ? Json.Write(new { deleted = sweep.Id, name = sweep.Name, trials = trials.Count, store = sweepStore.Location, folder })
                : $"Deleted sweep '{sweep.Name}' (id {sweep.Id}) and its {trials.Count} trials from {sweepStore.Location}" + (folder is null ? "." : $", and its folder {folder}."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
