using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class LogUniformTests
{
    [Theory]
    [InlineData(SampleSource.SeededRandom, -6.0, -1.0)]
    [InlineData(SampleSource.RandomSampler, -6.0, -1.0)]
    [InlineData(SampleSource.SeededRandom, 0.0, 5.0)]
    [InlineData(SampleSource.RandomSampler, -20.0, 2.0)]
    public void LogUniform_Samples_AreExpOfUniformBetweenExponents(SampleSource source, double min, double max)
    {
        var sample = SampleChecks.Draw(Distributions.LogUniform(min, max), source);
        var logs = sample.Select(x => Math.Log(x)).ToArray();
        var what = $"loguniform({min}, {max}) via {source}";
        var width = max - min;

        SampleChecks.AssertEvery(sample, x => x >= Math.Exp(min) && x <= Math.Exp(max), x => $"{x:R} is outside [exp({min}), exp({max})]");
        SampleChecks.AssertKs(logs, e => ReferenceMath.UniformCdf(e, min, max), what);
        SampleChecks.AssertMoments(logs, (min + max) / 2, width * width / 12, Math.Pow(width, 4) / 80, what + " (log)");
        SampleChecks.AssertQuantiles(sample, p => Math.Exp(min + (p * width)), what);
    }

    [Fact]
    public void LogUniform_Samples_HaveTheMeanOfExpOfUniform()
    {
        // E[e^U] = (e^b - e^a) / (b - a) and E[e^2U] = (e^2b - e^2a) / (2 (b - a)).
        const double a = -6, b = -1;
        var sample = SampleChecks.Draw(Distributions.LogUniform(a, b), SampleSource.SeededRandom);
        var m1 = (Math.Exp(b) - Math.Exp(a)) / (b - a);
        var m2 = (Math.Exp(2 * b) - Math.Exp(2 * a)) / (2 * (b - a));
        var standardError = Math.Sqrt((m2 - (m1 * m1)) / sample.Length);

        Assert.True(Math.Abs(sample.Average() - m1) < 4.5 * standardError, $"mean {sample.Average()} vs E[exp(U(-6, -1))] = {m1}");
    }

    [Fact]
    public void LogUniform_FromUnit_MapsZeroAndOneToExpOfTheBounds()
    {
        var d = Distributions.LogUniform(-6, -1);

        Assert.Equal(Math.Exp(-6), d.FromUnit(0).AsDouble());
        Assert.Equal(Math.Exp(-1), d.FromUnit(1).AsDouble());
        Assert.Equal(Math.Exp(-3.5), d.FromUnit(0.5).AsDouble(), 15);
    }

    [Fact]
    public void LogUniform_ToUnit_InvertsFromUnit_AndClampsOutsideValues()
    {
        var d = Distributions.LogUniform(-6, -1);

        for (var u = 0.0; u <= 1.0; u += 1.0 / 64)
        {
            Assert.Equal(u, d.ToUnit(d.FromUnit(u)), 12);
        }

        Assert.Equal(0.0, d.ToUnit(ParameterValue.Of(1e-9)));
        Assert.Equal(1.0, d.ToUnit(ParameterValue.Of(5.0)));
    }
}
