using System.Globalization;
using System.Numerics;

namespace Hypersweep.Sampling.Sobol;

/// <summary>
/// A scrambled Sobol sequence in up to 256 dimensions, with the Joe and Kuo (2008) direction numbers
/// (new-joe-kuo-6, dimensions 1 to 256; see THIRD-PARTY-NOTICES.md). Scrambling is Matoušek's linear matrix
/// scrambling followed by a random digital shift, both drawn from the seed; points have 52 bits.
/// </summary>
internal sealed class SobolSequence
{
    /// <summary>The number of dimensions the bundled direction numbers cover.</summary>
    public const int MaxDimensions = 256;

    private const int Bits = 52;
    private static readonly Lazy<(int S, int A, int[] M)[]> Table = new(LoadTable);
    private readonly ulong[][] _directions;
    private readonly ulong[] _shift;

    /// <summary>Builds the scrambled direction numbers for <paramref name="dimensions"/> coordinates.</summary>
    public SobolSequence(int dimensions, long seed)
    {
        if (dimensions is < 1 or > MaxDimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), $"Sobol sampling supports 1 to {MaxDimensions} parameters, got {dimensions}.");
        }

        var random = SeedMixer.RandomFor(seed, -1);
        _directions = new ulong[dimensions][];
        _shift = new ulong[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            _directions[d] = Scramble(Directions(d), random);
            _shift[d] = NextBits(random, Bits);
        }
    }

    /// <summary>Writes point <paramref name="index"/> (from 0) into <paramref name="unit"/>.</summary>
    public void Point(long index, Span<double> unit)
    {
        var gray = (ulong)index ^ ((ulong)index >> 1);
        for (var d = 0; d < _directions.Length; d++)
        {
            var x = _shift[d];
            var g = gray;
            for (var j = 0; g != 0; j++, g >>= 1)
            {
                if ((g & 1) != 0)
                {
                    x ^= _directions[d][j];
                }
            }

            unit[d] = x * (1.0 / (1UL << Bits));
        }
    }

    /// <summary>The unscrambled direction numbers v_1..v_52 of dimension d (0-based) as 52-bit integers.</summary>
    private static ulong[] Directions(int d)
    {
        var v = new ulong[Bits];
        if (d == 0)
        {
            for (var j = 0; j < Bits; j++)
            {
                v[j] = 1UL << (Bits - 1 - j);
            }

            return v;
        }

        var (s, a, m) = Table.Value[d - 1];
        for (var j = 0; j < Bits; j++)
        {
            if (j < s)
            {
                v[j] = (ulong)m[j] << (Bits - 1 - j);
            }
            else
            {
                var value = v[j - s] ^ (v[j - s] >> s);
                for (var k = 1; k < s; k++)
                {
                    if (((a >> (s - 1 - k)) & 1) != 0)
                    {
                        value ^= v[j - k];
                    }
                }

                v[j] = value;
            }
        }

        return v;
    }

    /// <summary>
    /// Linear matrix scrambling: output bit i (from the most significant) of every direction number is the parity
    /// of its bits 1..i under a random lower-triangular row with a one on the diagonal.
    /// </summary>
    private static ulong[] Scramble(ulong[] v, Random random)
    {
        var rows = new ulong[Bits];
        for (var i = 0; i < Bits; i++)
        {
            var diagonal = 1UL << (Bits - 1 - i);
            var above = ~((diagonal << 1) - 1) & ((1UL << Bits) - 1);
            rows[i] = diagonal | (NextBits(random, Bits) & above);
        }

        var scrambled = new ulong[Bits];
        for (var j = 0; j < Bits; j++)
        {
            ulong x = 0;
            for (var i = 0; i < Bits; i++)
            {
                if ((BitOperations.PopCount(v[j] & rows[i]) & 1) != 0)
                {
                    x |= 1UL << (Bits - 1 - i);
                }
            }

            scrambled[j] = x;
        }

        return scrambled;
    }

    private static ulong NextBits(Random random, int bits) => (ulong)random.NextInt64() & ((1UL << bits) - 1);

    private static (int S, int A, int[] M)[] LoadTable()
    {
        using var stream = typeof(SobolSequence).Assembly.GetManifestResourceStream("Hypersweep.Sobol.joe-kuo-6.256.txt")
            ?? throw new InvalidOperationException("The Sobol direction numbers are missing from the assembly.");
        using var reader = new StreamReader(stream);
        var rows = new List<(int, int, int[])>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            if (f.Length >= 4)
            {
                rows.Add((f[1], f[2], f[3..]));
            }
        }

        return [.. rows];
    }
}
