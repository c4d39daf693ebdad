using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class QLogNormalTests
{
    [Theory]
    [InlineData(SampleSource.SeededRandom, 0.0, 1.0, 1.0)]
    [InlineData(SampleSource.RandomSampler, 0.0, 1.0, 1.0)]
    [InlineData(SampleSource.SeededRandom, 2.0, 0.5, 0.5)]
    [InlineData(SampleSource.RandomSampler, -1.0, 1.0, 0.1)]
    public void QLogNormal_Samples_AreRoundedExpOfNormalOnTheQGrid(SampleSource source, double mu, double sigma, double q)
    {
        var sample = SampleChecks.Draw(Distributions.QLogNormal(mu, sigma, q), source);
        var what = $"qlognormal({mu}, {sigma}, {q}) via {source}";
        var expected = SampleChecks.GridProbabilities(y => Cdf(y, mu, sigma), q, 0, (long)Math.Ceiling(Math.Exp(mu + (9 * sigma)) / q));

        SampleChecks.AssertOnGrid(sample, q, what);
        SampleChecks.AssertFrequencies(sample.Select(v => (long)Math.Round(v / q)), expected, what);
    }

    [Fact]
    public void QLogNormal_Values_AreZeroWhenExpIsBelowHalfQ_AndNeverNegative()
    {
        // P(0) = P(exp(N(0, 1)) < 0.5) = Φ(ln 0.5).
        var sample = SampleChecks.Draw(Distributions.QLogNormal(0, 1, 1), SampleSource.SeededRandom);
        var p = ReferenceMath.NormalCdf(Math.Log(0.5));
        var zeros = sample.Count(v => v == 0) / (double)sample.Length;

        Assert.True(Math.Abs(zeros - p) <= 4.5 * Math.Sqrt(p * (1 - p) / sample.Length), $"P(0) = {zeros:F4}, expected {p:F4}");
        SampleChecks.AssertEvery(sample, v => v >= 0, v => $"{v} is negative");
    }

    [Fact]
    public void QLogNormal_FromUnitOfToUnit_GivesBackGridValues_AndExtremesStayFinite()
    {
        var d = Distributions.QLogNormal(2, 0.5, 0.5);

        for (var v = 1.0; v <= 30; v += 0.5)
        {
            Assert.Equal(v, d.FromUnit(d.ToUnit(ParameterValue.Of(v))).AsDouble());
        }

        Assert.Equal(0.0, d.FromUnit(0).AsDouble());
        Assert.True(double.IsFinite(d.FromUnit(1).AsDouble()));
    }

    private static double Cdf(double y, double mu, double sigma) => y <= 0 ? 0 : ReferenceMath.NormalCdf(Math.Log(y), mu, sigma);
}
