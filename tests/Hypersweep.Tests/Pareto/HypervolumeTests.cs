using Hypersweep.Pareto;

namespace Hypersweep.Tests.Pareto;

public sealed class HypervolumeTests
{
    [Fact]
    public void TwoObjectives_Staircase_IsTheSumOfItsStrips()
    {
        // (1,3): 3 x 1; (2,2): 2 x 1; (3,1): 1 x 1; the dominated (3,3) adds nothing.
        Assert.Equal(6.0, Hypervolume.Of([[1, 3], [2, 2], [3, 1], [3, 3]], [4, 4]), 12);
    }

    [Fact]
    public void ThreeObjectives_TwoBoxes_IsTheirUnion()
    {
        // [0,1]x[0,1]x[0.5,1] (0.5) and [0.5,1]x[0.5,1]x[0,1] (0.25) overlap in [0.5,1]^3 (0.125).
        Assert.Equal(0.625, Hypervolume.Of([[0, 0, 0.5], [0.5, 0.5, 0]], [1, 1, 1]), 12);
        Assert.Equal(1.0, Hypervolume.Of([[0, 0, 0]], [1, 1, 1]), 12);
    }

    [Fact]
    public void PointsOutsideTheReference_AddNothing()
    {
        Assert.Equal(0.0, Hypervolume.Of([[5, 0], [0, 5]], [4, 4]));
        Assert.Equal(4.0, Hypervolume.Of([[2, 2], [4, 0]], [4, 4]), 12);
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    public void RandomSets_AgreeWithMonteCarlo(int dimensions, int seed)
    {
        var random = new Random(seed);
        var points = Enumerable.Range(0, 15).Select(_ => Enumerable.Range(0, dimensions).Select(_ => random.NextDouble()).ToArray()).ToList();
        var reference = Enumerable.Repeat(1.0, dimensions).ToArray();

        var exact = Hypervolume.Of(points, reference);

        var inside = 0;
        const int Samples = 400_000;
        var probe = new double[dimensions];
        for (var s = 0; s < Samples; s++)
        {
            for (var j = 0; j < dimensions; j++)
            {
                probe[j] = random.NextDouble();
            }

            if (points.Any(p => p.Select((v, j) => v <= probe[j]).All(b => b)))
            {
                inside++;
            }
        }

        var estimate = (double)inside / Samples;
        Assert.InRange(exact, estimate - 0.005, estimate + 0.005);
    }

    [Fact]
    public void Progression_GrowsOnlyWhenTheFrontMoves()
    {
        double[]?[] losses = [[3, 3], null, [3.5, 3.5], [1, 3], [2, 2]];

        var hv = Hypervolume.Progression(losses, [4, 4]);

        Assert.Equal([1, 1, 1, 3, 5], hv.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void ReferenceFor_IsTheWorstPlusATenthOfTheSpread()
    {
        Assert.Equal([3.2, 11], Hypervolume.ReferenceFor([[1, 10], [3, 10]], 2));
    }
}
