using Hypersweep.Curves;
using Hypersweep.Sampling.Bayesian;
using Hypersweep.Sampling;
using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Sampling.Bayesian;

public sealed class ProgressModelTests
{
    private const int Length = 30;

    private static SearchSpace Space() => new() { { "u", Distributions.Uniform(0, 1) }, { "v", Distributions.Uniform(0, 1) } };

    /// <summary>A learning curve whose end E is best at u = 0.3 and whose speed c grows with u: fast learners end high.</summary>
    private static IReadOnlyList<double> Curve(ParameterSet p, int length)
    {
        var u = p["u"].AsDouble();
        var end = 0.05 + (0.6 * (u - 0.3) * (u - 0.3)) + (0.02 * p["v"].AsDouble());
        var rate = 0.05 + (0.6 * u);
        return [.. Enumerable.Range(1, length).Select(t => end + ((0.9 - end) * Math.Exp(-rate * t)))];
    }

    private static ParameterSet Point(double u, double v) => new([new("u", ParameterValue.Of(u)), new("v", ParameterValue.Of(v))]);

    private static TrialRecord Record(int number, ParameterSet parameters, TrialState state, double value) => new()
    {
        Id = number + 1,
        SweepId = 1,
        Number = number,
        Parameters = parameters,
        State = state,
        CreatedAt = DateTimeOffset.UnixEpoch,
        Value = value,
        Intervals = 1,
    };

    [Fact]
    public void StoppedAfterThreeIntervals_ASlowLearnerWithALowEnd_RanksAboveAFastLearnerWithAHighOne()
    {
        // What ASHA does to the sampler's view: most trials stop after 3 of 30 intervals. At 3 the fast learner B
        // (u = 0.95, heading for 0.30) looks better than the slow learner A (u = 0.3, heading for 0.05); its own curve
        // cannot tell, the curves of the trials that went on can.
        var space = Space();
        var encoding = new SpaceEncoding(space);
        var completed = new SobolSampler(3).Suggest(space, [], 12);
        var a = Point(0.3, 0.5);
        var b = Point(0.95, 0.5);
        var curves = new Dictionary<long, IReadOnlyList<double>>();
        var history = new List<TrialRecord>();
        foreach (var p in completed)
        {
            curves[history.Count + 1] = Curve(p, Length);
            history.Add(Record(history.Count, p, TrialState.Completed, curves[history.Count + 1].Min()));
        }

        foreach (var p in new[] { a, b })
        {
            curves[history.Count + 1] = Curve(p, 3);
            history.Add(Record(history.Count, p, TrialState.Terminated, curves[history.Count + 1].Min()));
        }

        Assert.True(Curve(b, 3)[^1] < Curve(a, 3)[^1], "the fast learner leads at interval 3");
        Assert.True(CurveExtrapolation.Predict(Curve(b, 3), Length) < CurveExtrapolation.Predict(Curve(a, 3), Length), "each curve on its own ranks the fast learner first");

        var observations = Observations.From(history, encoding, Goal.Minimize, id => curves[id]);
        var (readA, readB) = (observations.Losses[12], observations.Losses[13]);
        Assert.Equal(14, observations.Count);
        Assert.False(observations.Completed[12] || observations.Completed[13]);
        Assert.True(readA < readB, $"A read at {readA}, B at {readB}");
        Assert.InRange(readA, 0.0, 0.15);
        Assert.InRange(readB, 0.2, Curve(b, 3)[^1]);

        // A pure function of the history: read again, the same values.
        Assert.Equal(observations.Losses, Observations.From(history, encoding, Goal.Minimize, id => curves[id]).Losses);
    }

    [Fact]
    public void CurvesStoppedLate_AreReadByTheirOwnShape_AndTooFewCompletedCurves_LeaveTheModelOut()
    {
        Assert.True(ProgressModel.Reads(3, 50));
        Assert.True(ProgressModel.Reads(9, 50));
        Assert.False(ProgressModel.Reads(10, 50));

        var space = Space();
        var encoding = new SpaceEncoding(space);
        var completed = new SobolSampler(4).Suggest(space, [], ProgressModel.MinCompletedCurves - 1);
        var curves = new Dictionary<long, IReadOnlyList<double>>();
        var history = new List<TrialRecord>();
        foreach (var p in completed)
        {
            curves[history.Count + 1] = Curve(p, Length);
            history.Add(Record(history.Count, p, TrialState.Completed, curves[history.Count + 1].Min()));
        }

        var stopped = Point(0.95, 0.5);
        curves[history.Count + 1] = Curve(stopped, 3);
        history.Add(Record(history.Count, stopped, TrialState.Terminated, curves[history.Count + 1].Min()));
        var observations = Observations.From(history, encoding, Goal.Minimize, id => curves[id]);
        Assert.Equal(CurveExtrapolation.Predict(Curve(stopped, 3), Length), observations.Losses[^1]);
    }

    [Fact]
    public void Steps_AreTheLastThenEveryThirdOfTheLengthBelowIt()
    {
        Assert.Equal([50, 17, 6, 2], ProgressModel.Steps(50, 50));
        Assert.Equal([3, 2], ProgressModel.Steps(3, 50));
        Assert.Equal([1], ProgressModel.Steps(1, 50));
        Assert.Equal([21, 17, 6, 2], ProgressModel.Steps(21, 50));
    }
}
