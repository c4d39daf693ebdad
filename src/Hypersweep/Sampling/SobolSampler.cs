using Hypersweep.Sampling.Sobol;
using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Sampling;

/// <summary>
/// Random sampling with <c>rule: sobol</c>: the points of a scrambled Sobol sequence (linear matrix scrambling
/// plus a digital shift, seeded), mapped through each parameter's quantile function. Covers the space more evenly
/// than independent draws. Trial n gets point n of the sequence.
/// </summary>
public sealed class SobolSampler : ISampler
{
    private readonly Dictionary<int, SobolSequence> _sequences = [];

    /// <summary>Creates a Sobol sampler.</summary>
    /// <param name="seed">Seeds the scrambling.</param>
    public SobolSampler(long seed) => Seed = seed;

    /// <summary>The seed of the scrambling.</summary>
    public long Seed { get; }

    /// <inheritdoc />
    public IReadOnlyList<ParameterSet> Suggest(SearchSpace space, IReadOnlyList<TrialRecord> history, int count)
    {
        if (!_sequences.TryGetValue(space.Count, out var sequence))
        {
            sequence = new SobolSequence(space.Count, Seed);
            _sequences[space.Count] = sequence;
        }

        var result = new List<ParameterSet>(count);
        var unit = new double[space.Count];
        for (var i = 0; i < count; i++)
        {
            sequence.Point(history.Count + i, unit);
            result.Add(space.FromUnit(unit));
        }

        return result;
    }
}
