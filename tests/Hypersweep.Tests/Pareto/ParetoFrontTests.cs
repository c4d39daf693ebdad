using Hypersweep.Pareto;
using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Pareto;

public sealed class ParetoFrontTests
{
    private static readonly Objective[] AccuracyAndLatency = [new("acc", Goal.Maximize), new("latency", Goal.Minimize)];

    private static TrialRecord T(int number, double? acc, double? latency, TrialState state = TrialState.Completed, string? infeasible = null) => new()
    {
        Id = number + 100,
        SweepId = 1,
        Number = number,
        Parameters = new ParameterSet([new("x", ParameterValue.Of((double)number))]),
        State = state,
        CreatedAt = DateTimeOffset.UnixEpoch,
        Value = acc,
        SecondaryValues = [latency],
        Infeasibility = infeasible,
    };

    [Fact]
    public void Of_HandWorkedSet_KeepsExactlyTheUndominatedFeasibleFinishedTrials()
    {
        TrialRecord[] trials =
        [
            T(0, 0.90, 50),   // front: the most accurate
            T(1, 0.80, 20),   // front
            T(2, 0.70, 10),   // front: the fastest
            T(3, 0.80, 30),   // dominated by 1 (same accuracy, slower)
            T(4, 0.60, 60),   // dominated by everything
            T(5, 0.95, 5, infeasible: "memory_mb = 9000 breaks memory_mb <= 4096"), // would dominate all, but infeasible
            T(6, 0.99, 1, TrialState.Running), // not finished
            T(7, 0.85, null), // no latency: cannot be ranked
            T(8, 0.80, 20),   // equal to 1: both on the front
        ];

        var front = ParetoFront.Of(trials, AccuracyAndLatency);

        Assert.Equal([0, 1, 2, 8], front.Select(t => t.Number));
        Assert.Equal([6], ParetoFront.Of(trials, AccuracyAndLatency, includeUnfinished: true).Select(t => t.Number));
    }

    [Fact]
    public void Of_OneObjective_IsTheTrialsSharingTheBestValue()
    {
        TrialRecord[] trials = [T(0, 0.5, 1), T(1, 0.9, 2), T(2, 0.9, 3), T(3, 0.7, 0)];

        Assert.Equal([1, 2], ParetoFront.Of(trials, [new Objective("acc", Goal.Maximize)]).Select(t => t.Number));
    }

    [Fact]
    public void Dominates_NeedsNoWorseEverywhereAndBetterSomewhere()
    {
        Assert.True(ParetoFront.Dominates([1, 2], [1, 3]));
        Assert.False(ParetoFront.Dominates([1, 2], [1, 2]));
        Assert.False(ParetoFront.Dominates([0, 3], [1, 2]));
    }
}
