using Hypersweep.Launching;
using Hypersweep.Sampling;
using Hypersweep.Space;
using Hypersweep.Termination;
using Hypersweep.Trials;

namespace Hypersweep.Specs;

/// <summary>
/// Everything that defines a sweep, whether loaded from a sweep file (<see cref="SweepFiles.SweepFile"/>) or built in
/// code. Immutable; <see cref="Check"/> lists every problem at once.
/// </summary>
public sealed record SweepSpec
{
    /// <summary>The sweep's name (the file's <c>name</c> or <c>display_name</c>). <value>The default is "sweep".</value></summary>
    public string? Name { get; init; }

    /// <summary>The hyperparameters and their distributions.</summary>
    public required SearchSpace SearchSpace { get; init; }

    /// <summary>The primary metric and its goal.</summary>
    public required Objective Objective { get; init; }

    /// <summary>The sampling algorithm. <value>The default is random, unseeded.</value></summary>
    public SamplingSpec Sampling { get; init; } = new();

    /// <summary>The budgets.</summary>
    public SweepLimits Limits { get; init; } = new();

    /// <summary>The early-termination policy, or null for none.</summary>
    public EarlyTerminationSpec? EarlyTermination { get; init; }

    /// <summary>How trials run as processes; null for a sweep whose trials run in-process.</summary>
    public TrialTemplate? Trial { get; init; }

    /// <summary>How many times a failed trial is run again with the same hyperparameters (<c>trial.retries</c>). <value>The default is 0.</value></summary>
    public int TrialRetries { get; init; }

    /// <summary>Earlier sweeps (names or ids) to learn from: HyperDrive's <c>resume_from</c> (warm start).</summary>
    public IReadOnlyList<string> ResumeFrom { get; init; } = [];

    /// <summary>Canceled or terminated trials of earlier sweeps to resume from their checkpoints first (<c>SWEEP/NUMBER</c> or <c>ID-NUMBER</c>): HyperDrive's <c>resume_child_runs</c>.</summary>
    public IReadOnlyList<string> ResumeChildRuns { get; init; } = [];

    /// <summary>The sweep file's path, when loaded from one.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The sweep file's text exactly as given, when loaded from one.</summary>
    public string? SourceText { get; init; }

    /// <summary>Notes about the file that do not stop the sweep (Azure-only fields that are ignored here).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The name in effect.</summary>
    public string EffectiveName => string.IsNullOrWhiteSpace(Name) ? "sweep" : Name;

    /// <summary>Every problem with the spec, as (field path, message) pairs; empty when it can run.</summary>
    public IReadOnlyList<(string Field, string Message)> Check()
    {
        var problems = new List<(string, string)>();
        if (SearchSpace.Count == 0)
        {
            problems.Add(("search_space", "must declare at least one parameter"));
        }

        if (string.IsNullOrWhiteSpace(Objective.PrimaryMetric))
        {
            problems.Add(("objective.primary_metric", "must be a metric name, got an empty string"));
        }

        problems.AddRange(Limits.Check().Select(p => ("limits." + p.Field, p.Message)));
        if (TrialRetries < 0)
        {
            problems.Add(("trial.retries", $"must be a whole number >= 0, got {TrialRetries}"));
        }
        if (EarlyTermination is not null)
        {
            problems.AddRange(EarlyTermination.Check().Select(p => ("early_termination." + p.Field, p.Message)));
        }

        if (Sampling.Algorithm == SamplingAlgorithm.Grid)
        {
            problems.AddRange(GridSampler.Check(SearchSpace).Select(m => ("sampling_algorithm", m)));
        }

        if (Trial is not null)
        {
            foreach (var name in Trial.Command.SearchSpaceNames.Where(n => !SearchSpace.Contains(n)))
            {
                problems.Add(("trial.command", $"refers to ${{{{search_space.{name}}}}}, but the search space has no parameter '{name}'; it has: {string.Join(", ", SearchSpace.Names)}"));
            }

            foreach (var name in Trial.Command.InputNames.Where(n => !Trial.Inputs.ContainsKey(n)))
            {
                problems.Add(("trial.command", $"refers to ${{{{inputs.{name}}}}}, but inputs has no '{name}'"));
            }
        }

        return problems;
    }
}
