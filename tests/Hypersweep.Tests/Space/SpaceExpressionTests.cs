using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class SpaceExpressionTests
{
    [Fact]
    public void Parse_ChoiceOfArguments_GivesThoseValues()
    {
        var d = Assert.IsType<ChoiceDistribution>(SpaceExpression.Parse("choice(1, 2, 3)"));

        Assert.Equal([1L, 2, 3], d.Values.Select(v => v.AsInt64()));
        Assert.All(d.Values, v => Assert.Equal(ParameterKind.Integer, v.Kind));
    }

    [Fact]
    public void Parse_ChoiceOfAList_GivesFloats()
    {
        var d = Assert.IsType<ChoiceDistribution>(SpaceExpression.Parse("choice([0.1, 0.2])"));

        Assert.Equal([0.1, 0.2], d.Values.Select(v => v.AsDouble()));
        Assert.All(d.Values, v => Assert.Equal(ParameterKind.Float, v.Kind));
    }

    [Theory]
    [InlineData("choice(range(1, 10, 2))", new long[] { 1, 3, 5, 7, 9 })]
    [InlineData("choice(range(4))", new long[] { 0, 1, 2, 3 })]
    [InlineData("choice(range(2, 5))", new long[] { 2, 3, 4 })]
    [InlineData("choice(range(10, 0, -4))", new long[] { 10, 6, 2 })]
    [InlineData("choice(range(-3, 3, 2))", new long[] { -3, -1, 1 })]
    public void Parse_ChoiceOfRange_FollowsPythonRange(string text, long[] expected)
    {
        var d = Assert.IsType<ChoiceDistribution>(SpaceExpression.Parse(text));

        Assert.Equal(expected, d.Values.Select(v => v.AsInt64()));
    }

    [Fact]
    public void Parse_ChoiceOfQuotedStrings_AcceptsBothQuotes()
    {
        var d = Assert.IsType<ChoiceDistribution>(SpaceExpression.Parse("choice('relu', \"tanh\")"));

        Assert.Equal(["relu", "tanh"], d.Values.Select(v => v.AsString()));
        Assert.All(d.Values, v => Assert.Equal(ParameterKind.String, v.Kind));
    }

    [Fact]
    public void Parse_ChoiceOfBooleansAndMixedKinds_KeepsEachKind()
    {
        var d = Assert.IsType<ChoiceDistribution>(SpaceExpression.Parse("choice(True, false, 3, 2.5, 'x', \"true\")"));

        Assert.Equal(
            [ParameterKind.Boolean, ParameterKind.Boolean, ParameterKind.Integer, ParameterKind.Float, ParameterKind.String, ParameterKind.String],
            d.Values.Select(v => v.Kind));
        Assert.True(d.Values[0].AsBoolean());
        Assert.False(d.Values[1].AsBoolean());
        Assert.Equal("true", d.Values[5].AsString());
    }

    [Fact]
    public void Parse_ChoiceOfListsAndRanges_FlattensThem()
    {
        var d = Assert.IsType<ChoiceDistribution>(SpaceExpression.Parse("choice([1, 2], range(5, 7), 9)"));

        Assert.Equal([1L, 2, 5, 6, 9], d.Values.Select(v => v.AsInt64()));
    }

    [Theory]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("'a, b (c)'", "a, b (c)")]
    [InlineData("'back\\\\slash'", "back\\slash")]
    [InlineData("'caf\\u00e9'", "café")]
    [InlineData("'tab\\there'", "tab\there")]
    [InlineData("'line\\nbreak'", "line\nbreak")]
    [InlineData("'\\x41\\U0001F600'", "A\U0001F600")]
    [InlineData("'C:\\data\\q'", "C:\\data\\q")]
    public void Parse_QuotedString_UnderstandsPythonEscapes(string literal, string expected)
    {
        var d = Assert.IsType<ChoiceDistribution>(SpaceExpression.Parse($"choice({literal})"));

        Assert.Equal(expected, Assert.Single(d.Values).AsString());
    }

    public static TheoryData<string, Distribution> NumericExpressions => new()
    {
        { "uniform(0, 1)", Distributions.Uniform(0, 1) },
        { "uniform(0.01, 0.1)", Distributions.Uniform(0.01, 0.1) },
        { "uniform(-1e-3, 2.5E2)", Distributions.Uniform(-0.001, 250) },
        { "loguniform(-6, -1)", Distributions.LogUniform(-6, -1) },
        { "randint(10)", Distributions.RandInt(10) },
        { "randint(1e3)", Distributions.RandInt(1000) },
        { "normal(10, 3)", Distributions.Normal(10, 3) },
        { "lognormal(0, 1)", Distributions.LogNormal(0, 1) },
        { "quniform(0, 10, 1)", Distributions.QUniform(0, 10, 1) },
        { "qloguniform(0, 5, 0.5)", Distributions.QLogUniform(0, 5, 0.5) },
        { "qnormal(10, 3, 1)", Distributions.QNormal(10, 3, 1) },
        { "qlognormal(+1, .5, 2)", Distributions.QLogNormal(1, 0.5, 2) },
        { "  uniform ( 0 ,1 )  ", Distributions.Uniform(0, 1) },
    };

    [Theory]
    [MemberData(nameof(NumericExpressions))]
    public void Parse_NumericExpression_GivesThatDistribution(string text, Distribution expected)
    {
        var d = SpaceExpression.Parse(text);

        Assert.Equal(expected, d);
        Assert.Equal(expected.GetType(), d.GetType());
    }

    public static TheoryData<Distribution> AllKinds => new()
    {
        Distributions.Uniform(0.1, 0.5),
        Distributions.LogUniform(-6, -1),
        Distributions.Normal(-2.5, 0.3),
        Distributions.LogNormal(1, 2),
        Distributions.QUniform(0, 10, 0.5),
        Distributions.QLogUniform(0, 5, 2),
        Distributions.QNormal(10, 3, 1),
        Distributions.QLogNormal(0, 1, 0.1),
        Distributions.RandInt(7),
        Distributions.Choice(16L, 32L, 64L),
        Distributions.Choice(0.001, 2.0, 1e-7, 1e21),
        Distributions.Choice(true, false),
        Distributions.Choice("relu", "it's", "say \"hi\"", "a<b>&c", "café", "back\\slash", "true", "3"),
        new ChoiceDistribution([ParameterValue.Of(1L), ParameterValue.Of(1.5), ParameterValue.Of("1"), ParameterValue.Of(false)]),
    };

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void ToString_ParsesBackToTheSameDistribution(Distribution distribution)
    {
        var text = distribution.ToString();

        var parsed = SpaceExpression.Parse(text);

        Assert.Equal(distribution, parsed);
        if (distribution is ChoiceDistribution choice)
        {
            Assert.Equal(choice.Values.Select(v => v.Kind), ((ChoiceDistribution)parsed).Values.Select(v => v.Kind));
            Assert.Equal(choice.Values.Select(v => v.ToString()), ((ChoiceDistribution)parsed).Values.Select(v => v.ToString()));
        }
    }

    [Theory]
    [InlineData("uniform(0, 1", "expected ')' at position 13 of 'uniform(0, 1'")]
    [InlineData("uniform(0, 1) x", "unexpected 'x' after the expression at position 15")]
    [InlineData("uniform(0, )", "expected a value at position 12")]
    [InlineData("uniform 0, 1", "expected '(' at position 9")]
    [InlineData("(0, 1)", "expected an expression name such as uniform or choice at position 1")]
    [InlineData("", "expected an expression name such as uniform or choice at position 1")]
    [InlineData("choice('relu)", "expected ''' at position 14")]
    [InlineData("choice([1, 2)", "expected ']' at position 13")]
    [InlineData("choice(", "expected a value at position 8")]
    [InlineData("choice('\\u12')", "expected 4 hex digits after '\\u' at position 9")]
    [InlineData("choice('\\U0000D800')", "expected 8 hex digits after '\\U' at position 9")]
    [InlineData("choice(range(1.5))", "range takes whole numbers")]
    [InlineData("choice(range(1, 2, 3, 4))", "range takes 1 to 3 arguments, got 4")]
    [InlineData("unifrom(0, 1)", "Unknown expression 'unifrom' in 'unifrom(0, 1)'; allowed: choice, randint, uniform")]
    [InlineData("uniform(0)", "uniform takes 2 argument(s) (min_value, max_value), got 1 in 'uniform(0)'")]
    [InlineData("qnormal(1, 2)", "qnormal takes 3 argument(s) (mu, sigma, q), got 2")]
    [InlineData("uniform('a', 1)", "uniform needs a number for min_value in 'uniform('a', 1)'")]
    [InlineData("normal(0, [1])", "normal needs a number for sigma")]
    public void Parse_MalformedText_ThrowsFormatExceptionSayingWhere(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => SpaceExpression.Parse(text));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Signatures_ListEveryExpressionWithItsArguments()
    {
        Assert.Equal(
            ["choice", "randint", "uniform", "loguniform", "normal", "lognormal", "quniform", "qloguniform", "qnormal", "qlognormal"],
            SpaceExpression.Signatures.Keys);
        Assert.Equal(["mu", "sigma", "q"], SpaceExpression.Signatures["qlognormal"]);
    }

    [Fact]
    public void Create_BuildsEachNumericExpressionFromItsArguments()
    {
        Assert.Equal(Distributions.QLogUniform(1, 3, 0.5), SpaceExpression.Create("qloguniform", [1, 3, 0.5]));
        Assert.Equal(Distributions.RandInt(5), SpaceExpression.Create("randint", [5]));
        Assert.Throws<ArgumentException>(() => SpaceExpression.Create("gamma", [1, 2]));
    }
}
