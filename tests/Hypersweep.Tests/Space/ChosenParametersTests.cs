using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

/// <summary>A configuration chosen by a person (enqueue, initial_trials): read from text, and only if the sampler could have suggested it.</summary>
public sealed class ChosenParametersTests
{
    private static readonly SearchSpace Space = new()
    {
        { "lr", Distributions.LogUniform(-9, -2) },
        { "dropout", Distributions.Uniform(0, 0.5) },
        { "units", Distributions.QUniform(16, 128, 16) },
        { "layers", Distributions.RandInt(4) },
        { "act", Distributions.Choice("relu", "tanh") },
        { "batch", Distributions.Choice(32L, 64L) },
        { "noise", Distributions.Normal(0, 1) },
    };

    private static ParameterSet Parse(SearchSpace space, params string[] pairs) =>
        ChosenParameters.Parse(space, pairs.Select(p => new KeyValuePair<string, string>(p[..p.IndexOf('=', StringComparison.Ordinal)], p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..])));

    [Fact]
    public void ValuesTheSpaceCanProduce_AreReadWithTheKindsItsSamplerGives_InSpaceOrder()
    {
        var set = Parse(Space, "batch=64", "act=tanh", "layers=3", "units=48", "dropout=0.25", "lr=0.001", "noise=-2.5");

        Assert.Equal(["lr", "dropout", "units", "layers", "act", "batch", "noise"], set.Names);
        Assert.Equal(ParameterValue.Of(0.001), set["lr"]);
        Assert.Equal(ParameterValue.Of(3L), set["layers"]);
        Assert.Equal(ParameterKind.Integer, set["batch"].Kind);
        Assert.Equal(Space["units"].FromUnit(Space["units"].ToUnit(ParameterValue.Of(48.0))), set["units"]);
        Assert.Equal("tanh", set["act"].AsString());
    }

    [Theory]
    [InlineData("lr=0.5", "'lr' = 0.5 is not a value of loguniform(-9, -2) (from 0.00012341 to 0.135335)")]
    [InlineData("units=50", "'units' = 50 is not a value of quniform(16, 128, 16)")]
    [InlineData("layers=1.5", "'layers' = 1.5 is not a value of randint(4)")]
    [InlineData("layers=4", "'layers' = 4 is not a value of randint(4)")]
    [InlineData("act=sigmoid", "'act' = sigmoid is not a value of choice(\"relu\", \"tanh\")")]
    [InlineData("dropout=abc", "'dropout' = abc is not a value of uniform(0, 0.5)")]
    public void AValueOutsideItsExpression_IsRefused_NamingTheParameterAndWhatItSamples(string bad, string expected)
    {
        var good = new[] { "lr=0.001", "dropout=0.1", "units=32", "layers=1", "act=relu", "batch=32", "noise=0" };
        var name = bad[..bad.IndexOf('=', StringComparison.Ordinal)];
        var pairs = good.Where(g => !g.StartsWith(name + "=", StringComparison.Ordinal)).Append(bad).ToArray();

        var e = Assert.Throws<ArgumentException>(() => Parse(Space, pairs));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingUnknownAndRepeatedNames_AreAllListed()
    {
        var e = Assert.Throws<ArgumentException>(() => Parse(Space, "lr=0.001", "lr=0.002", "depth=3", "dropout=0.1"));

        Assert.Contains("'lr' is given twice", e.Message, StringComparison.Ordinal);
        Assert.Contains("'depth' is not a parameter of the search space (lr, dropout, units, layers, act, batch, noise)", e.Message, StringComparison.Ordinal);
        Assert.Contains("no value for 'units', 'layers', 'act', 'batch', 'noise' (every parameter needs one)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InAConditionalSpace_ExactlyTheParametersOfTheChosenBranchAreNeeded()
    {
        var space = ConditionalSpaceTests.Optimizers();

        var sgd = Parse(space, "lr=0.001", "optimizer=sgd", "momentum=0.9", "nesterov=true");
        var wrong = Assert.Throws<ArgumentException>(() => Parse(space, "lr=0.001", "optimizer=rmsprop", "momentum=0.9"));
        var missing = Assert.Throws<ArgumentException>(() => Parse(space, "lr=0.001", "optimizer=adam", "beta1=0.9", "beta2=0.99", "amsgrad=true"));

        Assert.Equal(["lr", "optimizer", "momentum", "nesterov"], sgd.Names);
        Assert.True(sgd["nesterov"].AsBoolean());
        Assert.Contains("'momentum' does not exist for these values (conditional: momentum when optimizer", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("no value for 'clip'", missing.Message, StringComparison.Ordinal);
    }
}
