using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

/// <summary>Every expression maps the whole unit interval, end points included, to finite values of its support.</summary>
public sealed class UnitMappingTests
{
    public static TheoryData<string> Expressions => new()
    {
        "uniform(0.1, 0.3)",
        "loguniform(-6, -1)",
        "normal(10, 3)",
        "normal(0, 1e-12)",
        "lognormal(0, 1)",
        "quniform(0.2, 1.9, 0.5)",
        "qloguniform(-5, 2, 1)",
        "qnormal(10, 3, 1)",
        "qlognormal(2, 0.5, 0.5)",
        "randint(10)",
        "choice(1, 'a', true, 2.5)",
    };

    /// <summary>0, the smallest steps away from 0 and 1, values that round to 1, and 1.</summary>
    private static readonly double[] Extremes = [0, double.Epsilon, 1e-300, 1e-17, Math.Pow(2, -53), 1e-9, 0.5, 1 - 1e-9, Math.BitDecrement(1.0), 1];

    [Theory]
    [MemberData(nameof(Expressions))]
    public void FromUnit_AtTheExtremes_GivesFiniteValuesInsideTheSupport(string text)
    {
        var d = SpaceExpression.Parse(text);
        var (low, high) = Support(d);

        foreach (var u in Extremes)
        {
            var v = d.FromUnit(u);
            if (v.IsNumber)
            {
                var x = v.AsDouble();
                Assert.True(double.IsFinite(x), $"{text}.FromUnit({u:R}) = {x}");
                Assert.True(x >= low && x <= high, $"{text}.FromUnit({u:R}) = {x:R} is outside [{low:R}, {high:R}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Expressions))]
    public void FromUnit_IsNonDecreasing(string text)
    {
        var d = SpaceExpression.Parse(text);
        if (d is ChoiceDistribution)
        {
            return;
        }

        var previous = double.NegativeInfinity;
        for (var i = 0; i <= 4096; i++)
        {
            var x = d.FromUnit(i / 4096.0).AsDouble();
            if (x < previous)
            {
                Assert.Fail($"{text}.FromUnit({i}/4096) = {x:R} is below the previous value {previous:R}");
            }

            previous = x;
        }
    }

    [Theory]
    [MemberData(nameof(Expressions))]
    public void ToUnit_OfSampledValues_StaysInTheUnitInterval(string text)
    {
        var d = SpaceExpression.Parse(text);
        var random = new Random(5);

        var units = Enumerable.Range(0, 1000).Select(_ => d.ToUnit(d.Sample(random)));

        SampleChecks.AssertEvery(units, u => u >= 0 && u <= 1, u => $"{text}.ToUnit gave {u}");

        if (d is UniformDistribution or LogUniformDistribution)
        {
            Assert.Equal(0.0, d.ToUnit(d.FromUnit(0)), 12);
            Assert.Equal(1.0, d.ToUnit(d.FromUnit(1)), 12);
        }
    }

    [Theory]
    [InlineData("uniform(0.1, 0.3)")]
    [InlineData("loguniform(-6, -1)")]
    [InlineData("normal(10, 3)")]
    [InlineData("lognormal(0, 1)")]
    public void ToUnit_InvertsFromUnit_ForContinuousExpressions(string text)
    {
        var d = SpaceExpression.Parse(text);

        for (var i = 1; i < 1000; i++)
        {
            var u = i / 1000.0;
            Assert.Equal(u, d.ToUnit(d.FromUnit(u)), 10);
        }
    }

    /// <summary>The smallest interval holding every value of the expression (grid values may lie just beyond the bounds).</summary>
    private static (double Low, double High) Support(Distribution d) => d switch
    {
        UniformDistribution u => (u.Min, u.Max),
        LogUniformDistribution u => (Math.Exp(u.Min), Math.Exp(u.Max)),
        NormalDistribution or QNormalDistribution => (double.NegativeInfinity, double.PositiveInfinity),
        LogNormalDistribution => (double.Epsilon, double.PositiveInfinity),
        QUniformDistribution q => (Math.Round(q.Min / q.Q, MidpointRounding.ToEven) * q.Q, Math.Round(q.Max / q.Q, MidpointRounding.ToEven) * q.Q),
        QLogUniformDistribution q => (Math.Round(Math.Exp(q.Min) / q.Q, MidpointRounding.ToEven) * q.Q, Math.Round(Math.Exp(q.Max) / q.Q, MidpointRounding.ToEven) * q.Q),
        QLogNormalDistribution => (0, double.PositiveInfinity),
        RandIntDistribution r => (0, r.Upper - 1),
        _ => (double.NegativeInfinity, double.PositiveInfinity),
    };
}
