using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

/// <summary>Each expression rejects bad arguments with an <see cref="ArgumentException"/> stating the rule and the value.</summary>
public sealed class ValidationTests
{
    public static TheoryData<string, string[]> BadExpressions => new()
    {
        { "uniform(5, 1)", ["uniform needs min_value < max_value", "min_value=5", "max_value=1"] },
        { "uniform(2, 2)", ["uniform needs min_value < max_value", "min_value=2", "max_value=2"] },
        { "loguniform(-1, -6)", ["loguniform needs min_value < max_value", "min_value=-1", "max_value=-6"] },
        { "quniform(3.5, 0.5, 1)", ["quniform needs min_value < max_value", "min_value=3.5", "max_value=0.5"] },
        { "qloguniform(4, 4, 1)", ["qloguniform needs min_value < max_value", "min_value=4", "max_value=4"] },
        { "normal(0, 0)", ["normal needs sigma > 0", "sigma=0"] },
        { "lognormal(1, -2)", ["lognormal needs sigma > 0", "sigma=-2"] },
        { "qnormal(10, -0.5, 1)", ["qnormal needs sigma > 0", "sigma=-0.5"] },
        { "qlognormal(0, 0, 1)", ["qlognormal needs sigma > 0", "sigma=0"] },
        { "quniform(0, 10, 0)", ["quniform needs q > 0", "q=0"] },
        { "qloguniform(0, 3, -1)", ["qloguniform needs q > 0", "q=-1"] },
        { "qnormal(0, 1, -0.25)", ["qnormal needs q > 0", "q=-0.25"] },
        { "qlognormal(0, 1, 0)", ["qlognormal needs q > 0", "q=0"] },
        { "randint(0)", ["randint needs upper >= 1", "upper=0"] },
        { "randint(-3)", ["randint needs upper >= 1", "upper=-3"] },
        { "randint(2.5)", ["randint needs a whole number for upper", "upper=2.5"] },
        { "choice()", ["choice needs at least one value", "empty list"] },
        { "choice([])", ["choice needs at least one value", "empty list"] },
        { "choice(range(3, 3))", ["choice needs at least one value", "empty list"] },
        { "choice(1, 2, 1)", ["choice values must be distinct", "got 1 more than once"] },
        { "choice(1, 1.0)", ["choice values must be distinct", "more than once"] },
        { "choice('a', \"a\")", ["choice values must be distinct", "got a more than once"] },
        { "uniform(NaN, 1)", ["uniform needs a finite min_value", "min_value=NaN"] },
        { "normal(0, Infinity)", ["normal needs a finite sigma", "sigma=Infinity"] },
        { "choice(range(1, 10, 0))", ["range needs a non-zero step", "step=0"] },
    };

    [Theory]
    [MemberData(nameof(BadExpressions))]
    public void Expression_WithBadArgument_ThrowsArgumentExceptionStatingTheRuleAndTheValue(string text, string[] fragments)
    {
        var e = Assert.Throws<ArgumentException>(() => SpaceExpression.Parse(text));

        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string[]> BadConstructions => new()
    {
        { "uniform", ["uniform needs min_value < max_value", "min_value=1", "max_value=0.5"] },
        { "uniform-infinite", ["uniform needs a finite max_value", "max_value=Infinity"] },
        { "loguniform-nan", ["loguniform needs a finite min_value", "min_value=NaN"] },
        { "normal-nan-mu", ["normal needs a finite mu", "mu=NaN"] },
        { "lognormal-negative-infinite-sigma", ["lognormal needs a finite sigma", "sigma=-Infinity"] },
        { "quniform-infinite-q", ["quniform needs a finite q", "q=Infinity"] },
        { "qnormal-nan-q", ["qnormal needs a finite q", "q=NaN"] },
        { "randint", ["randint needs upper >= 1", "upper=0"] },
        { "choice-empty", ["choice needs at least one value"] },
        { "choice-duplicate-strings", ["choice values must be distinct", "got relu more than once"] },
        { "choice-duplicate-numbers", ["choice values must be distinct", "got 0.1 more than once"] },
        { "choice-nan", ["choice values must be finite", "got NaN"] },
        { "choice-infinity", ["choice values must be finite", "got -Infinity"] },
    };

    [Theory]
    [MemberData(nameof(BadConstructions))]
    public void Constructor_WithBadArgument_ThrowsArgumentExceptionStatingTheRuleAndTheValue(string name, string[] fragments)
    {
        Func<Distribution> create = name switch
        {
            "uniform" => () => new UniformDistribution(1, 0.5),
            "uniform-infinite" => () => Distributions.Uniform(0, double.PositiveInfinity),
            "loguniform-nan" => () => Distributions.LogUniform(double.NaN, 1),
            "normal-nan-mu" => () => Distributions.Normal(double.NaN, 1),
            "lognormal-negative-infinite-sigma" => () => Distributions.LogNormal(0, double.NegativeInfinity),
            "quniform-infinite-q" => () => Distributions.QUniform(0, 1, double.PositiveInfinity),
            "qnormal-nan-q" => () => Distributions.QNormal(0, 1, double.NaN),
            "randint" => () => Distributions.RandInt(0),
            "choice-empty" => () => new ChoiceDistribution([]),
            "choice-duplicate-strings" => () => Distributions.Choice("relu", "tanh", "relu"),
            "choice-duplicate-numbers" => () => Distributions.Choice(0.1, 0.2, 0.1),
            "choice-nan" => () => Distributions.Choice(1.0, double.NaN),
            "choice-infinity" => () => Distributions.Choice(double.NegativeInfinity),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var e = Assert.Throws<ArgumentException>(() => create());

        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("loguniform(0, 710)", "loguniform needs exp(max_value) to be finite", "max_value <= 709.78", "max_value=710")]
    [InlineData("qloguniform(-1, 1000, 1)", "qloguniform needs exp(max_value) to be finite", "max_value <= 709.78", "max_value=1000")]
    [InlineData("lognormal(700, 2)", "lognormal needs exp(mu + 8.21 * sigma) to be finite", "<= 709.78", "mu=700, sigma=2")]
    [InlineData("qlognormal(0, 100, 1)", "qlognormal needs exp(mu + 8.21 * sigma) to be finite", "<= 709.78", "mu=0, sigma=100")]
    public void LogExpression_ThatCanDrawAnInfiniteValue_IsRejectedStatingTheRuleTheLimitAndTheValues(string text, string rule, string limit, string values)
    {
        // exp(710) is Infinity: such a space would give trials an infinite value, which JSON cannot carry.
        var e = Assert.Throws<ArgumentException>(() => SpaceExpression.Parse(text));

        Assert.Contains(rule, e.Message, StringComparison.Ordinal);
        Assert.Contains(limit, e.Message, StringComparison.Ordinal);
        Assert.Contains(values, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogNormal_WhoseLargestDrawIsFinite_IsAcceptedAndItsExtremeDrawsStayFinite()
    {
        // mu + 8.21 sigma = 690.4: even the most extreme unit value gives a finite number.
        var d = Distributions.LogNormal(600, 11);

        Assert.True(double.IsFinite(d.FromUnit(1).AsDouble()));
        Assert.True(d.FromUnit(0).AsDouble() > 0);
    }

    [Fact]
    public void LogUniform_WithTheLargestFiniteExp_IsAccepted()
    {
        var d = Distributions.LogUniform(700, 709);

        Assert.True(double.IsFinite(d.FromUnit(1).AsDouble()));
    }
}
