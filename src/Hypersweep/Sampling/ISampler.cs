using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Sampling;

/// <summary>
/// Picks the hyperparameters of new trials. A sampler is seeded when constructed; the same seed, space and history
/// give the same suggestions. Samplers are called from one thread at a time.
/// </summary>
public interface ISampler
{
    /// <summary>The algorithm's name as written in a sweep file (<c>random</c>, <c>grid</c>, <c>bayesian</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Suggests up to <paramref name="count"/> new parameter sets. <paramref name="history"/> holds every trial of the
    /// sweep so far, finished or not, in creation order; trials still running are pending points to stay away from.
    /// Fewer than <paramref name="count"/> suggestions (possibly none) mean the sampler is exhausted.
    /// </summary>
    IReadOnlyList<ParameterSet> Suggest(SearchSpace space, IReadOnlyList<TrialRecord> history, int count);
}
