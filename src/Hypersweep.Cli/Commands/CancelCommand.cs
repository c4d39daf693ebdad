using System.CommandLine;
using System.Globalization;
using Hypersweep.Cli.Output;
using Hypersweep.Storage;
using Hypersweep.Sweeps;

namespace Hypersweep.Cli.Commands;

/// <summary>
/// <c>hypersweep cancel SWEEP</c>: stops a sweep that another process runs (its controller, or the workers of a shared
/// store), cleanly: running trials end Canceled, the sweep ends Canceled, and <c>hypersweep resume</c> continues it.
/// </summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var store = CommonOptions.Store();
        var wait = new Option<double>("--wait")
        {
            Description = "How many seconds to wait for the processes running the sweep to stop it (default 60).",
            DefaultValueFactory = _ => 60,
        };
        var json = CommonOptions.Json();
        var command = new Command("cancel", "Cancel a sweep that another process runs (its controller or its workers): running trials are canceled, the sweep ends Canceled, and 'hypersweep resume' continues it.") { sweepArgument, store, wait, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var seconds = parse.GetValue(wait);
            if (!double.IsFinite(seconds) || seconds < 0)
            {
                throw new CliError($"--wait must be a number of seconds, 0 or more; got {seconds.ToString(CultureInfo.InvariantCulture)}.");
            }

            await using var sweepStore = SweepStores.Open(parse.GetValue(store), create: false);
            var sweep = await CommonOptions.FindSweepAsync(sweepStore, parse.GetValue(sweepArgument)!, cancellationToken);
            var asJson = parse.GetValue(json);
            if (sweep.State != SweepState.Running)
            {
                Console.WriteLine(asJson ? Result(sweep, canceledNow: 0) : $"Sweep '{sweep.Name}' (id {sweep.Id}) is not running: it ended {sweep.State.ToString().ToLowerInvariant()} ({sweep.Message}).");
                return ExitCodes.Ok;
            }

            if (!asJson)
            {
                Console.WriteLine($"Asking the processes running sweep '{sweep.Name}' (id {sweep.Id}) to cancel it; waiting up to {seconds.ToString(CultureInfo.InvariantCulture)} s for its trials to stop ...");
            }

            var ended = await SweepControl.CancelAsync(sweepStore, sweep, TimeSpan.FromSeconds(seconds), TimeProvider.System, cancellationToken);
            if (ended.State == SweepState.Running)
            {
                Console.Error.WriteLine($"hypersweep: sweep '{sweep.Name}' (id {sweep.Id}) is still running after {seconds.ToString(CultureInfo.InvariantCulture)} s; the request stands, and its processes stop it when they next look (about every second). 'hypersweep sweeps' shows when it has ended.");
                return ExitCodes.SweepFailed;
            }

            var trials = await sweepStore.ListTrialsAsync(sweep.Id, cancellationToken);
            var canceled = trials.Count(t => t.WasCanceledByUser);
            Console.WriteLine(asJson ? Result(ended, canceled) : $"Sweep '{ended.Name}' (id {ended.Id}) {ended.State.ToString().ToLowerInvariant()}: {ended.Message}; {canceled} running trial{(canceled == 1 ? " was" : "s were")} canceled. 'hypersweep resume {ended.Id}' continues it.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The sweep as the cancel left it, and how many of its trials the user's cancel stopped, as JSON.</summary>
    private static string Result(SweepRecord sweep, int canceledNow) =>
        Json.Write(new { sweep = BestCommand.SweepJson(sweep), canceled_trials = canceledNow });
}
