using System.Globalization;

namespace Hypersweep.Sweeps;

/// <summary>The <c>limits</c> of a sweep: its budgets.</summary>
public sealed record SweepLimits
{
    /// <summary>The default trial budget (as in Azure ML).</summary>
    public const int DefaultMaxTotalTrials = 1000;

    /// <summary>The default time a stopped trial gets between SIGTERM and SIGKILL.</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(10);

    /// <summary>How many trials to create in all; at least 1. <value>The default is 1000.</value></summary>
    public int MaxTotalTrials { get; init; } = DefaultMaxTotalTrials;

    /// <summary>How many trials may run at once; at least 1. <value>The default is the number of processors.</value></summary>
    public int? MaxConcurrentTrials { get; init; }

    /// <summary>The sweep's maximum duration: when reached, running trials are canceled and the sweep ends. <value>The default is none.</value></summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Each trial's maximum duration: when reached, that trial is canceled. <value>The default is none.</value></summary>
    public TimeSpan? TrialTimeout { get; init; }

    /// <summary>The sweep stops (Failed) when this many trials have failed for good (after their retries). <value>The default is unlimited.</value></summary>
    public int? MaxFailedTrials { get; init; }

    /// <summary>The time a stopped trial gets between SIGTERM and SIGKILL. <value>The default is 10 seconds.</value></summary>
    public TimeSpan GracePeriod { get; init; } = DefaultGracePeriod;

    /// <summary>The concurrency in effect.</summary>
    public int EffectiveMaxConcurrentTrials => Math.Max(1, Math.Min(MaxConcurrentTrials ?? Environment.ProcessorCount, MaxTotalTrials));

    /// <summary>Every problem with the limits as (field, message) pairs; empty when valid.</summary>
    public IReadOnlyList<(string Field, string Message)> Check()
    {
        var problems = new List<(string, string)>();
        if (MaxTotalTrials < 1)
        {
            problems.Add(("max_total_trials", $"must be a whole number >= 1, got {MaxTotalTrials}"));
        }

        if (MaxConcurrentTrials is < 1)
        {
            problems.Add(("max_concurrent_trials", $"must be a whole number >= 1, got {MaxConcurrentTrials}"));
        }

        if (MaxFailedTrials is < 1)
        {
            problems.Add(("max_failed_trials", $"must be a whole number >= 1, got {MaxFailedTrials}"));
        }

        if (Timeout is { } t && t <= TimeSpan.Zero)
        {
            problems.Add(("timeout", $"must be a number of seconds > 0, got {t.TotalSeconds.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (TrialTimeout is { } tt && tt <= TimeSpan.Zero)
        {
            problems.Add(("trial_timeout", $"must be a number of seconds > 0, got {tt.TotalSeconds.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (GracePeriod < TimeSpan.Zero)
        {
            problems.Add(("grace_period", $"must be a number of seconds >= 0, got {GracePeriod.TotalSeconds.ToString(CultureInfo.InvariantCulture)}"));
        }

        return problems;
    }
}
