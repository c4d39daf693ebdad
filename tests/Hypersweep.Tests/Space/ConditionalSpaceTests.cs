using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

/// <summary>A conditional search space: parameters that exist only under a value of a choice, to any depth.</summary>
public sealed class ConditionalSpaceTests
{
    /// <summary>
    /// optimizer: sgd brings momentum and nesterov; adam brings beta1, beta2 and amsgrad, and amsgrad: true brings
    /// clip; rmsprop brings nothing. lr always exists.
    /// </summary>
    internal static SearchSpace Optimizers() => new()
    {
        { "lr", Distributions.LogUniform(-9, -2) },
        { "optimizer", Distributions.Choice("sgd", "adam", "rmsprop") },
        { "momentum", Distributions.Uniform(0, 0.99), new ParameterCondition("optimizer", ParameterValue.Of("sgd")) },
        { "nesterov", Distributions.Choice(true, false), new ParameterCondition("optimizer", ParameterValue.Of("sgd")) },
        { "beta1", Distributions.Uniform(0.8, 0.99), new ParameterCondition("optimizer", ParameterValue.Of("adam")) },
        { "beta2", Distributions.Uniform(0.9, 0.9999), new ParameterCondition("optimizer", ParameterValue.Of("adam")) },
        { "amsgrad", Distributions.Choice(true, false), new ParameterCondition("optimizer", ParameterValue.Of("adam")) },
        { "clip", Distributions.Uniform(0.1, 10), new ParameterCondition("amsgrad", ParameterValue.Of(true)) },
    };

    private static ParameterSet Set(params (string Name, ParameterValue Value)[] values) => new(values.Select(v => new KeyValuePair<string, ParameterValue>(v.Name, v.Value)));

    [Fact]
    public void FromUnit_KeepsOnlyTheActiveParameters_DecidedInDeclarationOrder()
    {
        var space = Optimizers();
        // optimizer 0.5 -> adam (middle third), amsgrad 0.2 -> true (first half), so clip exists; momentum and nesterov do not.
        var adam = space.FromUnit([0.5, 0.5, 0.3, 0.3, 0.5, 0.5, 0.2, 0.5]);
        var sgd = space.FromUnit([0.5, 0.1, 0.5, 0.7, 0.5, 0.5, 0.2, 0.5]);

        Assert.Equal(["lr", "optimizer", "beta1", "beta2", "amsgrad", "clip"], adam.Names);
        Assert.Equal(["lr", "optimizer", "momentum", "nesterov"], sgd.Names);
        Assert.Equal(0.495, sgd["momentum"].AsDouble(), 12);
        Assert.True(space.IsConditional);
        Assert.False(new SearchSpace { { "x", Distributions.Uniform(0, 1) } }.IsConditional);
    }

    [Fact]
    public void IsActive_FollowsTheChainOfConditions_ToTheTop()
    {
        var space = Optimizers();
        var adamWithAmsgrad = Set(("optimizer", ParameterValue.Of("adam")), ("amsgrad", ParameterValue.Of(true)));
        // amsgrad = true, but under sgd amsgrad itself is inactive, so clip is too (a stray value does not count).
        var sgdWithStrayAmsgrad = Set(("optimizer", ParameterValue.Of("sgd")), ("amsgrad", ParameterValue.Of(true)));

        Assert.True(space.IsActive("clip", adamWithAmsgrad), "clip exists under adam with amsgrad");
        Assert.False(space.IsActive("clip", sgdWithStrayAmsgrad), "amsgrad is inactive under sgd, so clip is too");
        Assert.False(space.IsActive("momentum", adamWithAmsgrad), "momentum exists under sgd only");
        Assert.True(space.IsActive("lr", adamWithAmsgrad), "lr always exists");
        Assert.Equal(new ParameterCondition("amsgrad", ParameterValue.Of(true)), space.ConditionOf("clip"));
        Assert.Null(space.ConditionOf("lr"));
    }

    [Fact]
    public void ToUnit_PutsInactiveParametersInTheMiddle_AndRoundTripsActiveOnes()
    {
        var space = Optimizers();
        var sgd = space.FromUnit([0.25, 0.1, 0.5, 0.7, 0.5, 0.5, 0.2, 0.5]);

        var unit = space.ToUnit(sgd);

        Assert.Equal(0.25, unit[0], 9);
        Assert.Equal(0.5, unit[2], 9);
        Assert.Equal([0.5, 0.5, 0.5, 0.5], unit[4..]);
        Assert.Equal(sgd, space.FromUnit(unit));
    }

    [Fact]
    public void PathOf_NamesThePlaceInTheTree_AsASweepFileWritesIt()
    {
        var space = Optimizers();

        Assert.Equal("lr", space.PathOf("lr"));
        Assert.Equal("optimizer.values[0].search_space.momentum", space.PathOf("momentum"));
        Assert.Equal("optimizer.values[1].search_space.amsgrad.values[0].search_space.clip", space.PathOf("clip"));
    }

    [Fact]
    public void Add_WithABadCondition_SaysWhatIsWrong()
    {
        var space = new SearchSpace { { "optimizer", Distributions.Choice("sgd", "adam") }, { "lr", Distributions.Uniform(0, 1) } };

        var undeclared = Assert.Throws<ArgumentException>(() => space.Add("m", Distributions.Uniform(0, 1), new ParameterCondition("solver", ParameterValue.Of("sgd"))));
        var notChoice = Assert.Throws<ArgumentException>(() => space.Add("m", Distributions.Uniform(0, 1), new ParameterCondition("lr", ParameterValue.Of(0.5))));
        var noSuchValue = Assert.Throws<ArgumentException>(() => space.Add("m", Distributions.Uniform(0, 1), new ParameterCondition("optimizer", ParameterValue.Of("lbfgs"))));
        var twice = Assert.Throws<ArgumentException>(() => space.Add("lr", Distributions.Uniform(0, 1), new ParameterCondition("optimizer", ParameterValue.Of("sgd"))));

        Assert.Equal("The parameter 'm' depends on 'solver', which is not declared before it.", undeclared.Message);
        Assert.Equal("The parameter 'm' depends on 'lr', which is uniform(0, 1); only a choice parameter can bring other parameters.", notChoice.Message);
        Assert.Equal("The parameter 'm' depends on 'optimizer' being lbfgs, which is not one of its values choice(\"sgd\", \"adam\").", noSuchValue.Message);
        Assert.Equal("The parameter 'lr' is declared twice.", twice.Message);
    }

    [Fact]
    public void ToString_ShowsEachConditionalParameterWithItsCondition()
    {
        var text = Optimizers().ToString();

        Assert.Contains("momentum: uniform(0, 0.99) when optimizer = sgd", text, StringComparison.Ordinal);
        Assert.Contains("clip: uniform(0.1, 10) when amsgrad = true", text, StringComparison.Ordinal);
    }
}
