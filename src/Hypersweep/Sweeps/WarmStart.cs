using System.Globalization;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>Loads what a sweep learns from earlier sweeps, and the earlier trials it resumes, checking they fit its search space.</summary>
internal static class WarmStart
{
    /// <summary>The finished trials of the named sweeps, with their primary-metric series.</summary>
    /// <exception cref="SweepSpecException">A sweep is unknown, optimizes another metric, or has an incompatible search space.</exception>
    public static async Task<(IReadOnlyList<long> Ids, IReadOnlyList<TrialRecord> Trials, IReadOnlyDictionary<long, IReadOnlyList<double>> Series)> LoadAsync(
        ISweepStore store, SweepSpec spec, IEnumerable<string> sources, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        var trials = new List<TrialRecord>();
        var series = new Dictionary<long, IReadOnlyList<double>>();
        foreach (var source in sources)
        {
            var sweep = await FindAsync(store, source, "resume_from", cancellationToken).ConfigureAwait(false);
            if (!sweep.Objectives.SequenceEqual(spec.Objectives))
            {
                throw Problem("resume_from", $"sweep '{sweep.Name}' (id {sweep.Id}) optimizes {Describe(sweep.Objectives)}, this sweep {Describe(spec.Objectives)}; warm start needs the same objectives");
            }

            if (!sweep.Constraints.SequenceEqual(spec.Constraints))
            {
                // The earlier trials' feasibility was judged by their own constraints; mixing would mislead the sampler.
                throw Problem("resume_from", $"sweep '{sweep.Name}' (id {sweep.Id}) has the constraints [{string.Join(", ", sweep.Constraints)}], this sweep [{string.Join(", ", spec.Constraints)}]; warm start needs the same constraints");
            }

            var finished = (await store.ListTrialsAsync(sweep.Id, cancellationToken).ConfigureAwait(false))
                .Where(t => t.State is TrialState.Completed or TrialState.Terminated)
                .ToList();
            foreach (var trial in finished)
            {
                CheckFits(spec.SearchSpace, trial, "resume_from", sweep);
            }

            var metrics = await store.GetSweepMetricsAsync(sweep.Id, spec.Objective.PrimaryMetric, cancellationToken).ConfigureAwait(false);
            foreach (var trial in finished)
            {
                if (metrics.TryGetValue(trial.Id, out var points))
                {
                    series[trial.Id] = [.. points.Select(p => p.Value)];
                }
            }

            ids.Add(sweep.Id);
            trials.AddRange(finished);
        }

        return (ids, trials, series);
    }

    /// <summary>The trials a reference list names (<c>SWEEP/NUMBER</c> or <c>ID-NUMBER</c>), as trials to resume from their checkpoints.</summary>
    public static async Task<IReadOnlyList<PlannedTrial>> ResolveTrialsToResumeAsync(ISweepStore store, SweepSpec spec, IEnumerable<string> references, string field, CancellationToken cancellationToken)
    {
        var planned = new List<PlannedTrial>();
        foreach (var reference in references)
        {
            var (sweepRef, number) = ParseReference(reference, field);
            var sweep = await FindAsync(store, sweepRef, field, cancellationToken).ConfigureAwait(false);
            var trial = await store.GetTrialAsync(sweep.Id, number, cancellationToken).ConfigureAwait(false)
                ?? throw Problem(field, $"sweep '{sweep.Name}' (id {sweep.Id}) has no trial {number}");
            planned.Add(ToResume(spec, sweep, trial, field));
        }

        return planned;
    }

    /// <summary>A canceled or terminated trial as a trial that resumes from its checkpoint folder.</summary>
    public static PlannedTrial ToResume(SweepSpec spec, SweepRecord sweep, TrialRecord trial, string field)
    {
        if (trial.State is not (TrialState.Canceled or TrialState.Terminated))
        {
            throw Problem(field, $"trial {trial.DisplayId} is {trial.State.ToString().ToLowerInvariant()}; only canceled or terminated trials can be resumed from their checkpoints");
        }

        CheckFits(spec.SearchSpace, trial, field, sweep);
        return new PlannedTrial(trial.Parameters, new TrialOrigin(ResumedFrom: trial.Id), Path.Combine(sweep.TrialDirectory(trial.Number), "outputs"));
    }

    private static void CheckFits(SearchSpace space, TrialRecord trial, string field, SweepRecord sweep)
    {
        var where = $"sweep '{sweep.Name}' (id {sweep.Id})";
        foreach (var (name, distribution) in space)
        {
            var active = space.IsActive(name, trial.Parameters);
            if (!trial.Parameters.TryGetValue(name, out var value))
            {
                if (!active)
                {
                    continue;
                }

                throw Problem(field, $"{where} is not compatible: its trials have no parameter '{name}', which this search space declares");
            }

            if (!active)
            {
                throw Problem(field, $"{where} is not compatible: trial {trial.DisplayId} has parameter '{name}', which this search space declares only when {space.ConditionOf(name)}");
            }

            var fits = distribution switch
            {
                ChoiceDistribution choice => choice.IndexOf(value) >= 0,
                RandIntDistribution randint => value.IsNumber && value.AsDouble() == Math.Floor(value.AsDouble()) && value.AsDouble() >= 0 && value.AsDouble() < randint.Upper,
                _ => value.IsNumber && double.IsFinite(value.AsDouble()),
            };
            if (!fits)
            {
                throw Problem(field, $"{where} is not compatible: parameter '{name}' is {value} in trial {trial.DisplayId}, which {distribution} here does not allow");
            }
        }

        foreach (var name in trial.Parameters.Names.Where(n => !space.Contains(n)))
        {
            throw Problem(field, $"{where} is not compatible: its trials have parameter '{name}', which this search space does not declare");
        }
    }

    private static (string Sweep, int Number) ParseReference(string reference, string field)
    {
        var slash = reference.LastIndexOf('/');
        var dash = reference.LastIndexOf('-');
        var split = slash >= 0 ? slash : dash;
        if (split > 0 && int.TryParse(reference[(split + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return (reference[..split], number);
        }

        throw Problem(field, $"'{reference}' is not a trial reference; write SWEEP/NUMBER (a sweep name or id, then the trial number) or the trial id ID-NUMBER");
    }

    private static async Task<SweepRecord> FindAsync(ISweepStore store, string reference, string field, CancellationToken cancellationToken) =>
        await store.FindSweepAsync(reference, cancellationToken).ConfigureAwait(false)
        ?? throw Problem(field, $"there is no sweep named or numbered '{reference}' in the store {store.Location}");

    private static string Describe(IEnumerable<Objective> objectives) => string.Join(", ", objectives.Select(o => $"{o.Goal.ToString().ToLowerInvariant()} {o.PrimaryMetric}"));

    private static SweepSpecException Problem(string field, string message) => new([(field, message)]);
}
