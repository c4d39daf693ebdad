using Hypersweep.Space;

namespace Hypersweep.Trials;

/// <summary>
/// A read-only snapshot of one trial, as samplers, policies, the store and the command line see it.
/// </summary>
public sealed record TrialRecord
{
    /// <summary>The store's identifier of the trial, unique across sweeps.</summary>
    public required long Id { get; init; }

    /// <summary>The sweep the trial belongs to.</summary>
    public required long SweepId { get; init; }

    /// <summary>The trial's number within its sweep, from 0 in the order trials were created.</summary>
    public required int Number { get; init; }

    /// <summary>The hyperparameters.</summary>
    public required ParameterSet Parameters { get; init; }

    /// <summary>The current state.</summary>
    public required TrialState State { get; init; }

    /// <summary>When the trial was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its program started, if it did.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it finished, if it did.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The program's exit code, when it exited by itself or was stopped.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Why the trial failed or was stopped (the stderr tail, the exception, the policy decision), or null.</summary>
    public string? Message { get; init; }

    /// <summary>The objective value: the best logged value of the primary metric, or null.</summary>
    public double? Value { get; init; }

    /// <summary>
    /// The values of a multi-objective sweep's further objectives, in order (the last finite value logged for each;
    /// null where none was): with <see cref="Value"/> they make <see cref="ObjectiveValues"/>. Empty for one objective.
    /// </summary>
    public IReadOnlyList<double?> SecondaryValues { get; init; } = [];

    /// <summary>The worst value logged for each of the sweep's constraints, in order (null where none was); empty without constraints.</summary>
    public IReadOnlyList<double?> ConstraintValues { get; init; } = [];

    /// <summary>Why the trial is infeasible (the constraint it broke, or one it never logged), or null when it is feasible.</summary>
    public string? Infeasibility { get; init; }

    /// <summary>True unless the trial broke a constraint: an infeasible trial is never the best one or on the Pareto front.</summary>
    public bool IsFeasible => Infeasibility is null;

    /// <summary>Every objective's value, the primary first.</summary>
    public IReadOnlyList<double?> ObjectiveValues => [Value, .. SecondaryValues];

    /// <summary>Objective <paramref name="index"/>'s value (0: the primary), or null when the trial has logged none yet.</summary>
    public double? ObjectiveValue(int index) => index == 0 ? Value : index - 1 < SecondaryValues.Count ? SecondaryValues[index - 1] : null;

    /// <summary>How many values of the primary metric the trial logged (its intervals).</summary>
    public int Intervals { get; init; }

    /// <summary>The earlier attempt this trial runs again (a failed trial's retry, an orphaned trial's re-run), or null.</summary>
    public long? RetryOf { get; init; }

    /// <summary>The trial whose checkpoint this one resumes from, or null.</summary>
    public long? ResumedFrom { get; init; }

    /// <summary>The process id of a trial started as a local process.</summary>
    public int? ProcessId { get; init; }

    /// <summary>The host the trial ran on.</summary>
    public string? Host { get; init; }

    /// <summary>How its program was started (argument list, the variables Hypersweep set), or null for an in-process trial or one recorded before this was kept.</summary>
    public TrialInvocation? Invocation { get; init; }

    /// <summary>True for a trial that counts toward max_total_trials: not a re-run of an earlier attempt.</summary>
    public bool CountsTowardBudget => RetryOf is null;

    /// <summary>The message of a trial the user stopped (Ctrl+C): <c>resume</c> runs it again, as a re-run that does not count toward max_total_trials.</summary>
    public const string CanceledByUser = "canceled by the user";

    /// <summary>True for a trial Ctrl+C stopped, which <c>resume</c> runs again.</summary>
    public bool WasCanceledByUser => State == TrialState.Canceled && string.Equals(Message, CanceledByUser, StringComparison.Ordinal);

    /// <summary>The first attempt of this trial's chain of re-runs (itself when it is the first).</summary>
    public long RootId => RetryOf ?? Id;

    /// <summary>True when these trials hold a later attempt of this trial's chain (a re-run of it): its own result no longer counts.</summary>
    public bool HasLaterAttemptIn(IEnumerable<TrialRecord> trials) => trials.Any(t => t.RootId == RootId && t.Number > Number);

    /// <summary>The trial's identifier for programs and people: <c>SWEEP-NUMBER</c>, e.g. <c>3-17</c>.</summary>
    public string DisplayId => $"{SweepId}-{Number}";

    /// <summary>How long it ran, if it started.</summary>
    public TimeSpan? Duration => StartedAt is { } s ? (EndedAt ?? s) - s : null;
}
