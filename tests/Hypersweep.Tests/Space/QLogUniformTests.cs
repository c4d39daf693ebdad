using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class QLogUniformTests
{
    [Theory]
    [InlineData(SampleSource.SeededRandom, -5.0, 2.0, 1.0)]
    [InlineData(SampleSource.RandomSampler, -5.0, 2.0, 1.0)]
    [InlineData(SampleSource.SeededRandom, 0.0, 5.0, 10.0)]
    [InlineData(SampleSource.RandomSampler, -3.0, 3.0, 0.5)]
    [InlineData(SampleSource.SeededRandom, 2.0, 6.0, 3.0)]
    public void QLogUniform_Samples_AreRoundedExpOfUniformOnTheQGrid(SampleSource source, double min, double max, double q)
    {
        var sample = SampleChecks.Draw(Distributions.QLogUniform(min, max, q), source);
        var what = $"qloguniform({min}, {max}, {q}) via {source}";
        var expected = SampleChecks.GridProbabilities(y => Cdf(y, min, max), q, 0, (long)Math.Ceiling(Math.Exp(max) / q) + 1);

        SampleChecks.AssertOnGrid(sample, q, what);
        SampleChecks.AssertFrequencies(sample.Select(v => (long)Math.Round(v / q)), expected, what);
    }

    [Fact]
    public void QLogUniform_Values_CanBeZero_WithTheProbabilityThatExpIsBelowHalfQ()
    {
        // exp(U(-5, 2)) < 0.5 when U < ln 0.5: P(0) = (ln 0.5 + 5) / 7.
        var sample = SampleChecks.Draw(Distributions.QLogUniform(-5, 2, 1), SampleSource.SeededRandom);
        var p = (Math.Log(0.5) + 5) / 7;
        var zeros = sample.Count(v => v == 0) / (double)sample.Length;

        Assert.True(Math.Abs(zeros - p) <= 4.5 * Math.Sqrt(p * (1 - p) / sample.Length), $"P(0) = {zeros:F4}, expected {p:F4}");
        SampleChecks.AssertEvery(sample, v => v >= 0, v => $"{v} is negative");
        Assert.Equal(Math.Round(Math.Exp(2)), sample.Max());
    }

    [Fact]
    public void QLogUniform_FromUnit_RoundsExpOfTheBounds()
    {
        var d = Distributions.QLogUniform(2, 6, 3);

        Assert.Equal(Math.Round(Math.Exp(2) / 3) * 3, d.FromUnit(0).AsDouble());
        Assert.Equal(Math.Round(Math.Exp(6) / 3) * 3, d.FromUnit(1).AsDouble());
    }

    [Fact]
    public void QLogUniform_FromUnitOfToUnit_GivesBackGridValuesIncludingZero()
    {
        var d = Distributions.QLogUniform(-5, 2, 1);

        for (var v = 0; v <= 7; v++)
        {
            Assert.Equal(v, d.FromUnit(d.ToUnit(ParameterValue.Of((double)v))).AsDouble());
        }
    }

    private static double Cdf(double y, double min, double max) => y <= 0 ? 0 : ReferenceMath.UniformCdf(Math.Log(y), min, max);
}
