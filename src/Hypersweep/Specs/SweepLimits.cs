using System.Globalization;
using Hypersweep.Launching;

namespace Hypersweep.Specs;

/// <summary>The <c>limits</c> of a sweep: its budgets.</summary>
public sealed record SweepLimits
{
    /// <summary>The default trial budget (as in Azure ML).</summary>
    public const int DefaultMaxTotalTrials = 1000;

    /// <summary>The default time a stopped trial gets between SIGTERM and SIGKILL.</summary>
    public static readonly TimeSpan DefaultGracePeriod = TrialLaunch.DefaultGracePeriod;

    /// <summary>
    /// The longest <c>timeout</c>, <c>trial_timeout</c> or <c>grace_period</c>: 4294967 seconds (49.7 days), the longest
    /// delay the runtime's timers can wait (2^32 - 2 milliseconds).
    /// </summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(4294967);

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

        AddDurationProblem(problems, "timeout", Timeout?.TotalSeconds, allowZero: false);
        AddDurationProblem(problems, "trial_timeout", TrialTimeout?.TotalSeconds, allowZero: false);
        AddDurationProblem(problems, "grace_period", GracePeriod.TotalSeconds, allowZero: true);
        return problems;
    }

    /// <summary>
    /// What is wrong with <paramref name="seconds"/> as a duration limit, or null: it must be above 0
    /// (or 0 where <paramref name="allowZero"/>) and at most <see cref="MaxDuration"/>. The sweep file reader asks this of
    /// the number as written, so a value too large for a <see cref="TimeSpan"/> is reported as the user wrote it.
    /// </summary>
    public static string? DurationProblem(double seconds, bool allowZero)
    {
        var got = seconds.ToString(CultureInfo.InvariantCulture);
        var lowest = allowZero ? ">= 0" : "> 0";
        return double.IsNaN(seconds) || seconds < 0 || (seconds == 0 && !allowZero) || seconds > MaxDuration.TotalSeconds
            ? $"must be a number of seconds {lowest} and at most {MaxDuration.TotalSeconds.ToString(CultureInfo.InvariantCulture)} (49.7 days, the longest a timer can wait), got {got}"
            : null;
    }

    private static void AddDurationProblem(List<(string, string)> problems, string field, double? seconds, bool allowZero)
    {
        if (seconds is { } s && DurationProblem(s, allowZero) is { } message)
        {
            problems.Add((field, message));
        }
    }
}
