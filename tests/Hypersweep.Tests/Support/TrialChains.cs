using Hypersweep.Trials;

namespace Hypersweep.Tests.Support;

/// <summary>Checks that a sweep interrupted by kills accounted for every trial exactly once.</summary>
public static class TrialChains
{
    /// <summary>
    /// Each logical trial (one that counts toward the budget) is a chain: itself, then its re-runs, all with its
    /// parameters; every link but the last was orphaned; the last completed with <paramref name="intervals"/> values.
    /// Returns the number of orphaned attempts.
    /// </summary>
    public static int AssertEachCompletedOnce(IReadOnlyList<TrialRecord> trials, int budget, int intervals)
    {
        Assert.DoesNotContain(trials, t => t.State is TrialState.Queued or TrialState.Running);
        var roots = trials.Where(t => t.CountsTowardBudget).ToList();
        Assert.Equal(budget, roots.Count);
        Assert.Equal(budget, roots.Select(t => t.Parameters).Distinct().Count());
        var orphans = 0;
        foreach (var root in roots)
        {
            var chain = trials.Where(t => t.Id == root.Id || t.RetryOf == root.Id).OrderBy(t => t.Number).ToList();
            Assert.All(chain, t => Assert.Equal(root.Parameters, t.Parameters));
            Assert.All(chain.SkipLast(1), t => Assert.True(t.State == TrialState.Canceled && t.Message!.StartsWith("orphaned", StringComparison.Ordinal), $"{t.DisplayId}: {t.State} {t.Message}"));
            Assert.Equal(TrialState.Completed, chain[^1].State);
            Assert.Equal(intervals, chain[^1].Intervals);
            orphans += chain.Count - 1;
        }

        Assert.Equal(trials.Count, budget + orphans);
        return orphans;
    }
}
