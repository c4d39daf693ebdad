using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class UniformTests
{
    [Theory]
    [InlineData(SampleSource.SeededRandom, -2.0, 3.0)]
    [InlineData(SampleSource.RandomSampler, -2.0, 3.0)]
    [InlineData(SampleSource.SeededRandom, 0.001, 0.0011)]
    [InlineData(SampleSource.RandomSampler, 100.0, 1e6)]
    public void Uniform_Samples_FollowTheUniformCdfBetweenTheBounds(SampleSource source, double min, double max)
    {
        var sample = SampleChecks.Draw(Distributions.Uniform(min, max), source);
        var what = $"uniform({min}, {max}) via {source}";
        var width = max - min;

        SampleChecks.AssertEvery(sample, x => x >= min && x <= max, x => $"{x:R} is outside [{min}, {max}]");
        SampleChecks.AssertKs(sample, x => ReferenceMath.UniformCdf(x, min, max), what);
        SampleChecks.AssertMoments(sample, (min + max) / 2, width * width / 12, Math.Pow(width, 4) / 80, what);
        SampleChecks.AssertQuantiles(sample, p => min + (p * width), what);
    }

    [Fact]
    public void Uniform_FromUnit_MapsZeroToMinAndOneToMax()
    {
        var d = Distributions.Uniform(-2, 3);

        Assert.Equal(-2.0, d.FromUnit(0).AsDouble());
        Assert.Equal(3.0, d.FromUnit(1).AsDouble());
        Assert.Equal(0.5, d.FromUnit(0.5).AsDouble());
        Assert.Equal(ParameterKind.Float, d.FromUnit(0.5).Kind);
    }

    [Fact]
    public void Uniform_FromUnit_NeverLeavesTheBounds_EvenWhenRoundingWouldOvershoot()
    {
        // 0.1 + u * (0.3 - 0.1) rounds above 0.3 for u just below 1 unless clamped.
        var d = Distributions.Uniform(0.1, 0.3);

        foreach (var u in new[] { 0.0, 1e-300, 0.5, Math.BitDecrement(1.0), 1.0 })
        {
            Assert.InRange(d.FromUnit(u).AsDouble(), 0.1, 0.3);
        }
    }

    [Fact]
    public void Uniform_ToUnit_IsTheCdf_AndInvertsFromUnit()
    {
        var d = Distributions.Uniform(-2, 3);

        Assert.Equal(0.0, d.ToUnit(ParameterValue.Of(-2.0)));
        Assert.Equal(1.0, d.ToUnit(ParameterValue.Of(3.0)));
        Assert.Equal(0.5, d.ToUnit(ParameterValue.Of(0.5)), 15);
        Assert.Equal(0.0, d.ToUnit(ParameterValue.Of(-10.0)));
        Assert.Equal(1.0, d.ToUnit(ParameterValue.Of(10L)));
        for (var u = 0.0; u <= 1.0; u += 1.0 / 64)
        {
            Assert.Equal(u, d.ToUnit(d.FromUnit(u)), 12);
        }
    }
}
