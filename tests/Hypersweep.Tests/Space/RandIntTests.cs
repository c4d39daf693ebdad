using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class RandIntTests
{
    [Theory]
    [InlineData(SampleSource.SeededRandom, 1)]
    [InlineData(SampleSource.SeededRandom, 2)]
    [InlineData(SampleSource.RandomSampler, 10)]
    [InlineData(SampleSource.SeededRandom, 100)]
    [InlineData(SampleSource.RandomSampler, 1000)]
    public void RandInt_Samples_AreUniformOnZeroToUpperExclusive(SampleSource source, int upper)
    {
        var sample = SampleChecks.DrawValues(Distributions.RandInt(upper), source);
        var expected = Enumerable.Range(0, upper).ToDictionary(i => (long)i, _ => 1.0 / upper);

        SampleChecks.AssertEvery(sample, v => v.Kind == ParameterKind.Integer, v => $"{v} is a {v.Kind}, not an integer");
        Assert.Equal(upper, sample.Distinct().Count());
        Assert.Equal(upper - 1, sample.Max(v => v.AsInt64()));
        Assert.Equal(0, sample.Min(v => v.AsInt64()));
        SampleChecks.AssertFrequencies(sample.Select(v => v.AsInt64()), expected, $"randint({upper}) via {source}");
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(3L)]
    [InlineData(10L)]
    [InlineData(1L << 40)]
    public void RandInt_FromUnit_NeverReturnsUpper(long upper)
    {
        var d = Distributions.RandInt(upper);

        Assert.Equal(upper - 1, d.FromUnit(1).AsInt64());
        Assert.Equal(upper - 1, d.FromUnit(Math.BitDecrement(1.0)).AsInt64());
        Assert.Equal(0, d.FromUnit(0).AsInt64());
    }

    [Fact]
    public void RandInt_FromUnit_SplitsTheUnitIntervalIntoEqualCells_AndToUnitIsTheCellMiddle()
    {
        var d = Distributions.RandInt(4);

        Assert.Equal(0, d.FromUnit(Math.BitDecrement(0.25)).AsInt64());
        Assert.Equal(1, d.FromUnit(0.25).AsInt64());
        Assert.Equal(3, d.FromUnit(0.75).AsInt64());
        for (var k = 0L; k < 4; k++)
        {
            Assert.Equal((k + 0.5) / 4, d.ToUnit(ParameterValue.Of(k)));
            Assert.Equal(k, d.FromUnit(d.ToUnit(ParameterValue.Of(k))).AsInt64());
        }
    }
}
