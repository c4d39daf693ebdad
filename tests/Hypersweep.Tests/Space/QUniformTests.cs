using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class QUniformTests
{
    [Theory]
    [InlineData(SampleSource.SeededRandom, 0.0, 10.0, 1.0)]
    [InlineData(SampleSource.RandomSampler, 0.0, 10.0, 1.0)]
    [InlineData(SampleSource.SeededRandom, 0.3, 2.0, 0.5)]
    [InlineData(SampleSource.RandomSampler, 0.2, 1.9, 0.5)]
    [InlineData(SampleSource.SeededRandom, 0.0, 1.0, 0.1)]
    [InlineData(SampleSource.RandomSampler, -7.0, 100.0, 7.0)]
    public void QUniform_Samples_AreRoundedUniformDrawsOnTheQGrid(SampleSource source, double min, double max, double q)
    {
        var sample = SampleChecks.Draw(Distributions.QUniform(min, max, q), source);
        var what = $"quniform({min}, {max}, {q}) via {source}";
        var expected = SampleChecks.GridProbabilities(x => ReferenceMath.UniformCdf(x, min, max), q, (long)Math.Floor(min / q) - 1, (long)Math.Ceiling(max / q) + 1);

        SampleChecks.AssertOnGrid(sample, q, what);
        SampleChecks.AssertFrequencies(sample.Select(v => (long)Math.Round(v / q)), expected, what);
    }

    [Fact]
    public void QUniform_EndPoints_GetHalfTheWeightOfInnerPoints()
    {
        // round(U(0, 10)): 0 comes from [0, 0.5) and 10 from [9.5, 10], each half as wide as an inner cell.
        var sample = SampleChecks.Draw(Distributions.QUniform(0, 10, 1), SampleSource.SeededRandom);
        var n = (double)sample.Length;

        AssertFrequency(sample.Count(v => v == 0) / n, 0.05, n, "P(0)");
        AssertFrequency(sample.Count(v => v == 10) / n, 0.05, n, "P(10)");
        AssertFrequency(sample.Count(v => v == 5) / n, 0.10, n, "P(5)");
        Assert.Equal(11, sample.Distinct().Count());
    }

    [Fact]
    public void QUniform_QNotDividingTheBounds_GivesGridValuesJustOutsideTheBounds()
    {
        // round(U(0.2, 1.9) / 0.5) * 0.5: [0.2, 0.25) rounds to 0 and [1.75, 1.9] to 2, as numpy's round does.
        var sample = SampleChecks.Draw(Distributions.QUniform(0.2, 1.9, 0.5), SampleSource.SeededRandom);
        var n = (double)sample.Length;

        Assert.Equal([0.0, 0.5, 1.0, 1.5, 2.0], sample.Distinct().Order());
        AssertFrequency(sample.Count(v => v == 0) / n, 0.05 / 1.7, n, "P(0)");
        AssertFrequency(sample.Count(v => v == 2) / n, 0.15 / 1.7, n, "P(2)");
    }

    [Theory]
    [InlineData(0.0625, 0.0)]   // 0.5 -> 0
    [InlineData(0.1875, 2.0)]   // 1.5 -> 2
    [InlineData(0.3125, 2.0)]   // 2.5 -> 2
    [InlineData(0.4375, 4.0)]   // 3.5 -> 4
    [InlineData(0.9375, 8.0)]   // 7.5 -> 8
    public void QUniform_Ties_RoundHalfToEvenAsNumpy(double u, double expected)
    {
        Assert.Equal(expected, Distributions.QUniform(0, 8, 1).FromUnit(u).AsDouble());
    }

    [Fact]
    public void QUniform_Values_AreTheShortestDecimalOfTheGridPoint()
    {
        var d = Distributions.QUniform(0, 1, 0.1);

        Assert.Equal(0.3, d.FromUnit(0.3).AsDouble());
        Assert.Equal("0.3", d.FromUnit(0.3).ToString());
        Assert.Equal(0.7, d.FromUnit(0.7).AsDouble());
        Assert.Equal(ParameterKind.Float, d.FromUnit(0.7).Kind);
    }

    [Fact]
    public void QUniform_LargeValues_StayExactMultiplesOfQ()
    {
        // Values of 16 significant digits: tidying to 15 digits must not move them off the grid.
        var d = Distributions.QUniform(1e15, 2e15, 3);
        var sample = SampleChecks.Draw(d, SampleSource.SeededRandom, n: 1000);

        SampleChecks.AssertEvery(sample, v => v % 3 == 0, v => $"{v:R} is not a multiple of 3");
    }

    [Fact]
    public void QUniform_FromUnitOfToUnit_GivesBackEveryGridValue()
    {
        var d = Distributions.QUniform(0, 10, 1);

        for (var v = 0; v <= 10; v++)
        {
            Assert.Equal(v, d.FromUnit(d.ToUnit(ParameterValue.Of((double)v))).AsDouble());
        }
    }

    private static void AssertFrequency(double observed, double p, double n, string what)
    {
        var error = 4.5 * Math.Sqrt(p * (1 - p) / n);
        Assert.True(Math.Abs(observed - p) <= error, $"{what} = {observed:F4}, expected {p:F4} within {error:F4}");
    }
}
