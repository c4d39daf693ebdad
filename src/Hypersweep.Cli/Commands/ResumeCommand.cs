using System.CommandLine;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;

namespace Hypersweep.Cli.Commands;

/// <summary><c>hypersweep resume SWEEP</c>: continues a sweep after its controller stopped (Ctrl+C, a crash, SIGKILL).</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var store = CommonOptions.Store();
        var quiet = new Option<bool>("--quiet") { Description = "Print only finished trials and the result." };
        var plain = CommonOptions.Plain();
        var command = new Command("resume", "Continue a sweep whose controller stopped: keep finished trials, run orphaned ones again, go on to the budget.") { sweepArgument, store, quiet, plain };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var sweepStore = CommonOptions.OpenForReading(parse.GetValue(store));
            var sweep = await CommonOptions.FindSweepAsync(sweepStore, parse.GetValue(sweepArgument)!, cancellationToken);
            // Trials queued with 'hypersweep enqueue' after the sweep used its budget still run.
            if (sweep.EndReason is { } reason && !reason.CanContinue() && (await sweepStore.ListQueuedTrialsAsync(sweep.Id, cancellationToken)).Count == 0)
            {
                Console.WriteLine($"Sweep '{sweep.Name}' (id {sweep.Id}) has already completed ({sweep.Message}); there is nothing to resume.");
                return ExitCodes.Ok;
            }

            var spec = RecordedSpec.Read(sweep);
            return await SweepConsole.RunAsync(spec, sweepStore, parse.GetValue(quiet), parse.GetValue(plain), (s, launcher, ct) => s.ResumeAsync(sweep.Id, launcher, ct), cancellationToken);
        });
        return command;
    }
}
