using Hypersweep.Sampling;
using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Sampling;

public sealed class GridSamplerTests
{
    private static readonly SearchSpace Space = new()
    {
        { "batch", Distributions.Choice(16L, 32L) },
        { "act", Distributions.Choice("relu", "tanh", "gelu") },
        { "bn", Distributions.Choice(true, false) },
    };

    private static ParameterSet Point(long batch, string act, bool bn) => new(
    [
        new("batch", ParameterValue.Of(batch)),
        new("act", ParameterValue.Of(act)),
        new("bn", ParameterValue.Of(bn)),
    ]);

    private static readonly ParameterSet[] Expected =
    [
        Point(16, "relu", true), Point(16, "relu", false),
        Point(16, "tanh", true), Point(16, "tanh", false),
        Point(16, "gelu", true), Point(16, "gelu", false),
        Point(32, "relu", true), Point(32, "relu", false),
        Point(32, "tanh", true), Point(32, "tanh", false),
        Point(32, "gelu", true), Point(32, "gelu", false),
    ];

    [Fact]
    public void Suggest_GivesEveryCombinationOnce_WithTheLastParameterFastest()
    {
        var points = new GridSampler().Suggest(Space, [], 100);

        Assert.Equal(Expected, points);
        Assert.Equal(12, GridSampler.Size(Space));
        Assert.All(points, p => Assert.Equal(["batch", "act", "bn"], p.Names));
    }

    [Fact]
    public void Suggest_InBatches_StopsWhenExhausted_ReturningFewerThenNone()
    {
        var sampler = new GridSampler();
        var history = new List<TrialRecord>();
        var sizes = new List<int>();

        for (var round = 0; round < 5; round++)
        {
            var batch = sampler.Suggest(Space, history, 5);
            sizes.Add(batch.Count);
            history.AddRange(batch.Select(p => History.Trial(history.Count, p, TrialState.Running)));
        }

        Assert.Equal([5, 5, 2, 0, 0], sizes);
        Assert.Equal(Expected, history.Select(t => t.Parameters));
    }

    [Fact]
    public void Suggest_SkipsPointsAlreadyInTheHistory_WhateverTheirStateOrFieldOrder()
    {
        var reordered = new ParameterSet([new("bn", ParameterValue.Of(false)), new("act", ParameterValue.Of("relu")), new("batch", ParameterValue.Of(32.0))]);
        var history = new List<TrialRecord>
        {
            History.Trial(0, Expected[2], TrialState.Failed),
            History.Trial(1, reordered, TrialState.Terminated),
            History.Trial(2, ParameterSet.FromJson(Expected[10].ToJson()), TrialState.Queued),
        };

        var points = new GridSampler().Suggest(Space, history, 100);

        Assert.Equal(Expected.Where((_, i) => i is not (2 or 7 or 10)), points);
    }

    [Fact]
    public void Suggest_IsDeterministic_AndCountZeroGivesNone()
    {
        var sampler = new GridSampler();

        Assert.Equal(sampler.Suggest(Space, [], 7), new GridSampler().Suggest(Space, [], 7));
        Assert.Empty(sampler.Suggest(Space, [], 0));
    }

    [Fact]
    public void Suggest_OnAHugeGrid_EnumeratesLazily()
    {
        var space = new SearchSpace();
        for (var d = 0; d < 12; d++)
        {
            space.Add($"p{d}", Distributions.ChoiceRange(0, 10));
        }

        var points = new GridSampler().Suggest(space, [], 3);

        Assert.Equal(1_000_000_000_000L, GridSampler.Size(space));
        Assert.Equal([0L, 1, 2], points.Select(p => p["p11"].AsInt64()));
        Assert.All(points, p => Assert.Equal(0, p["p0"].AsInt64()));
    }

    [Theory]
    [InlineData("uniform(0, 1)")]
    [InlineData("randint(4)")]
    [InlineData("quniform(0, 10, 1)")]
    public void Suggest_WithANonChoiceParameter_ThrowsNamingTheParameterAndItsExpression(string expression)
    {
        var space = new SearchSpace { { "batch", Distributions.Choice(16L, 32L) }, { "lr", SpaceExpression.Parse(expression) } };

        var e = Assert.Throws<ArgumentException>(() => new GridSampler().Suggest(space, [], 1));

        Assert.Contains("grid sampling needs choice parameters only", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'lr' is {expression}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ListsEveryNonChoiceParameter()
    {
        var space = new SearchSpace { { "lr", Distributions.Uniform(0, 1) }, { "batch", Distributions.Choice(16L) }, { "layers", Distributions.RandInt(3) } };

        var problems = GridSampler.Check(space);

        Assert.Equal(2, problems.Count);
        Assert.Contains("'lr'", problems[0], StringComparison.Ordinal);
        Assert.Contains("'layers'", problems[1], StringComparison.Ordinal);
        Assert.Empty(GridSampler.Check(Space));
    }
}
