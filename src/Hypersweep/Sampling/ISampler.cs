using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Sampling;

/// <summary>
/// Picks the hyperparameters of new trials. A sampler is seeded when constructed; the same seed, space and history
/// give the same suggestions. Samplers are called from one thread at a time.
/// </summary>
public interface ISampler
{
    /// <summary>
    /// Suggests up to <paramref name="count"/> new parameter sets. <paramref name="history"/> holds every trial of the
    /// sweep so far, finished or not, in creation order; trials still running are pending points to stay away from.
    /// Fewer than <paramref name="count"/> suggestions (possibly none) mean the sampler is exhausted.
    /// </summary>
    IReadOnlyList<ParameterSet> Suggest(SearchSpace space, IReadOnlyList<TrialRecord> history, int count);

    /// <summary>
    /// Suggests as <see cref="Suggest(SearchSpace, IReadOnlyList{TrialRecord}, int)"/> does, also given each trial's
    /// learning curve: <paramref name="curveOf"/> returns the values of the primary metric a trial logged, in order
    /// (empty when none), by trial id. A trial stopped early has a curve but no final value; a sampler may learn from
    /// it. The default ignores the curves.
    /// </summary>
    IReadOnlyList<ParameterSet> Suggest(SearchSpace space, IReadOnlyList<TrialRecord> history, int count, Func<long, IReadOnlyList<double>> curveOf) =>
        Suggest(space, history, count);
}
