using Hypersweep.Termination;
using Hypersweep.Trials;
using static Hypersweep.Tests.Termination.PolicyTestKit;

namespace Hypersweep.Tests.Termination;

public sealed class AshaAndHyperbandPolicyTests
{
    [Fact]
    public void Rungs_AreAtMinResourceTimesPowersOfTheFactor_BelowMaxResource()
    {
        var policy = new AshaPolicy(new AshaSpec { MinResource = 2, ReductionFactor = 3, MaxResource = 50 });

        Assert.Equal([2, 6, 18], Enumerable.Range(1, 60).Where(policy.IsRung));
    }

    [Fact]
    public void AtARung_OnlyTheTopOneOverTheFactorOfCompetitorsContinue()
    {
        var policy = new AshaPolicy(new AshaSpec { MinResource = 1, ReductionFactor = 4 });
        // Competitors' losses (minimizing) at rung 1: 1, 2, 3, 4, 5 -> the 1/4 quantile is 2.
        TrialSeries[] competitors = [.. Enumerable.Range(1, 5).Select(i => Finished(i, i))];

        Assert.Null(Decide(policy, Goal.Minimize, Running(10, 2.0), competitors));
        Assert.Null(Decide(policy, Goal.Minimize, Running(11, 0.5), competitors));
        var stopped = Decide(policy, Goal.Minimize, Running(12, 2.01), competitors);
        Assert.NotNull(stopped);
        Assert.Equal(2.0, stopped.Threshold, 12);
    }

    [Fact]
    public void MaximizingIsMirrored_AndTheFirstTrialAtARungAlwaysContinues()
    {
        var policy = new AshaPolicy(new AshaSpec { MinResource = 1, ReductionFactor = 2 });

        Assert.Null(Decide(policy, Goal.Maximize, Running(1, 0.1)));
        Assert.NotNull(Decide(policy, Goal.Maximize, Running(2, 0.1), Finished(1, 0.5), Finished(3, 0.3)));
        Assert.Null(Decide(policy, Goal.Maximize, Running(4, 0.45), Finished(1, 0.5), Finished(3, 0.3)));
    }

    [Fact]
    public void BetweenRungs_NothingIsDecided()
    {
        var policy = new AshaPolicy(new AshaSpec { MinResource = 1, ReductionFactor = 3 });

        Assert.Null(Decide(policy, Goal.Maximize, Running(1, 0.9, 0.0), Finished(2, 1, 1), Finished(3, 1, 1)));
    }

    [Fact]
    public void Hyperband_DealsTrialsToBracketsInHyperbandProportions_AndComparesWithinABracket()
    {
        var policy = new HyperbandPolicy(new HyperbandSpec { MinResource = 1, ReductionFactor = 3, MaxResource = 27 });
        var counts = new int[policy.Brackets];
        for (var n = 0; n < 1000; n++)
        {
            counts[policy.BracketOf(n)]++;
        }

        // s_max = 3: brackets get ceil(4/4*27)=27, ceil(4/3*9)=12, ceil(4/2*3)=6, ceil(4/1*1)=4 of every 49 trials.
        Assert.Equal(4, policy.Brackets);
        Assert.Equal([27, 12, 6, 4], counts.Select(c => (int)Math.Round(c / 1000.0 * 49)));
        var bracket0 = Enumerable.Range(0, 49).Where(n => policy.BracketOf(n) == 0).Take(3).ToArray();
        var bracket3 = Enumerable.Range(0, 49).First(n => policy.BracketOf(n) == 3);
        // A bracket-3 trial is not compared with bracket-0 trials at interval 1 (its first rung is at 27).
        Assert.Null(policy.Decide(new TerminationContext(Goal.Maximize, new TrialSeries(100, bracket3, false, [0.0]), 1, [new TrialSeries(100, bracket3, false, [0.0]), new TrialSeries(1, bracket0[0], true, [1.0])])));
        Assert.NotNull(policy.Decide(new TerminationContext(Goal.Maximize, new TrialSeries(101, bracket0[1], false, [0.0]), 1, [new TrialSeries(101, bracket0[1], false, [0.0]), new TrialSeries(1, bracket0[0], true, [1.0])])));
    }

    [Fact]
    public void InvalidSettings_AreReported()
    {
        Assert.Contains(("reduction_factor", "must be a number >= 2, got 1.5"), new AshaSpec { ReductionFactor = 1.5 }.Check());
        Assert.Contains(("max_resource", "is required: the number of intervals a full trial logs"), new HyperbandSpec().Check());
        Assert.Contains(("max_resource", "must be greater than min_resource (5), got 5"), new AshaSpec { MinResource = 5, MaxResource = 5 }.Check());
    }
}
