namespace Hypersweep.Tests.Space;

/// <summary>
/// Checks of the test harness itself: the reference normal CDF is right, and the statistical checks reject the
/// wrong formulas the distribution tests are meant to catch.
/// </summary>
public sealed class SampleChecksTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-1.0, 0.15865525393145707)]
    [InlineData(1.959963984540054, 0.975)]
    [InlineData(-3.0, 0.0013498980316300946)]
    [InlineData(-5.0, 2.866515718791939e-07)]
    [InlineData(-8.0, 6.22096057427178e-16)]
    [InlineData(4.0, 0.9999683287581669)]
    public void ReferenceNormalCdf_MatchesTabulatedValues(double z, double expected)
    {
        var actual = ReferenceMath.NormalCdf(z);

        Assert.True(Math.Abs(actual - expected) <= 1e-13 + (1e-12 * expected), $"Φ({z}) = {actual:R}, tabulated {expected:R}.");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.975)]
    [InlineData(1e-10)]
    [InlineData(0.999)]
    public void ReferenceNormalQuantile_InvertsTheCdf(double p)
    {
        var z = ReferenceMath.NormalQuantile(p);

        Assert.True(Math.Abs(ReferenceMath.NormalCdf(z) - p) <= 1e-14 + (1e-12 * p), $"Φ(Φ⁻¹({p})) = {ReferenceMath.NormalCdf(z):R}.");
    }

    [Fact]
    public void KsCheck_AcceptsTheTrueDistribution_AndRejectsBase10ForBaseE()
    {
        var random = new Random(1);
        var exponents = Enumerable.Range(0, SampleChecks.N).Select(_ => -6 + (5 * random.NextDouble())).ToArray();
        var right = exponents.Select(Math.Exp).ToArray();
        var base10 = exponents.Select(e => Math.Pow(10, e)).ToArray();

        double Cdf(double x) => ReferenceMath.UniformCdf(Math.Log(x), -6, -1);

        Assert.True(SampleChecks.KsStatistic(right, Cdf) < SampleChecks.KsCritical(SampleChecks.N), "exp(U) must pass the loguniform check");
        Assert.True(SampleChecks.KsStatistic(base10, Cdf) > 10 * SampleChecks.KsCritical(SampleChecks.N), "10^U must fail the loguniform check by far");
    }

    [Fact]
    public void KsAndMomentChecks_RejectVarianceUsedAsSigma()
    {
        // Box-Muller draws of N(0, 4²): what normal(0, 2) gives if sigma is squared.
        var random = new Random(2);
        var wrong = Enumerable.Range(0, SampleChecks.N).Select(_ => 4 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();

        Assert.True(SampleChecks.KsStatistic(wrong, x => ReferenceMath.NormalCdf(x, 0, 2)) > 5 * SampleChecks.KsCritical(SampleChecks.N), "N(0, 4²) must fail a check against N(0, 2²)");
        Assert.ThrowsAny<Exception>(() => SampleChecks.AssertMoments(wrong, 0, 4, 3 * 16, "normal(0, 2)"));
    }

    [Fact]
    public void FrequencyCheck_RejectsFloorInsteadOfRound()
    {
        var random = new Random(3);
        var floored = Enumerable.Range(0, SampleChecks.N).Select(_ => (long)Math.Floor(10 * random.NextDouble())).ToArray();
        var expected = SampleChecks.GridProbabilities(x => ReferenceMath.UniformCdf(x, 0, 10), 1, 0, 10);

        Assert.ThrowsAny<Exception>(() => SampleChecks.AssertFrequencies(floored, expected, "quniform(0, 10, 1)"));
    }

    [Fact]
    public void FrequencyCheck_AcceptsRoundedDraws()
    {
        var random = new Random(4);
        var rounded = Enumerable.Range(0, SampleChecks.N).Select(_ => (long)Math.Round(10 * random.NextDouble(), MidpointRounding.ToEven)).ToArray();
        var expected = SampleChecks.GridProbabilities(x => ReferenceMath.UniformCdf(x, 0, 10), 1, 0, 10);

        SampleChecks.AssertFrequencies(rounded, expected, "round(U(0, 10))");
    }

    [Theory]
    [InlineData(1, 10.828)]
    [InlineData(5, 20.515)]
    [InlineData(10, 29.588)]
    [InlineData(100, 149.449)]
    public void ChiSquareCritical_IsCloseToTabulatedAndNotBelow(int df, double tabulated)
    {
        var critical = SampleChecks.ChiSquareCritical(df);

        Assert.InRange(critical, tabulated, tabulated * 1.04);
    }
}
