using Hypersweep.Trials;

namespace Hypersweep.Storage;

/// <summary>One entry of a trial's state history.</summary>
/// <param name="State">The state entered.</param>
/// <param name="Time">When.</param>
/// <param name="Message">Why, when there is a reason to give.</param>
public sealed record TrialEvent(TrialState State, DateTimeOffset Time, string? Message);

/// <summary>A change of a trial's state, recorded in one transaction together with its history entry.</summary>
public sealed record TrialStateChange
{
    /// <summary>The new state.</summary>
    public required TrialState State { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The exit code, for a program that ended.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Why: the stderr tail, the policy's decision, the limit reached.</summary>
    public string? Message { get; init; }

    /// <summary>The process id, when the trial starts as a local process.</summary>
    public int? ProcessId { get; init; }

    /// <summary>The host the trial runs on, when it starts.</summary>
    public string? Host { get; init; }

    /// <summary>How the trial's program was started, recorded with its change to Running.</summary>
    public TrialInvocation? Invocation { get; init; }

    /// <summary>Metric values logged just before the change (a trial's last values), recorded in the same transaction.</summary>
    public IReadOnlyList<MetricPoint>? Metrics { get; init; }
}

/// <summary>Where a new trial comes from, when it is not a fresh sample.</summary>
/// <param name="RetryOf">The earlier attempt it runs again (a failed trial's retry, an orphaned trial's re-run).</param>
/// <param name="ResumedFrom">The trial whose checkpoint it resumes from.</param>
public sealed record TrialOrigin(long? RetryOf = null, long? ResumedFrom = null);
