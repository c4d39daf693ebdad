using Hypersweep.Trials;

namespace Hypersweep.Pareto;

/// <summary>
/// A multi-objective sweep's hypervolume, for people: one reference point for the whole sweep
/// (<see cref="Hypervolume.ReferenceFor"/> over the losses of every finished trial that can be ranked) and the
/// hypervolume of the front after each finished trial, in the order they finished.
/// </summary>
/// <param name="Reference">The reference point, as losses (see <see cref="ParetoFront.Losses(TrialRecord, IReadOnlyList{Objective})"/>).</param>
/// <param name="AfterEach">Each finished trial and the hypervolume of the front once it had finished.</param>
public sealed record SweepHypervolume(IReadOnlyList<double> Reference, IReadOnlyList<(TrialRecord Trial, double Value)> AfterEach)
{
    /// <summary>The hypervolume of the whole front (0 before any trial finished).</summary>
    public double Value => AfterEach.Count == 0 ? 0 : AfterEach[^1].Value;

    /// <summary>Computes it for a sweep's trials and objectives.</summary>
    public static SweepHypervolume Of(IEnumerable<TrialRecord> trials, IReadOnlyList<Objective> objectives)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(objectives);
        var finished = trials.Where(t => t.State.IsFinished()).OrderBy(t => t.EndedAt ?? DateTimeOffset.MaxValue).ThenBy(t => t.Number).ToList();
        var losses = finished.Select(t => ParetoFront.Losses(t, objectives)).ToList();
        var reference = Hypervolume.ReferenceFor([.. losses.OfType<double[]>()], objectives.Count);
        var progression = Hypervolume.Progression(losses, reference);
        return new SweepHypervolume(reference, [.. finished.Select((t, i) => (t, progression[i]))]);
    }
}
