using Hypersweep.Trials;

namespace Hypersweep.Storage;

/// <summary>A sweep as recorded in a store.</summary>
public sealed record SweepRecord
{
    /// <summary>The store's identifier.</summary>
    public required long Id { get; init; }

    /// <summary>The name (the file's <c>name</c> or <c>display_name</c>, or <c>--name</c>); not unique.</summary>
    public required string Name { get; init; }

    /// <summary>The sweep file's text exactly as given (for a sweep built in code, its equivalent YAML).</summary>
    public required string Spec { get; init; }

    /// <summary>The path of the sweep file, when there was one.</summary>
    public string? SpecPath { get; init; }

    /// <summary>The objective (the primary one of a multi-objective sweep).</summary>
    public required Objective Objective { get; init; }

    /// <summary>A multi-objective sweep's further objectives, in order; empty for one objective.</summary>
    public IReadOnlyList<Objective> SecondaryObjectives { get; init; } = [];

    /// <summary>The constraints on logged metrics; empty for none.</summary>
    public IReadOnlyList<Constraint> Constraints { get; init; } = [];

    /// <summary>Every objective, the primary first.</summary>
    public IReadOnlyList<Objective> Objectives => [Objective, .. SecondaryObjectives];

    /// <summary>How the trials' values and feasibility follow from their metrics.</summary>
    internal TrialScoring Scoring => new(Objective, SecondaryObjectives, Constraints);

    /// <summary>The sampling algorithm's name (random, grid, bayesian).</summary>
    public required string Sampler { get; init; }

    /// <summary>The early-termination policy's name, or null.</summary>
    public string? Policy { get; init; }

    /// <summary>The seed the sampler used (given or drawn), so that a resumed sweep continues the same sequence.</summary>
    public required long Seed { get; init; }

    /// <summary>The state.</summary>
    public required SweepState State { get; init; }

    /// <summary>Why the sweep ended, for people, or null while it runs.</summary>
    public string? Message { get; init; }

    /// <summary>Why the sweep ended, as a value, or null while it runs.</summary>
    public SweepEndReason? EndReason { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The folder that holds the sweep's trial folders (logs, outputs, checkpoints).</summary>
    public required string ArtifactsDirectory { get; init; }

    /// <summary>The earlier sweeps this one learns from (warm start, <c>resume_from</c>).</summary>
    public IReadOnlyList<long> WarmStart { get; init; } = [];

    /// <summary>Its tags (<c>hypersweep tag SWEEP key=value</c>), by key.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A free-text note about it, or null.</summary>
    public string? Note { get; init; }

    /// <summary>True when someone asked (<c>hypersweep cancel</c>) the processes running it to cancel it.</summary>
    public bool CancelRequested { get; init; }

    /// <summary>The folder of one trial: its logs and, under <c>outputs</c>, what the program writes.</summary>
    public string TrialDirectory(int number) => Path.Combine(ArtifactsDirectory, "trials", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>What a new sweep is created with.</summary>
public sealed record NewSweep
{
    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>The sweep file's text.</summary>
    public required string Spec { get; init; }

    /// <summary>The file's path, if any.</summary>
    public string? SpecPath { get; init; }

    /// <summary>The objective (the primary one of a multi-objective sweep).</summary>
    public required Objective Objective { get; init; }

    /// <summary>A multi-objective sweep's further objectives, in order; empty for one objective.</summary>
    public IReadOnlyList<Objective> SecondaryObjectives { get; init; } = [];

    /// <summary>The constraints on logged metrics; empty for none.</summary>
    public IReadOnlyList<Constraint> Constraints { get; init; } = [];

    /// <summary>The sampler's name.</summary>
    public required string Sampler { get; init; }

    /// <summary>The policy's name, or null.</summary>
    public string? Policy { get; init; }

    /// <summary>The seed.</summary>
    public required long Seed { get; init; }

    /// <summary>When it is created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The earlier sweeps it learns from.</summary>
    public IReadOnlyList<long> WarmStart { get; init; } = [];
}
