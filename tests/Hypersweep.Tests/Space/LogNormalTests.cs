using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class LogNormalTests
{
    [Theory]
    [InlineData(SampleSource.SeededRandom, 0.0, 1.0)]
    [InlineData(SampleSource.RandomSampler, 0.0, 1.0)]
    [InlineData(SampleSource.SeededRandom, -3.0, 0.5)]
    [InlineData(SampleSource.RandomSampler, 2.0, 2.0)]
    public void LogNormal_Samples_AreExpOfNormal(SampleSource source, double mu, double sigma)
    {
        var sample = SampleChecks.Draw(Distributions.LogNormal(mu, sigma), source);
        var logs = sample.Select(x => Math.Log(x)).ToArray();
        var what = $"lognormal({mu}, {sigma}) via {source}";
        var variance = sigma * sigma;

        SampleChecks.AssertEvery(sample, x => x > 0 && double.IsFinite(x), x => $"{x:R} is not a positive finite number");
        SampleChecks.AssertKs(logs, e => ReferenceMath.NormalCdf(e, mu, sigma), what);
        SampleChecks.AssertMoments(logs, mu, variance, 3 * variance * variance, what + " (log)");
        SampleChecks.AssertQuantiles(sample, p => Math.Exp(mu + (sigma * ReferenceMath.NormalQuantile(p))), what);
    }

    [Fact]
    public void LogNormal_Samples_HaveTheMeanExpOfMuPlusHalfSigmaSquared()
    {
        const double mu = 1, sigma = 0.5;
        var sample = SampleChecks.Draw(Distributions.LogNormal(mu, sigma), SampleSource.SeededRandom);
        var mean = Math.Exp(mu + (sigma * sigma / 2));
        var variance = (Math.Exp(sigma * sigma) - 1) * Math.Exp((2 * mu) + (sigma * sigma));
        var standardError = Math.Sqrt(variance / sample.Length);

        Assert.True(Math.Abs(sample.Average() - mean) < 4.5 * standardError, $"mean {sample.Average()} vs exp(mu + sigma²/2) = {mean}");
    }

    [Fact]
    public void LogNormal_FromUnit_IsExpOfTheNormalQuantile_AndToUnitInvertsIt()
    {
        var d = Distributions.LogNormal(-3, 0.5);

        foreach (var u in new[] { 1e-6, 0.01, 0.5, 0.8, 0.999999 })
        {
            var x = d.FromUnit(u).AsDouble();
            var expected = Math.Exp(-3 + (0.5 * ReferenceMath.NormalQuantile(u)));
            Assert.True(Math.Abs(x - expected) <= 1e-9 * expected, $"FromUnit({u}) = {x:R}, exp of the normal quantile is {expected:R}");
            Assert.Equal(u, d.ToUnit(ParameterValue.Of(x)), 9);
        }

        Assert.Equal(0.0, d.ToUnit(ParameterValue.Of(0.0)));
        Assert.Equal(0.0, d.ToUnit(ParameterValue.Of(-1.0)));
    }

    [Fact]
    public void LogNormal_FromUnitAtZeroAndOne_IsPositiveAndFinite()
    {
        var d = Distributions.LogNormal(0, 1);

        var low = d.FromUnit(0).AsDouble();
        var high = d.FromUnit(1).AsDouble();

        Assert.True(low > 0 && low < Math.Exp(-5), $"FromUnit(0) = {low}");
        Assert.True(double.IsFinite(high) && high > Math.Exp(5), $"FromUnit(1) = {high}");
    }
}
