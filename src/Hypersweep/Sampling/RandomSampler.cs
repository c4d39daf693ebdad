using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Sampling;

/// <summary>
/// Random search: each parameter drawn independently from its distribution. Trial n's values depend only on the
/// seed and n, so a sweep is reproducible whatever order its trials finish in, and a resumed sweep goes on where it stopped.
/// </summary>
public sealed class RandomSampler : ISampler
{
    /// <summary>Creates a random sampler.</summary>
    /// <param name="seed">The seed; the same seed gives the same trials.</param>
    public RandomSampler(long seed) => Seed = seed;

    /// <summary>The seed.</summary>
    public long Seed { get; }

    /// <inheritdoc />
    public IReadOnlyList<ParameterSet> Suggest(SearchSpace space, IReadOnlyList<TrialRecord> history, int count)
    {
        var result = new List<ParameterSet>(count);
        var unit = new double[space.Count];
        for (var i = 0; i < count; i++)
        {
            var random = SeedMixer.RandomFor(Seed, history.Count + i);
            for (var d = 0; d < unit.Length; d++)
            {
                unit[d] = random.NextDouble();
            }

            result.Add(space.FromUnit(unit));
        }

        return result;
    }
}
