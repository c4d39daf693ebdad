using System.CommandLine;
using System.Runtime.InteropServices;
using Hypersweep.Cli.Output;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Sweeps;

namespace Hypersweep.Cli.Commands;

/// <summary><c>hypersweep run sweep.yml</c>: runs a sweep with live progress and prints the best trial at the end.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The sweep file (Azure ML v2 sweep job YAML)." };
        var store = CommonOptions.Store();
        var seed = new Option<long?>("--seed") { Description = "Seed for the sampler (overrides sampling_algorithm.seed)." };
        var name = new Option<string?>("--name") { Description = "Name of the sweep (overrides the file's name)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only finished trials and the result." };
        var command = new Command("run", "Run a sweep: sample hyperparameters, run the trials, print the best.") { file, store, seed, name, quiet };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var spec = SweepFile.Load(parse.GetValue(file)!);
            if (spec.Trial is null)
            {
                throw new SweepFileException(parse.GetValue(file)!, [new SweepFileError(parse.GetValue(file)!, 0, 0, "trial", "is required to run a sweep from the command line: a mapping with command (and code, environment_variables)")]);
            }

            if (parse.GetValue(seed) is { } s)
            {
                spec = spec with { Sampling = spec.Sampling with { Seed = s } };
            }

            if (parse.GetValue(name) is { } n)
            {
                spec = spec with { Name = n };
            }

            foreach (var warning in spec.Warnings)
            {
                Console.Error.WriteLine($"warning: {warning}");
            }

            await using var sweepStore = SweepStores.Open(parse.GetValue(store), create: true);
            using var stop = new StopSignal();
            var printer = new ProgressPrinter(Console.Out, Console.Error, spec.Objective.PrimaryMetric, parse.GetValue(quiet));
            var sweep = new Sweep(spec)
            {
                Store = sweepStore,
                OnUpdate = update =>
                {
                    if (update.Kind == SweepUpdateKind.Started)
                    {
                        Console.WriteLine(Describe(update.Sweep, spec, sweepStore.Location));
                    }

                    printer.OnUpdate(update);
                },
            };
            var result = await sweep.RunAsync(stop.Token);
            Console.WriteLine();
            Console.WriteLine($"Sweep '{result.Sweep.Name}' (id {result.Sweep.Id}) {result.Sweep.State.ToString().ToLowerInvariant()}: {result.Sweep.Message}.");
            var c = result.Counts;
            Console.WriteLine($"{c.Total} trials: {c.Completed} completed, {c.Failed} failed, {c.Terminated} terminated, {c.Canceled} canceled.");
            if (result.Best is not null)
            {
                Console.WriteLine();
                await BestCommand.PrintAsync(sweepStore, result.Sweep, result.Best, Console.Out, cancellationToken);
            }
            else
            {
                Console.WriteLine($"No trial logged the primary metric '{spec.Objective.PrimaryMetric}'. The trials' logs are in {result.Sweep.ArtifactsDirectory}.");
            }

            return result.Sweep.State switch
            {
                SweepState.Completed => ExitCodes.Ok,
                SweepState.Canceled => ExitCodes.Canceled,
                _ => ExitCodes.SweepFailed,
            };
        });
        return command;
    }

    private static string Describe(SweepRecord sweep, SweepSpec spec, string store)
    {
        var sampling = spec.Sampling.Rule == SamplingRule.Sobol ? "random (sobol)" : spec.Sampling.Name;
        var policy = spec.EarlyTermination is { } p ? $", early termination {p}" : string.Empty;
        return $"Sweep '{sweep.Name}' (id {sweep.Id}) in {store}{Environment.NewLine}" +
               $"  {spec.SearchSpace.Count} parameters, {sampling} sampling (seed {sweep.Seed}), {spec.Objective.Goal.ToString().ToLowerInvariant()} {spec.Objective.PrimaryMetric}, " +
               $"up to {spec.Limits.MaxTotalTrials} trials, {spec.Limits.EffectiveMaxConcurrentTrials} at a time{policy}{Environment.NewLine}" +
               $"  trial logs: {sweep.ArtifactsDirectory}{Environment.NewLine}" +
               "  Ctrl+C stops the sweep (running trials get SIGTERM, then SIGKILL after the grace period).";
    }

    /// <summary>Ctrl+C or SIGTERM once: a graceful stop. Ctrl+C twice: exit at once.</summary>
    private sealed class StopSignal : IDisposable
    {
        private readonly CancellationTokenSource _source = new();
        private readonly PosixSignalRegistration? _term;
        private int _presses;

        public StopSignal()
        {
            Console.CancelKeyPress += OnCancelKeyPress;
            _term = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                _source.Cancel();
            });
        }

        public CancellationToken Token => _source.Token;

        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
            _term?.Dispose();
            _source.Dispose();
        }

        private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            if (Interlocked.Increment(ref _presses) == 1)
            {
                Console.Error.WriteLine("Stopping: canceling the running trials (press Ctrl+C again to quit at once)...");
                _source.Cancel();
            }
            else
            {
                Environment.Exit(ExitCodes.Canceled);
            }
        }
    }
}
