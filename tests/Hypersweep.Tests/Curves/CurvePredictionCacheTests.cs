using Hypersweep.Curves;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Curves;

public sealed class CurvePredictionCacheTests
{
    private static List<double> Series(int length) => [.. Enumerable.Range(1, length).Select(t => 0.1 + (0.8 * Math.Exp(-0.2 * t)))];

    [Fact]
    public void APrefixPredictsAsItsOwnExtrapolation_BeforeAndAfterTheSeriesGrew()
    {
        var series = Series(8);
        var atEight = CurvePredictionCache.Predict(series, 8, Goal.Minimize, 30);
        Assert.Equal(CurveExtrapolation.Predict(Series(8), 30), atEight);

        // The sweep appends the trial's next values to the same list: the first eight still predict the same, and a
        // longer prefix is read afresh.
        series.AddRange(Series(20).Skip(8).Select(v => v - 0.05));
        Assert.Equal(atEight, CurvePredictionCache.Predict(series, 8, Goal.Minimize, 30));
        Assert.Equal(CurveExtrapolation.Predict(series, 30), CurvePredictionCache.Predict(series, 20, Goal.Minimize, 30));
        Assert.NotEqual(atEight, CurvePredictionCache.Predict(series, 20, Goal.Minimize, 30));
    }

    [Fact]
    public void TheGoalAndTheLengthAreReadApart()
    {
        var series = Series(10);
        List<double> negated = [.. series.Select(v => -v)];

        Assert.Equal(CurveExtrapolation.Predict(series, 30), CurvePredictionCache.Predict(negated, 10, Goal.Maximize, 30));
        Assert.Equal(CurveExtrapolation.Predict([.. negated], 30), CurvePredictionCache.Predict(negated, 10, Goal.Minimize, 30));
        Assert.Equal(CurveExtrapolation.Predict(series, 60), CurvePredictionCache.Predict(series, 10, Goal.Minimize, 60));
        Assert.Null(CurvePredictionCache.Predict(series, 2, Goal.Minimize, 30));
    }
}
