using Hypersweep.Termination;
using Hypersweep.Trials;
using static Hypersweep.Tests.Termination.PolicyTestKit;

namespace Hypersweep.Tests.Termination;

public sealed class BanditPolicyTests
{
    private static double[] Series(int length, double last) => [.. Enumerable.Repeat(0.1, length - 1), last];

    [Fact]
    public void DocumentedExample_BestPoint8AtInterval10_SlackFactorPoint2_TerminatesBelowPoint667()
    {
        var policy = new BanditPolicy(new BanditSpec { SlackFactor = 0.2, EvaluationInterval = 1 });
        var best = Running(1, Series(10, 0.8));

        var below = Decide(policy, Goal.Maximize, Running(2, Series(10, 0.666)), best);
        var above = Decide(policy, Goal.Maximize, Running(3, Series(10, 0.668)), best);

        Assert.NotNull(below);
        Assert.Equal(0.8 / 1.2, below.Threshold, 12);
        Assert.Equal(10, below.Interval);
        Assert.Contains("0.666 is worse than the threshold 0.666667 = best 0.8 / (1 + slack_factor 0.2)", below.ToString(), StringComparison.Ordinal);
        Assert.Null(above);
    }

    [Fact]
    public void SlackAmount_WhenMaximizing_IsBestMinusAmount()
    {
        var policy = new BanditPolicy(new BanditSpec { SlackAmount = 0.1 });
        var best = Running(1, 0.5, 0.9);

        Assert.NotNull(Decide(policy, Goal.Maximize, Running(2, 0.3, 0.79), best));
        Assert.Null(Decide(policy, Goal.Maximize, Running(3, 0.3, 0.8), best));
    }

    [Fact]
    public void WhenMinimizing_TheBarIsBestTimesOnePlusSlack_OrBestPlusAmount()
    {
        var factor = new BanditPolicy(new BanditSpec { SlackFactor = 0.5 });
        var amount = new BanditPolicy(new BanditSpec { SlackAmount = 0.25 });
        var best = Running(1, 2.0, 1.0);

        Assert.NotNull(Decide(factor, Goal.Minimize, Running(2, 2.0, 1.51), best));
        Assert.Null(Decide(factor, Goal.Minimize, Running(3, 2.0, 1.5), best));
        Assert.NotNull(Decide(amount, Goal.Minimize, Running(4, 2.0, 1.26), best));
        Assert.Null(Decide(amount, Goal.Minimize, Running(5, 2.0, 1.25), best));
    }

    [Fact]
    public void AValueThatOverflowedToInfinity_SetsNoBar_AndItsTrialIsTheWorst()
    {
        var policy = new BanditPolicy(new BanditSpec { SlackFactor = 0.1 });
        var overflowed = Running(1, 0.5, double.PositiveInfinity);

        // Maximizing, Infinity would be a best no trial could come near: everyone else would be stopped.
        Assert.Null(Decide(policy, Goal.Maximize, Running(2, 0.5, 0.8), overflowed, Running(3, 0.5, 0.85)));
        Assert.NotNull(Decide(policy, Goal.Maximize, Running(2, 0.5, 0.7), overflowed, Running(3, 0.5, 0.85)));
        // Minimizing, a loss that overflowed is worse than the bar, as NaN is.
        Assert.NotNull(Decide(policy, Goal.Minimize, Running(4, double.PositiveInfinity, double.PositiveInfinity), Running(3, 0.5, 0.4)));
    }

    [Fact]
    public void TheTrialsBestValueSoFar_Counts_NotJustItsLatest()
    {
        var policy = new BanditPolicy(new BanditSpec { SlackFactor = 0.1 });

        var decision = Decide(policy, Goal.Maximize, Running(2, 0.9, 0.2), Running(1, 0.5, 0.95));

        Assert.Null(decision);
    }

    [Fact]
    public void ComparesAgainstTheSameInterval_IncludingFinishedTrials()
    {
        var policy = new BanditPolicy(new BanditSpec { SlackFactor = 0.1 });
        var finishedFast = Finished(1, 0.2, 0.9, 0.95, 0.99);

        Assert.NotNull(Decide(policy, Goal.Maximize, Running(2, 0.1, 0.7), finishedFast));
        Assert.Null(Decide(policy, Goal.Maximize, Running(3, 0.19), finishedFast));
    }

    [Fact]
    public void EvaluationIntervalAndDelay_DecideWhenItLooks()
    {
        var policy = new BanditPolicy(new BanditSpec { SlackFactor = 0.1, EvaluationInterval = 3, DelayEvaluation = 5 });
        double[] good = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        double[] bad = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];

        var stopped = Replay(policy, Goal.Maximize, good, bad);

        Assert.Equal([0, 6], stopped);
    }

    [Fact]
    public void ASingleTrial_IsNeverTerminated()
    {
        var policy = new BanditPolicy(new BanditSpec { SlackAmount = 0 });

        Assert.Equal([0], Replay(policy, Goal.Maximize, [0.1, 0.05, 0.01, 0.3]));
    }

    [Fact]
    public void TiesWithTheBest_AreKept()
    {
        var policy = new BanditPolicy(new BanditSpec { SlackAmount = 0 });

        Assert.Equal([0, 0], Replay(policy, Goal.Minimize, [1, 0.5], [1, 0.5]));
    }
}
