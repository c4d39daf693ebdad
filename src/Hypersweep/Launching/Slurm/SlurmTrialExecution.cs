using Hypersweep.Metrics;
using Hypersweep.Trials;

namespace Hypersweep.Launching.Slurm;

/// <summary>
/// A trial running as a Slurm batch job. Its stdout file is read for metric lines while the job runs (at the poll
/// interval, at most every half second) and once more after it ends, so every metric is reported before
/// <see cref="Completion"/> completes.
/// </summary>
internal sealed class SlurmTrialExecution : ITrialExecution
{
    private static readonly TimeSpan MaxReadInterval = TimeSpan.FromSeconds(0.5);
    private readonly SlurmLauncher _launcher;
    private readonly OutputTail _stdout;
    private readonly string _stderrPath;
    private readonly ITrialObserver _observer;
    private readonly StdoutMetrics _metrics;
    private int _lineNumber;
    private int _stopping;

    internal SlurmTrialExecution(SlurmLauncher launcher, string jobId, TrialInvocation invocation, OutputTail stdout, string stderrPath, ITrialObserver observer, RegexMetricCollector? regex)
    {
        _launcher = launcher;
        JobId = jobId;
        Invocation = invocation;
        _stdout = stdout;
        _stderrPath = stderrPath;
        _observer = observer;
        _metrics = new StdoutMetrics(observer, regex);
        Completion = FollowAsync();
    }

    /// <summary>The Slurm job id (also in <c>slurm-job-id.txt</c> in the trial's folder; the job is named <c>hypersweep-SWEEP-NUMBER</c>).</summary>
    public string JobId { get; }

    /// <summary>Always null: the trial's process runs under Slurm, maybe on another node.</summary>
    public int? ProcessId => null;

    /// <inheritdoc />
    public TrialInvocation? Invocation { get; }

    /// <inheritdoc />
    public Task<TrialExit> Completion { get; }

    /// <summary>True once <see cref="Stop"/> has been called.</summary>
    public bool StopRequested => Volatile.Read(ref _stopping) == 1;

    /// <summary>
    /// Cancels the job with <c>scancel</c> (it ends CANCELLED: Slurm sends its processes SIGTERM, then SIGKILL after the
    /// cluster's KillWait); if it has still not ended after <paramref name="gracePeriod"/>,
    /// <c>scancel --signal=KILL --full</c> kills what is left. Returns at once.
    /// </summary>
    public void Stop(TimeSpan gracePeriod)
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 1 || Completion.IsCompleted)
        {
            return;
        }

        _launcher.Track(CancelAsync(gracePeriod));
    }

    private async Task CancelAsync(TimeSpan gracePeriod)
    {
        if (await _launcher.Client.CancelAsync(JobId).ConfigureAwait(false) is { } error && !Completion.IsCompleted)
        {
            _observer.OnWarning($"scancel {JobId} failed: {error}");
        }

        _ = KillAfterAsync(gracePeriod);
    }

    private async Task KillAfterAsync(TimeSpan gracePeriod)
    {
        using var grace = new CancellationTokenSource(gracePeriod, _launcher.Time);
        try
        {
            await Completion.WaitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _launcher.Client.CancelAsync(JobId, "KILL").ConfigureAwait(false);
        }
    }

    private async Task<TrialExit> FollowAsync()
    {
        var ended = _launcher.FollowAsync(JobId, _observer.OnWarning);
        var interval = _launcher.Settings.PollInterval < MaxReadInterval ? _launcher.Settings.PollInterval : MaxReadInterval;
        while (!ended.IsCompleted)
        {
            await Task.WhenAny(ended, Task.Delay(interval, _launcher.Time)).ConfigureAwait(false);
            Collect(_stdout.Read());
        }

        var job = await ended.ConfigureAwait(false);
        Collect(_stdout.Read(final: true));
        if (job.State == "COMPLETED")
        {
            return new TrialExit(job.ExitCode ?? 0, null);
        }

        // Whatever Slurm says, a job that did not complete did not succeed: never report exit code 0 for it.
        var code = job.ExitCode is 0 ? null : job.ExitCode;
        var message = SlurmLauncher.Describe(job, _launcher.Settings, StopRequested);
        var tail = LogTail.LastLines(_stderrPath, StderrTail.Lines);
        message += "; " + StderrTail.Describe(tail);
        return new TrialExit(code, message);
    }

    private void Collect(List<string> lines)
    {
        foreach (var line in lines)
        {
            _metrics.Read(line, ++_lineNumber);
        }
    }
}
