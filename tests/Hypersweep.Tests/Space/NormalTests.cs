using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class NormalTests
{
    [Theory]
    [InlineData(SampleSource.SeededRandom, 10.0, 3.0)]
    [InlineData(SampleSource.RandomSampler, 10.0, 3.0)]
    [InlineData(SampleSource.SeededRandom, -5.0, 0.01)]
    [InlineData(SampleSource.RandomSampler, 0.0, 4.0)]
    public void Normal_Samples_FollowTheNormalCdfWithSigmaAsStandardDeviation(SampleSource source, double mu, double sigma)
    {
        var sample = SampleChecks.Draw(Distributions.Normal(mu, sigma), source);
        var what = $"normal({mu}, {sigma}) via {source}";
        var variance = sigma * sigma;

        SampleChecks.AssertKs(sample, x => ReferenceMath.NormalCdf(x, mu, sigma), what);
        SampleChecks.AssertMoments(sample, mu, variance, 3 * variance * variance, what);
        SampleChecks.AssertQuantiles(sample, p => mu + (sigma * ReferenceMath.NormalQuantile(p)), what);
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(0.001)]
    [InlineData(0.025)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999999)]
    public void Normal_FromUnit_IsTheNormalQuantile(double u)
    {
        var d = Distributions.Normal(10, 3);
        var expected = 10 + (3 * ReferenceMath.NormalQuantile(u));

        Assert.Equal(expected, d.FromUnit(u).AsDouble(), 9);
    }

    [Theory]
    [InlineData(-30.0)]
    [InlineData(-2.0)]
    [InlineData(10.0)]
    [InlineData(13.0)]
    [InlineData(40.0)]
    public void Normal_ToUnit_IsTheNormalCdf(double x)
    {
        var d = Distributions.Normal(10, 3);

        Assert.Equal(ReferenceMath.NormalCdf(x, 10, 3), d.ToUnit(ParameterValue.Of(x)), 12);
    }

    [Fact]
    public void Normal_FromUnitAtZeroAndOne_IsFiniteAndInTheRightTail()
    {
        var d = Distributions.Normal(10, 3);

        var low = d.FromUnit(0).AsDouble();
        var high = d.FromUnit(1).AsDouble();

        Assert.True(double.IsFinite(low) && double.IsFinite(high), $"FromUnit(0) = {low}, FromUnit(1) = {high}");
        Assert.InRange(low, 10 - (3 * 9.0), 10 - (3 * 5.0));
        Assert.InRange(high, 10 + (3 * 5.0), 10 + (3 * 9.0));
        Assert.Equal(10 - low, high - 10, 6);
    }
}
