using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class ChoiceTests
{
    [Theory]
    [InlineData(SampleSource.SeededRandom, 2)]
    [InlineData(SampleSource.RandomSampler, 2)]
    [InlineData(SampleSource.SeededRandom, 7)]
    [InlineData(SampleSource.RandomSampler, 50)]
    public void Choice_Samples_ReachEveryValueWithEqualFrequency(SampleSource source, int count)
    {
        var choice = Distributions.ChoiceRange(100, 100 + count);
        var sample = SampleChecks.DrawValues(choice, source);
        var expected = Enumerable.Range(0, count).ToDictionary(i => (long)i, _ => 1.0 / count);

        Assert.Equal(count, sample.Distinct().Count());
        SampleChecks.AssertFrequencies(sample.Select(v => (long)choice.IndexOf(v)), expected, $"choice of {count} via {source}");
    }

    [Theory]
    [InlineData(SampleSource.SeededRandom)]
    [InlineData(SampleSource.RandomSampler)]
    public void Choice_OfStrings_GivesTheStringsUniformly(SampleSource source)
    {
        var choice = Distributions.Choice("relu", "tanh", "sigmoid");
        var sample = SampleChecks.DrawValues(choice, source);

        SampleChecks.AssertEvery(sample, v => v.Kind == ParameterKind.String, v => $"{v} is a {v.Kind}, not a string");
        Assert.Equal(["relu", "sigmoid", "tanh"], sample.Select(v => v.AsString()).Distinct().Order());
        SampleChecks.AssertFrequencies(sample.Select(v => (long)choice.IndexOf(v)), new Dictionary<long, double> { [0] = 1 / 3.0, [1] = 1 / 3.0, [2] = 1 / 3.0 }, "choice of strings");
    }

    [Fact]
    public void Choice_OfBooleans_GivesBothBooleansEquallyOften()
    {
        var sample = SampleChecks.DrawValues(Distributions.Choice(true, false), SampleSource.SeededRandom);

        SampleChecks.AssertEvery(sample, v => v.Kind == ParameterKind.Boolean, v => $"{v} is a {v.Kind}, not a boolean");
        var trues = sample.Count(v => v.AsBoolean());
        Assert.InRange(trues, (SampleChecks.N / 2) - (4.5 * 0.5 * Math.Sqrt(SampleChecks.N)), (SampleChecks.N / 2) + (4.5 * 0.5 * Math.Sqrt(SampleChecks.N)));
    }

    [Fact]
    public void Choice_OfMixedKinds_KeepsEachValueAndItsKind()
    {
        ParameterValue[] values = [ParameterValue.Of(1L), ParameterValue.Of(2.5), ParameterValue.Of("1"), ParameterValue.Of(true), ParameterValue.Of(3.0)];
        var choice = new ChoiceDistribution(values);

        var sample = SampleChecks.DrawValues(choice, SampleSource.RandomSampler, n: 2000);

        foreach (var value in values)
        {
            var drawn = sample.Where(v => v.Kind == value.Kind && v == value).ToList();
            Assert.True(drawn.Count > 300, $"{value} ({value.Kind}) was drawn {drawn.Count} times out of 2000");
        }

        Assert.Equal(ParameterKind.Float, choice.FromUnit(0.9).Kind);
        Assert.Equal("3", choice.FromUnit(0.9).ToString());
    }

    [Fact]
    public void Choice_FromUnit_SplitsTheUnitIntervalIntoEqualCells()
    {
        var choice = Distributions.Choice("a", "b", "c", "d");

        Assert.Equal("a", choice.FromUnit(0).AsString());
        Assert.Equal("a", choice.FromUnit(Math.BitDecrement(0.25)).AsString());
        Assert.Equal("b", choice.FromUnit(0.25).AsString());
        Assert.Equal("c", choice.FromUnit(0.5).AsString());
        Assert.Equal("d", choice.FromUnit(Math.BitDecrement(1.0)).AsString());
        Assert.Equal("d", choice.FromUnit(1).AsString());
    }

    [Fact]
    public void Choice_ToUnit_IsTheMiddleOfTheValuesCell_AndInvertsFromUnit()
    {
        var choice = Distributions.Choice(16L, 32L, 64L, 128L);

        Assert.Equal(0.125, choice.ToUnit(ParameterValue.Of(16L)));
        Assert.Equal(0.875, choice.ToUnit(ParameterValue.Of(128L)));
        Assert.Equal(0.375, choice.ToUnit(ParameterValue.Of(32.0)));
        foreach (var v in choice.Values)
        {
            Assert.Equal(v, choice.FromUnit(choice.ToUnit(v)));
        }
    }

    [Fact]
    public void Choice_ToUnit_OfAValueNotInTheList_ThrowsNamingTheValue()
    {
        var choice = Distributions.Choice(16L, 32L);

        var e = Assert.Throws<ArgumentException>(() => choice.ToUnit(ParameterValue.Of(48L)));

        Assert.Contains("48 is not one of the choices choice(16, 32)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choice_Equality_ComparesTheValuesInOrder()
    {
        Assert.Equal(Distributions.Choice(1L, 2L), Distributions.Choice(1.0, 2.0));
        Assert.Equal(Distributions.Choice(1L, 2L).GetHashCode(), Distributions.Choice(1L, 2L).GetHashCode());
        Assert.NotEqual(Distributions.Choice(1L, 2L), Distributions.Choice(2L, 1L));
        Assert.NotEqual<Distribution>(Distributions.Choice(0L, 1L), Distributions.RandInt(2));
    }

    [Fact]
    public void Choice_IsCategorical_AndWritesItsValuesAsJsonLiterals()
    {
        var choice = new ChoiceDistribution([ParameterValue.Of(1L), ParameterValue.Of(0.5), ParameterValue.Of(2.0), ParameterValue.Of("relu"), ParameterValue.Of(false)]);

        Assert.True(choice.IsCategorical);
        Assert.Equal("choice", choice.Type);
        Assert.Equal("choice(1, 0.5, 2.0, \"relu\", false)", choice.ToString());
    }

    [Fact]
    public void ChoiceRange_FollowsPythonRange()
    {
        Assert.Equal([1L, 3, 5, 7, 9], Distributions.ChoiceRange(1, 10, 2).Values.Select(v => v.AsInt64()));
        Assert.Equal([10L, 7, 4], Distributions.ChoiceRange(10, 1, -3).Values.Select(v => v.AsInt64()));
        Assert.Equal([0L, 1, 2], Distributions.ChoiceRange(0, 3).Values.Select(v => v.AsInt64()));
        Assert.All(Distributions.ChoiceRange(0, 3).Values, v => Assert.Equal(ParameterKind.Integer, v.Kind));
    }
}
