using Hypersweep.Metrics;
using Hypersweep.Trials;

namespace Hypersweep.Launching;

/// <summary>Where and how trials run: a local process, an in-process delegate, a cluster job.</summary>
public interface ITrialLauncher
{
    /// <summary>
    /// Starts a trial. Returns once it runs; when it cannot start, the returned execution has already completed with
    /// <see cref="TrialExit.StartFailed"/> set. Metric values the trial reports go to <paramref name="observer"/>, in order,
    /// all before <see cref="ITrialExecution.Completion"/> completes.
    /// </summary>
    Task<ITrialExecution> StartAsync(TrialLaunch launch, ITrialObserver observer, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when trials run inside this process: they start at once, cannot fail to start and have no process id, so the
    /// scheduler records a trial as Running when it creates it (one store transaction instead of two).
    /// </summary>
    bool StartsAtOnce { get; }
}

/// <summary>What a launcher needs to start one trial.</summary>
public sealed record TrialLaunch
{
    /// <summary>The trial.</summary>
    public required TrialRecord Trial { get; init; }

    /// <summary>The trial's folder for its logs (stdout.txt, stderr.txt).</summary>
    public required string TrialDirectory { get; init; }

    /// <summary>The trial's folder for outputs and checkpoints (<c>HYPERSWEEP_OUTPUT_DIR</c>).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The sweep's folder (shared helper files are put there).</summary>
    public required string SweepDirectory { get; init; }

    /// <summary>A checkpoint folder to resume from, or null for a fresh start.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>The default time a stopped trial gets between SIGTERM and SIGKILL (the sweep's default grace_period).</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long processes the trial leaves behind when its program ends get after SIGTERM before SIGKILL.
    /// <value>The default is <see cref="DefaultGracePeriod"/>, 10 seconds.</value>
    /// </summary>
    public TimeSpan GracePeriod { get; init; } = DefaultGracePeriod;
}

/// <summary>Receives what a running trial reports.</summary>
public interface ITrialObserver
{
    /// <summary>A metric value was reported.</summary>
    void OnMetric(ReportedMetric metric);

    /// <summary>
    /// A metric value was reported by a trial that waits for the scheduler to take it into account; the task completes
    /// once the scheduler has (including its early-termination decision), true when the trial is being stopped.
    /// </summary>
    Task<bool> OnMetricAcknowledgedAsync(ReportedMetric metric);

    /// <summary>The trial printed something Hypersweep could not use (a malformed metric line); for the user's eyes.</summary>
    void OnWarning(string message);
}

/// <summary>A trial that was started.</summary>
public interface ITrialExecution
{
    /// <summary>The process id, for a local process.</summary>
    int? ProcessId { get; }

    /// <summary>How the trial's program was started, recorded with the trial; null for an in-process trial.</summary>
    TrialInvocation? Invocation { get; }

    /// <summary>Completes when the trial has ended and all its output has been read.</summary>
    Task<TrialExit> Completion { get; }

    /// <summary>
    /// Asks the trial to stop: SIGTERM (or cancellation of an in-process trial), then, if it has not ended after
    /// <paramref name="gracePeriod"/>, SIGKILL. Returns at once; <see cref="Completion"/> tells when it has stopped.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Stop is what it does; launchers are written in C#, where it is no keyword.")]
    void Stop(TimeSpan gracePeriod);
}

/// <summary>How a trial ended.</summary>
/// <param name="ExitCode">The exit code (128 + signal for a process ended by a signal), or null when there was none.</param>
/// <param name="Error">Why it failed: the tail of stderr, the exception, the reason it could not start.</param>
/// <param name="StartFailed">True when the program could not even start (command not found, not executable).</param>
/// <param name="OutputFailed">True when what it printed could not be written to its log files (a full disk, a read-only folder): it was stopped.</param>
public sealed record TrialExit(int? ExitCode, string? Error, bool StartFailed = false, bool OutputFailed = false)
{
    /// <summary>True when the trial ended by itself with success (and everything it printed was kept).</summary>
    public bool Succeeded => ExitCode == 0 && !StartFailed && !OutputFailed;
}
