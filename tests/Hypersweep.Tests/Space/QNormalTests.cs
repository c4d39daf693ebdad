using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class QNormalTests
{
    [Theory]
    [InlineData(SampleSource.SeededRandom, 10.0, 3.0, 1.0)]
    [InlineData(SampleSource.RandomSampler, 10.0, 3.0, 1.0)]
    [InlineData(SampleSource.SeededRandom, 0.0, 1.0, 0.25)]
    [InlineData(SampleSource.RandomSampler, -7.0, 2.0, 3.0)]
    [InlineData(SampleSource.SeededRandom, 0.0, 0.1, 1.0)]
    public void QNormal_Samples_AreRoundedNormalDrawsOnTheQGrid(SampleSource source, double mu, double sigma, double q)
    {
        var sample = SampleChecks.Draw(Distributions.QNormal(mu, sigma, q), source);
        var what = $"qnormal({mu}, {sigma}, {q}) via {source}";
        var expected = SampleChecks.GridProbabilities(x => ReferenceMath.NormalCdf(x, mu, sigma), q, (long)Math.Floor((mu - (9 * sigma)) / q), (long)Math.Ceiling((mu + (9 * sigma)) / q));

        SampleChecks.AssertOnGrid(sample, q, what);
        SampleChecks.AssertFrequencies(sample.Select(v => (long)Math.Round(v / q)), expected, what);
    }

    [Fact]
    public void QNormal_Samples_KeepTheMeanAndAddTheRoundingVariance()
    {
        // Rounding to a grid much finer than sigma adds about q²/12 (Sheppard's correction) to the variance.
        const double mu = 10, sigma = 3, q = 1;
        var sample = SampleChecks.Draw(Distributions.QNormal(mu, sigma, q), SampleSource.SeededRandom);
        var variance = (sigma * sigma) + (q * q / 12);

        SampleChecks.AssertMoments(sample, mu, variance, 3 * variance * variance, "qnormal(10, 3, 1)");
    }

    [Fact]
    public void QNormal_Values_CanBeNegativeAndZero()
    {
        var sample = SampleChecks.Draw(Distributions.QNormal(0, 2, 1), SampleSource.SeededRandom, n: 2000);

        Assert.Contains(0.0, sample);
        Assert.Contains(-1.0, sample);
        Assert.Contains(-3.0, sample);
    }

    [Fact]
    public void QNormal_FromUnitOfToUnit_GivesBackGridValues_AndExtremesStayFinite()
    {
        var d = Distributions.QNormal(10, 3, 1);

        for (var v = -5; v <= 25; v++)
        {
            Assert.Equal(v, d.FromUnit(d.ToUnit(ParameterValue.Of((double)v))).AsDouble());
        }

        Assert.True(double.IsFinite(d.FromUnit(0).AsDouble()));
        Assert.True(double.IsFinite(d.FromUnit(1).AsDouble()));
    }
}
