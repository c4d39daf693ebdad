using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

/// <summary>What each expression samples, in words (validate prints it), and the warning for log bounds that look like values.</summary>
public sealed class SampledRangeTests
{
    [Theory]
    [InlineData("uniform(0, 1)", "from 0 to 1")]
    [InlineData("loguniform(-9, -2)", "from 0.00012341 to 0.135335")]
    [InlineData("loguniform(0.0001, 0.1)", "from 1.0001 to 1.10517")]
    [InlineData("quniform(0, 10, 2)", "from 0 to 10")]
    [InlineData("qloguniform(0, 4.6, 1)", "from 1 to 99")]
    [InlineData("randint(8)", "from 0 to 7")]
    [InlineData("choice(16, 32, 64)", "one of 3 values: 16, 32, 64")]
    [InlineData("choice('adam')", "always adam")]
    [InlineData("normal(0, 1)", "95% from -1.95996 to 1.95996")]
    [InlineData("lognormal(0, 1)", "95% from 0.140863 to 7.09907")]
    public void SampledRange_IsReadOffTheExpressionsOwnQuantiles(string expression, string expected) =>
        Assert.Equal(expected, SpaceExpression.Parse(expression).SampledRange);

    [Theory]
    [InlineData("loguniform(0.0001, 0.1)", "loguniform(0.0001, 0.1) samples exp(uniform(0.0001, 0.1)), from 1.0001 to 1.10517: loguniform's bounds are exponents (HyperDrive's semantics). If you meant values from 0.0001 to 0.1, write loguniform(-9.21034, -2.30259).")]
    [InlineData("qloguniform(2, 60, 1)", "qloguniform(2, 60, 1) samples exp(uniform(2, 60)), from 7 to 1.14201E+26: qloguniform's bounds are exponents (HyperDrive's semantics). If you meant values from 2 to 60, write qloguniform(0.693147, 4.09434, 1).")]
    public void LogBoundsThatLookLikeValues_GetAWarningWithTheExponentForm(string expression, string expected) =>
        Assert.Equal(expected, SpaceExpression.Parse(expression).Warning);

    [Theory]
    [InlineData("loguniform(-9, -2)")]
    [InlineData("loguniform(0, 4.6)")]
    [InlineData("loguniform(1, 10)")]
    [InlineData("qloguniform(-2, 3, 0.5)")]
    [InlineData("uniform(0.0001, 0.1)")]
    public void ExponentBoundsAndOtherExpressions_GetNoWarning(string expression) =>
        Assert.Null(SpaceExpression.Parse(expression).Warning);
}
