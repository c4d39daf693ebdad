namespace Hypersweep.Sampling;

/// <summary>SplitMix64, used to derive independent, reproducible seeds from a sweep seed and a trial number.</summary>
internal static class SeedMixer
{
    /// <summary>One SplitMix64 output for the given state.</summary>
    public static ulong Mix(ulong state)
    {
        var z = state + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A <see cref="Random"/> for stream <paramref name="stream"/> of a seed: the same pair always gives the same numbers.</summary>
    public static Random RandomFor(long seed, long stream) => new((int)(Mix(Mix((ulong)seed) ^ (ulong)stream) & 0x7FFFFFFF));

    /// <summary>A fresh seed when the user gave none.</summary>
    public static long NewSeed() => Random.Shared.Next(1, int.MaxValue);
}
