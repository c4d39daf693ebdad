using System.CommandLine;
using Hypersweep.SweepFiles;
using Hypersweep.Sweeps;

namespace Hypersweep.Cli.Commands;

/// <summary><c>hypersweep worker SWEEP --store postgresql://...</c>: joins a shared sweep from any machine and runs trials there.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var store = CommonOptions.Store();
        var options = WorkerSettings.Create();
        var quiet = new Option<bool>("--quiet") { Description = "Print only finished trials and the result." };
        var plain = CommonOptions.Plain();
        var command = new Command("worker", "Join a shared sweep (a PostgreSQL store, or a SQLite file on this machine) and run its trials here until it ends.") { sweepArgument, store, quiet, plain };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var sweepStore = CommonOptions.OpenForReading(parse.GetValue(store));
            var sweep = await CommonOptions.FindSweepAsync(sweepStore, parse.GetValue(sweepArgument)!, cancellationToken);
            var spec = RecordedSpec.Read(sweep);
            var worker = options.Read(parse);
            Console.WriteLine($"Worker {worker.Id} joins sweep '{sweep.Name}' (id {sweep.Id}).");
            return await SweepConsole.RunAsync(spec, sweepStore, parse.GetValue(quiet), parse.GetValue(plain), (s, launcher, ct) => s.JoinAsync(sweep.Id, launcher, worker, ct), cancellationToken);
        });
        return command;
    }
}

/// <summary>The options of a worker, shared by <c>worker</c> and <c>run</c> on a shared store.</summary>
internal sealed class WorkerSettings
{
    private readonly Option<double> _timeout = new("--worker-timeout") { Description = "Seconds a worker may be silent before the others re-queue its trials.", DefaultValueFactory = _ => 60 };
    private readonly Option<double> _heartbeat = new("--heartbeat") { Description = "Seconds between a worker's heartbeats.", DefaultValueFactory = _ => 2 };
    private readonly Option<int?> _local = new("--max-local-trials") { Description = "The most trials this worker runs at once (the sweep's max_concurrent_trials holds across all workers)." };

    public static WorkerSettings Create() => new();

    public void AddTo(Command command)
    {
        command.Options.Add(_timeout);
        command.Options.Add(_heartbeat);
        command.Options.Add(_local);
    }

    public WorkerOptions Read(ParseResult parse) => new()
    {
        WorkerTimeout = TimeSpan.FromSeconds(parse.GetValue(_timeout)),
        HeartbeatInterval = TimeSpan.FromSeconds(parse.GetValue(_heartbeat)),
        PollInterval = TimeSpan.FromSeconds(Math.Min(1, parse.GetValue(_heartbeat))),
        MaxLocalTrials = parse.GetValue(_local),
    };
}
