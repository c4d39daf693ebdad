using Hypersweep.Termination;
using Hypersweep.Trials;
using static Hypersweep.Tests.Termination.PolicyTestKit;

namespace Hypersweep.Tests.Termination;

public sealed class TruncationSelectionPolicyTests
{
    [Fact]
    public void TheLowestPercentageAtTheInterval_IsTerminated()
    {
        var policy = new TruncationSelectionPolicy(new TruncationSelectionSpec { TruncationPercentage = 20 });
        var trials = Enumerable.Range(0, 10).Select(i => Running(i, 0.1 * i)).ToArray();

        var stopped = trials.Where(t => Decide(policy, Goal.Maximize, t, [.. trials.Where(o => o != t)]) is not null).Select(t => t.TrialId);

        Assert.Equal([0L, 1L], stopped);
    }

    [Fact]
    public void WhenMinimizing_TheHighestValuesAreTheLowestPerformers()
    {
        var policy = new TruncationSelectionPolicy(new TruncationSelectionSpec { TruncationPercentage = 25 });
        var trials = new[] { Running(1, 0.9), Running(2, 0.1), Running(3, 0.5), Running(4, 0.3) };

        var stopped = trials.Where(t => Decide(policy, Goal.Minimize, t, [.. trials.Where(o => o != t)]) is not null).Select(t => t.TrialId);

        Assert.Equal([1L], stopped);
    }

    [Fact]
    public void TooFewTrials_AndTies_StopNobody()
    {
        var policy = new TruncationSelectionPolicy(new TruncationSelectionSpec { TruncationPercentage = 30 });

        Assert.Null(Decide(policy, Goal.Maximize, Running(1, 0.1), Running(2, 0.9), Running(3, 0.5)));
        Assert.Equal([0, 0, 0, 0], Replay(policy, Goal.Maximize, [0.5], [0.5], [0.5], [0.5]));
    }

    [Fact]
    public void ExcludeFinishedJobs_LeavesFinishedTrialsOutOfTheRanking()
    {
        var including = new TruncationSelectionPolicy(new TruncationSelectionSpec { TruncationPercentage = 50 });
        var excluding = new TruncationSelectionPolicy(new TruncationSelectionSpec { TruncationPercentage = 50, ExcludeFinishedJobs = true });
        var candidate = Running(1, 0.5, 0.4);
        TrialSeries[] others = [Finished(2, 0.9, 0.9), Finished(3, 0.8, 0.8), Running(4, 0.1, 0.3)];

        Assert.NotNull(Decide(including, Goal.Maximize, candidate, others));
        Assert.Null(Decide(excluding, Goal.Maximize, candidate, others));
    }

    [Fact]
    public void EvaluationInterval_ComparesValuesAtThatInterval_NotBestSoFar()
    {
        var policy = new TruncationSelectionPolicy(new TruncationSelectionSpec { TruncationPercentage = 50, EvaluationInterval = 2 });

        // Trial 1 reaches interval 2 second: its value there (0.1) is below trial 0's (0.5), though its best so far (0.9) is not.
        var stopped = Replay(policy, Goal.Maximize, [0.2, 0.5, 0.5, 0.5], [0.9, 0.1, 0.1, 0.1]);

        Assert.Equal([0, 2], stopped);
    }
}
