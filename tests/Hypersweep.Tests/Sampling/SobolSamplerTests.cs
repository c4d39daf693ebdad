using Hypersweep.Sampling;
using Hypersweep.Space;
using Hypersweep.Tests.Space;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Sampling;

/// <summary>
/// The scrambled Sobol points keep the (t, m, s)-net structure of the Sobol sequence, which linear matrix scrambling
/// and a digital shift preserve: the first 2^m points put exactly 2^t points into every elementary box of volume 2^(t-m).
/// </summary>
public sealed class SobolSamplerTests
{
    private const int M = 10;
    private const int N = 1 << M;

    public static TheoryData<int> Dimensions => [2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public void SameSeed_GivesTheSamePoints()
    {
        var space = History.UnitCube(5);

        var a = new SobolSampler(17).Suggest(space, [], 100);
        var b = new SobolSampler(17).Suggest(space, [], 100);

        Assert.Equal(a, b);
        Assert.Equal(a.Select(p => p.ToJson()), b.Select(p => p.ToJson()));
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentPointSets()
    {
        var space = History.UnitCube(3);

        var a = new SobolSampler(1).Suggest(space, [], N).ToHashSet();
        var b = new SobolSampler(2).Suggest(space, [], N);

        Assert.True(b.Count(a.Contains) < 5, "two seeds should scramble the sequence differently");
        Assert.NotEqual(a.First(), b[0]);
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void FirstTwoToTheTenPoints_PutOnePointInEveryCellOfEachCoordinate(int dimensions)
    {
        var points = History.Coordinates(new SobolSampler(dimensions).Suggest(History.UnitCube(dimensions), [], N));

        for (var d = 0; d < dimensions; d++)
        {
            var cells = points.Select(p => (long)(p[d] * N)).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, N).Select(i => (long)i), cells);
        }
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(12345L)]
    [InlineData(-8L)]
    public void FirstTwoCoordinates_FormAZeroNet_WhateverTheSeed(long seed)
    {
        // A (0, 10, 2)-net: every box 2^-a by 2^-(10-a) holds exactly one of the 1024 points.
        var points = History.Coordinates(new SobolSampler(seed).Suggest(History.UnitCube(2), [], N));

        AssertNet(points, 0, 1, t: 0);
    }

    [Fact]
    public void EveryPairOfTheFirstEightCoordinates_FormsANetWithTAtMostThree()
    {
        // The Joe-Kuo direction numbers give 2-D projections with small t; every box of volume 2^-7 holds 8 points.
        var points = History.Coordinates(new SobolSampler(5).Suggest(History.UnitCube(8), [], N));

        for (var i = 0; i < 8; i++)
        {
            for (var j = i + 1; j < 8; j++)
            {
                AssertNet(points, i, j, t: 3);
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void Discrepancy_IsFarBelowThatOfRandomPoints(int dimensions)
    {
        // The L2-star discrepancy of n independent uniform points has E[T²] = (2^-d - 3^-d) / n. The bound 0.7 of
        // its root is one the seeded random sampler misses and the Sobol points meet.
        var space = History.UnitCube(dimensions);
        var randomRms = Math.Sqrt((Math.Pow(2, -dimensions) - Math.Pow(3, -dimensions)) / N);
        var bound = 0.7 * randomRms;

        var sobol = L2StarDiscrepancy(History.Coordinates(new SobolSampler(11).Suggest(space, [], N)));
        var random = L2StarDiscrepancy(History.Coordinates(new RandomSampler(11).Suggest(space, [], N)));

        Assert.True(sobol < bound, $"Sobol discrepancy {sobol:G4} is not below {bound:G4} in {dimensions} dimensions");
        Assert.True(random > bound, $"random discrepancy {random:G4} is below {bound:G4}: the bound does not separate Sobol from random");
    }

    [Fact]
    public void NormalParameter_IsWithinOneOverNOfTheNormalCdf()
    {
        // One point per cell of width 1/n in unit space means a KS distance of at most 1/n after the quantile map.
        var space = new SearchSpace { { "x", Distributions.Normal(10, 3) }, { "lr", Distributions.LogUniform(-6, -1) } };
        var suggestions = new SobolSampler(4).Suggest(space, [], N);

        var normal = SampleChecks.KsStatistic([.. suggestions.Select(p => p["x"].AsDouble())], x => ReferenceMath.NormalCdf(x, 10, 3));
        var logUniform = SampleChecks.KsStatistic([.. suggestions.Select(p => Math.Log(p["lr"].AsDouble()))], e => ReferenceMath.UniformCdf(e, -6, -1));

        Assert.True(normal <= (1.0 / N) + 1e-9, $"KS distance {normal} of the normal coordinate exceeds 1/n");
        Assert.True(logUniform <= (1.0 / N) + 1e-9, $"KS distance {logUniform} of the loguniform coordinate exceeds 1/n");
    }

    [Fact]
    public void TrialN_GetsPointN_WhateverTheBatching()
    {
        var space = History.UnitCube(4);
        var all = new SobolSampler(9).Suggest(space, [], 30);
        var sampler = new SobolSampler(9);
        var history = new List<TrialRecord>();

        while (history.Count < 30)
        {
            foreach (var p in sampler.Suggest(space, history, history.Count % 2 == 0 ? 1 : 4))
            {
                history.Add(History.Trial(history.Count, p, TrialState.Running));
            }
        }

        Assert.Equal(all, history.Take(30).Select(t => t.Parameters));
    }

    [Fact]
    public void Suggestions_CoverTheSpace_AndReportTheRandomAlgorithm()
    {
        var sampler = new SobolSampler(3);
        var space = new SearchSpace { { "batch", Distributions.Choice(16L, 32L, 64L, 128L) }, { "layers", Distributions.RandInt(8) } };

        var points = sampler.Suggest(space, [], 64);

        Assert.Equal(32, points.Distinct().Count());
        Assert.All(points.GroupBy(p => p["batch"]), g => Assert.Equal(16, g.Count()));
        Assert.All(points.GroupBy(p => p["layers"]), g => Assert.Equal(8, g.Count()));
        Assert.Equal(3, sampler.Seed);
        Assert.Single(new SobolSampler(3).Suggest(History.UnitCube(1), [], 1));
    }

    [Fact]
    public void MoreParametersThanDirectionNumbers_AreRejectedStatingTheLimit()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new SobolSampler(1).Suggest(History.UnitCube(257), [], 1));

        Assert.Contains("1 to 256 parameters, got 257", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Asserts that coordinates i and j of the points form a (t, m, 2)-net in base 2.</summary>
    private static void AssertNet(double[][] points, int i, int j, int t)
    {
        var k = M - t;
        for (var a = 0; a <= k; a++)
        {
            var counts = points.GroupBy(p => ((long)(p[i] * (1L << a)), (long)(p[j] * (1L << (k - a))))).Select(g => g.Count()).ToList();
            Assert.True(
                counts.Count == 1 << k && counts.All(c => c == 1 << t),
                $"coordinates ({i}, {j}): boxes 2^-{a} x 2^-{k - a} do not each hold {1 << t} point(s); counts range {counts.Min()}..{counts.Max()} over {counts.Count} boxes");
        }
    }

    /// <summary>
    /// Warnock's formula: T² = 3^-d - 2^(1-d)/n Σ_i Π_k (1 - x_ik²) + 1/n² Σ_i Σ_j Π_k (1 - max(x_ik, x_jk)),
    /// the double sum taken over i &lt; j twice plus the diagonal.
    /// </summary>
    private static double L2StarDiscrepancy(double[][] x)
    {
        var n = x.Length;
        var d = x[0].Length;
        var complement = new double[n * d];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < d; k++)
            {
                complement[(i * d) + k] = 1 - x[i][k];
            }
        }

        double single = 0, diagonal = 0, offDiagonal = 0;
        for (var i = 0; i < n; i++)
        {
            double product = 1, self = 1;
            for (var k = 0; k < d; k++)
            {
                product *= 1 - (x[i][k] * x[i][k]);
                self *= complement[(i * d) + k];
            }

            single += product;
            diagonal += self;
            for (var j = i + 1; j < n; j++)
            {
                var p = 1.0;
                for (int a = i * d, b = j * d, end = a + d; a < end; a++, b++)
                {
                    p *= complement[a] < complement[b] ? complement[a] : complement[b];
                }

                offDiagonal += p;
            }
        }

        var pairs = diagonal + (2 * offDiagonal);
        return Math.Sqrt(Math.Pow(3, -d) - (Math.Pow(2, 1 - d) / n * single) + (pairs / ((double)n * n)));
    }
}
