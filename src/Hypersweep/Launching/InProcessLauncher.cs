using Hypersweep.Metrics;
using Hypersweep.Trials;

namespace Hypersweep.Launching;

/// <summary>
/// Runs each trial as a call of a delegate in this process (an ML.NET or TorchSharp model trained in code). The
/// delegate reports metrics through <see cref="Trial.Report"/>; stopping a trial cancels its token, and a trial that
/// ignores the token for the grace period is abandoned (recorded as stopped; its later reports are ignored).
/// </summary>
internal sealed class InProcessLauncher : ITrialLauncher
{
    private readonly Func<Trial, CancellationToken, Task> _objective;
    private readonly TimeProvider _time;

    /// <summary>Creates a launcher for an objective.</summary>
    /// <param name="objective">The trial's code.</param>
    /// <param name="time">The clock of the grace period a stopped objective gets; null for the system clock.</param>
    public InProcessLauncher(Func<Trial, CancellationToken, Task> objective, TimeProvider? time = null)
    {
        _objective = objective;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public bool StartsAtOnce => true;

    /// <inheritdoc />
    public Task<ITrialExecution> StartAsync(TrialLaunch launch, ITrialObserver observer, CancellationToken cancellationToken = default)
    {
        var trial = new Trial(launch, observer);
        return Task.FromResult<ITrialExecution>(new Execution(trial, _objective, _time));
    }

    // The token source has no timer or linked tokens, so it holds nothing that needs disposing.
#pragma warning disable CA1001
    private sealed class Execution : ITrialExecution
#pragma warning restore CA1001
    {
        private readonly CancellationTokenSource _cancellation = new();
        private readonly TaskCompletionSource<TrialExit> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TimeProvider _time;

        public Execution(Trial trial, Func<Trial, CancellationToken, Task> objective, TimeProvider time)
        {
            _time = time;
            _ = RunAsync(trial, objective);
        }

        public int? ProcessId => null;

        public TrialInvocation? Invocation => null;

        public Task<TrialExit> Completion => _completion.Task;

        public void Stop(TimeSpan gracePeriod)
        {
            if (_completion.Task.IsCompleted)
            {
                return;
            }

            _cancellation.Cancel();
            _ = Task.Delay(gracePeriod, _time).ContinueWith(
                _ => _completion.TrySetResult(new TrialExit(null, $"the objective ignored cancellation for {gracePeriod.TotalSeconds:0.#} s and was abandoned")),
                TaskScheduler.Default);
        }

        private async Task RunAsync(Trial trial, Func<Trial, CancellationToken, Task> objective)
        {
            TrialExit exit;
            try
            {
                await Task.Yield();
                await objective(trial, _cancellation.Token).ConfigureAwait(false);
                exit = new TrialExit(0, null);
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                exit = new TrialExit(null, "stopped");
            }
            catch (Exception e)
            {
                var text = $"{e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}";
                exit = new TrialExit(1, text.Length > 4000 ? text[..4000] : text);
            }

            trial.Close();
            _completion.TrySetResult(exit);
        }
    }
}

/// <summary>A trial as an in-process objective sees it: its hyperparameters, its folder, and where to report metrics.</summary>
public sealed class Trial
{
    private readonly ITrialObserver _observer;
    private volatile bool _closed;

    internal Trial(TrialLaunch launch, ITrialObserver observer)
    {
        _observer = observer;
        Number = launch.Trial.Number;
        Id = launch.Trial.DisplayId;
        Parameters = launch.Trial.Parameters;
        OutputDirectory = launch.OutputDirectory;
        ResumeFrom = launch.ResumeFrom;
    }

    /// <summary>The trial's number within its sweep, from 0.</summary>
    public int Number { get; }

    /// <summary>The trial's id, <c>SWEEP-NUMBER</c>.</summary>
    public string Id { get; }

    /// <summary>The hyperparameters.</summary>
    public Space.ParameterSet Parameters { get; }

    /// <summary>The trial's folder for outputs and checkpoints (created on first use by the caller).</summary>
    public string OutputDirectory { get; }

    /// <summary>A checkpoint folder to resume from, or null.</summary>
    public string? ResumeFrom { get; }

    /// <summary>A parameter as a double.</summary>
    public double GetDouble(string name) => Parameters[name].AsDouble();

    /// <summary>A parameter as a whole number.</summary>
    public long GetInt64(string name) => Parameters[name].AsInt64();

    /// <summary>A parameter as an int.</summary>
    public int GetInt32(string name) => checked((int)Parameters[name].AsInt64());

    /// <summary>A parameter as a string.</summary>
    public string GetString(string name) => Parameters[name].AsString();

    /// <summary>A parameter as a boolean.</summary>
    public bool GetBoolean(string name) => Parameters[name].AsBoolean();

    /// <summary>
    /// Reports one value of a metric and returns at once; each value of the primary metric is one interval for early
    /// termination. When a policy stops the trial, the objective's cancellation token is canceled.
    /// </summary>
    public void Report(string name, double value, long? step = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_closed)
        {
            _observer.OnMetric(new ReportedMetric(name, value, step));
        }
    }

    /// <summary>
    /// Reports one value of a metric and waits until the scheduler has taken it into account, including the
    /// early-termination decision (as Optuna's report + should_prune). Returns true when the trial is being stopped:
    /// the objective should then return (its cancellation token is canceled too).
    /// </summary>
    public Task<bool> ReportAsync(string name, double value, long? step = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _closed ? Task.FromResult(true) : _observer.OnMetricAcknowledgedAsync(new ReportedMetric(name, value, step));
    }

    internal void Close() => _closed = true;
}
