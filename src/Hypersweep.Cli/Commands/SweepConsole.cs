using System.Runtime.InteropServices;
using Hypersweep.Cli.Output;
using Hypersweep.Launching;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Sweeps;
using Spectre.Console;

namespace Hypersweep.Cli.Commands;

/// <summary>What run, resume and resume-trials share: live progress, Ctrl+C handling, the summary and the exit code.</summary>
internal static class SweepConsole
{
    /// <summary>Runs a sweep action with progress on the console and returns the exit code.</summary>
    /// <param name="spec">The sweep.</param>
    /// <param name="store">Its store.</param>
    /// <param name="quiet">Only finished trials and the result (log lines).</param>
    /// <param name="plain">Log lines even on a terminal, instead of the live view.</param>
    /// <param name="action">What to do with the sweep: run, resume, join.</param>
    /// <param name="cancellationToken">Not used for stopping: Ctrl+C and SIGTERM are handled here.</param>
    public static async Task<int> RunAsync(SweepSpec spec, ISweepStore store, bool quiet, bool plain, Func<Sweep, ITrialLauncher, CancellationToken, Task<SweepResult>> action, CancellationToken cancellationToken)
    {
        var template = spec.Trial ?? throw new SweepFileException(spec.SourcePath ?? "sweep file", [new SweepFileError(spec.SourcePath ?? "sweep file", 0, 0, "trial", "is required to run a sweep from the command line: a mapping with command (and code, environment_variables)")]);
        foreach (var warning in spec.Warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        using var stop = new StopSignal();
        var time = TimeProvider.System;
        var live = !quiet && !plain && LiveView.IsWanted();
        ISweepProgress progress = new ProgressPrinter(Console.Out, Console.Error, spec.Objective.PrimaryMetric, quiet, time);
        var sweep = new Sweep(spec)
        {
            Store = store,
            TimeProvider = time,
            OnUpdate = update =>
            {
                if (update.Kind == SweepUpdateKind.Started)
                {
                    Console.WriteLine(Describe(update, spec, store.Location));
                    if (live)
                    {
                        // The description stays above; the live view draws below it from here on.
                        progress = LiveView.Start(AnsiConsole.Console, spec.Objective.PrimaryMetric, time);
                    }
                }

                progress.OnUpdate(update);
            },
        };
        SweepResult result;
        try
        {
            result = await action(sweep, template.CreateLauncher(time), stop.Token);
        }
        finally
        {
            await progress.DisposeAsync();
        }

        Console.WriteLine();
        Console.WriteLine($"Sweep '{result.Sweep.Name}' (id {result.Sweep.Id}) {result.Sweep.State.ToString().ToLowerInvariant()}: {result.Sweep.Message}.");
        var c = result.Counts;
        Console.WriteLine($"{c.Total} trials: {c.Completed} completed, {c.Failed} failed, {c.Terminated} terminated, {c.Canceled} canceled.");
        if (result.Sweep.SecondaryObjectives.Count > 0)
        {
            Console.WriteLine();
            BestCommand.PrintFront(result.Sweep, result.Trials, Console.Out);
        }
        else if (result.Best is not null)
        {
            Console.WriteLine();
            await BestCommand.PrintAsync(store, result.Sweep, result.Best, Console.Out, cancellationToken);
        }
        else if (result.Trials.Any(t => !t.IsFeasible))
        {
            Console.WriteLine(BestCommand.NoBest(result.Sweep, result.Trials));
        }
        else
        {
            Console.WriteLine($"No trial logged the primary metric '{spec.Objective.PrimaryMetric}'. The trials' logs are in {result.Sweep.ArtifactsDirectory}.");
        }

        if (result.Sweep.State == SweepState.Canceled)
        {
            Console.WriteLine($"Continue it with: hypersweep resume {result.Sweep.Id}{(store.Location == SqliteSweepStore.ResolvePath(null) ? string.Empty : $" --store {store.Location}")}");
        }

        return result.Sweep.State switch
        {
            SweepState.Completed => ExitCodes.Ok,
            SweepState.Canceled => ExitCodes.Canceled,
            _ => ExitCodes.SweepFailed,
        };
    }

    private static string Describe(SweepUpdate update, SweepSpec spec, string store)
    {
        var sweep = update.Sweep;
        var sampling = spec.Sampling.Rule == SamplingRule.Sobol ? "random (sobol)" : spec.Sampling.Name;
        var policy = spec.EarlyTermination is { } p ? $", early termination {p}" : string.Empty;
        var resumed = update.Counts.Total > 0 ? $"{Environment.NewLine}  resuming: {update.Counts.Done} of {spec.Limits.MaxTotalTrials} trials done" : string.Empty;
        var warm = sweep.WarmStart.Count > 0 ? $"{Environment.NewLine}  learning from sweeps {string.Join(", ", sweep.WarmStart)}" : string.Empty;
        return $"Sweep '{sweep.Name}' (id {sweep.Id}) in {store}{Environment.NewLine}" +
               $"  {spec.SearchSpace.Count} parameters, {sampling} sampling (seed {sweep.Seed}), {spec.Objective.Goal.ToString().ToLowerInvariant()} {spec.Objective.PrimaryMetric}, " +
               $"up to {spec.Limits.MaxTotalTrials} trials, {spec.Limits.EffectiveMaxConcurrentTrials} at a time{policy}{resumed}{warm}{Environment.NewLine}" +
               (spec.Trial?.Slurm is { } slurm ? $"  trials run as Slurm jobs: {slurm}{Environment.NewLine}" : string.Empty) +
               $"  trial logs: {sweep.ArtifactsDirectory}{Environment.NewLine}" +
               (spec.Trial?.Slurm is null
                   ? "  Ctrl+C stops the sweep (running trials get SIGTERM, then SIGKILL after the grace period)."
                   : "  Ctrl+C stops the sweep (running jobs are cancelled with scancel).");
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
                Console.Error.WriteLine("Stopping: canceling the running trials (press Ctrl+C again to quit at once, killing them)...");
                _source.Cancel();
            }
            else
            {
                // Quitting at once leaves no trial behind: their processes are in sessions of their own.
                LocalProcessLauncher.KillEveryRunningTrial();
                Environment.Exit(ExitCodes.Canceled);
            }
        }
    }
}
