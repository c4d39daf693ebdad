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

    /// <summary>The primary metric and its goal (the first of a multi-objective sweep's <c>objectives</c>).</summary>
    public required Objective Objective { get; init; }

    /// <summary>
    /// A multi-objective sweep's further objectives (the sweep file's <c>objectives</c> after the first), in order; empty
    /// for one objective. The result is then the Pareto front; early termination and <c>best</c>'s single trial use the primary.
    /// </summary>
    public IReadOnlyList<Objective> SecondaryObjectives { get; init; } = [];

    /// <summary>Bounds on logged metrics (the sweep file's <c>constraints</c>); a trial that breaks one is infeasible. <value>The default is none.</value></summary>
    public IReadOnlyList<Constraint> Constraints { get; init; } = [];

    /// <summary>Every objective, the primary first.</summary>
    public IReadOnlyList<Objective> Objectives => [Objective, .. SecondaryObjectives];

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

    /// <summary>
    /// Configurations to run first, in order, before the sampler's suggestions (<c>initial_trials</c>; Optuna's
    /// <c>enqueue_trial</c>): each counts toward max_total_trials, and samplers learn from their results.
    /// </summary>
    public IReadOnlyList<ParameterSet> InitialTrials { get; init; } = [];

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

        var metrics = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Objectives.Count; i++)
        {
            if (!metrics.Add(Objectives[i].PrimaryMetric))
            {
                problems.Add(($"objectives[{i}].metric", $"'{Objectives[i].PrimaryMetric}' is already an objective; each objective needs its own metric"));
            }
            else if (i > 0 && string.IsNullOrWhiteSpace(Objectives[i].PrimaryMetric))
            {
                problems.Add(($"objectives[{i}].metric", "must be a metric name, got an empty string"));
            }
        }

        for (var i = 0; i < Constraints.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Constraints[i].Metric) || !double.IsFinite(Constraints[i].Limit))
            {
                problems.Add(($"constraints[{i}]", $"must be {Constraint.Forms} with a finite number, got '{Constraints[i]}'"));
            }
        }

        problems.AddRange(Limits.Check().Select(p => ("limits." + p.Field, p.Message)));
        for (var i = 0; i < InitialTrials.Count && SearchSpace.Count > 0; i++)
        {
            try
            {
                ChosenParameters.Parse(SearchSpace, InitialTrials[i].Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString())));
            }
            catch (ArgumentException e)
            {
                problems.Add(($"initial_trials[{i}]", e.Message.TrimEnd('.')));
            }
        }

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
