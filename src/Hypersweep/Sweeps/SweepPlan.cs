using Hypersweep.Space;
using Hypersweep.Storage;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>What a run of the scheduler starts from, beyond the sweep's own trials.</summary>
internal sealed record SweepPlan
{
    /// <summary>Finished trials of earlier sweeps to learn from: sampler history and policy comparisons.</summary>
    public IReadOnlyList<TrialRecord> WarmStart { get; init; } = [];

    /// <summary>The primary-metric series of the warm-start trials, by trial id.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<double>> WarmStartSeries { get; init; } = new Dictionary<long, IReadOnlyList<double>>();

    /// <summary>Trials to run before any new sample, in order.</summary>
    public IReadOnlyList<PlannedTrial> Queue { get; init; } = [];

    /// <summary>When true, the run ends once the queue is done (resuming chosen trials), instead of sampling on.</summary>
    public bool QueueOnly { get; init; }
}

/// <summary>A trial to run that the sampler did not choose.</summary>
/// <param name="Parameters">Its hyperparameters.</param>
/// <param name="Origin">What it re-runs or resumes.</param>
/// <param name="ResumeFrom">The checkpoint folder to resume from, or null.</param>
/// <param name="Existing">A trial already recorded but never started (Queued), to start as it is.</param>
internal sealed record PlannedTrial(ParameterSet Parameters, TrialOrigin? Origin = null, string? ResumeFrom = null, TrialRecord? Existing = null);
