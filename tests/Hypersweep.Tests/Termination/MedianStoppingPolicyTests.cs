using Hypersweep.Termination;
using Hypersweep.Trials;
using static Hypersweep.Tests.Termination.PolicyTestKit;

namespace Hypersweep.Tests.Termination;

public sealed class MedianStoppingPolicyTests
{
    private readonly MedianStoppingPolicy _policy = new(new MedianStoppingSpec());

    [Fact]
    public void AskedAfterEveryOneOf100000Values_ItsCostPerValueStaysBounded()
    {
        // As the scheduler asks it: the same growing lists, a decision after every value. Each value costs a pass over
        // every trial's values when running averages are recomputed (about 1.5e10 additions here); with the prefix
        // summaries kept beside the lists it is a few operations, well under a second in all.
        const int Values = 100_000;
        var lists = new[] { new List<double>(), new List<double>(), new List<double>() };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stopped = 0;
        for (var i = 1; i <= Values; i++)
        {
            for (var t = 0; t < lists.Length; t++)
            {
                lists[t].Add(1.0 / i + (0.01 * t));
                var all = lists.Select((l, k) => new TrialSeries(k + 1, k, false, l)).ToList();
                stopped += _policy.Decide(new TerminationContext(Goal.Minimize, all[t], i, all)) is null ? 0 : 1;
            }
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed.TotalSeconds:0.0} s for {3 * Values} decisions");
        Assert.True(stopped > 0, "the worst trial is never below the median: the decisions were not made");
    }

    [Fact]
    public void BestSoFarWorseThanTheMedianOfRunningAverages_IsTerminated()
    {
        // Running averages at interval 3: A (0.5+0.6+0.7)/3 = 0.6, B (0.4+0.5+0.6)/3 = 0.5, C (0.1+0.2+0.45)/3 = 0.25.
        // Median of {0.6, 0.5, 0.25} = 0.5. C's best so far is 0.45 < 0.5: terminated. B's best 0.6 >= 0.5: kept.
        var a = Finished(1, 0.5, 0.6, 0.7);
        var b = Running(2, 0.4, 0.5, 0.6);
        var c = Running(3, 0.1, 0.2, 0.45);

        var decision = Decide(_policy, Goal.Maximize, c, a, b);

        Assert.NotNull(decision);
        Assert.Equal(0.5, decision.Threshold, 12);
        Assert.Equal(0.45, decision.Value);
        Assert.Null(Decide(_policy, Goal.Maximize, b, a, c));
    }

    [Fact]
    public void EvenCount_UsesTheMeanOfTheMiddleTwo_AndMinimizingIsMirrored()
    {
        // Minimizing, interval 2: running averages 1.0, 2.0, 3.0, 5.0 -> median 2.5.
        var trials = new[] { Finished(1, 1, 1), Finished(2, 2, 2), Finished(3, 3, 3), Running(4, 6, 4) };

        var fourth = Decide(_policy, Goal.Minimize, trials[3], trials[0], trials[1], trials[2]);
        var keeps = Decide(_policy, Goal.Minimize, Running(5, 9, 2.5), trials);

        Assert.NotNull(fourth);
        Assert.Equal(2.5, fourth.Threshold, 12);
        Assert.Null(keeps);
    }

    [Fact]
    public void OnlyTrialsThatReachedTheInterval_Count()
    {
        // Short trials (1 interval) are left out of the median at interval 2.
        var shortGood = Finished(1, 100);
        var candidate = Running(2, 0.5, 0.6);
        var other = Running(3, 0.1, 0.2);

        Assert.Null(Decide(_policy, Goal.Maximize, candidate, shortGood, other));
    }

    [Fact]
    public void ASingleTrial_IsNeverTerminated_AndDelayIsRespected()
    {
        var delayed = new MedianStoppingPolicy(new MedianStoppingSpec { DelayEvaluation = 3 });

        Assert.Equal([0], Replay(_policy, Goal.Maximize, [0.5, 0.1, 0.05]));
        Assert.Equal([0, 1], Replay(_policy, Goal.Maximize, [0.9, 0.9, 0.9], [0.1, 0.1, 0.1]));
        Assert.Equal([0, 3], Replay(delayed, Goal.Maximize, [0.9, 0.9, 0.9], [0.1, 0.1, 0.1]));
    }

    [Fact]
    public void EqualValues_AreNeverStoppedByRounding()
    {
        // 0.1 * 6 / 6 is 0.09999999999999999 in doubles: a trial must not lose to its own running average.
        double[] flat = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];

        Assert.Equal([0], Replay(_policy, Goal.Minimize, flat));
        Assert.Equal([0, 0], Replay(_policy, Goal.Minimize, flat, flat));
    }
}
