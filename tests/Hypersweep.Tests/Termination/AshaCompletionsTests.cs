using Hypersweep.Bench.Benchmarks;
using Hypersweep.Bench.Problems;
using Hypersweep.Storage;
using Hypersweep.Termination;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Termination;

/// <summary>
/// ASHA in a real sweep (scheduler and SQLite store) on bench's learning_curve when every trial trains the same
/// configuration, the noise-free optimum, as bench's asha-ceiling runs it: only the epoch noise tells the trials apart,
/// so about one in reduction_factor goes on at each rung, and few trials complete however good the configuration is.
/// </summary>
public sealed class AshaCompletionsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheOptimumBenchTrains_HasTheProblemsPublishedNoiseFreeFinalError()
    {
        var (e, c) = LearningCurve.Curve(LearningCurve.Optimum());

        Assert.Equal(LearningCurve.OptimumFinalClean, LearningCurve.Clean(e, c, LearningCurve.Epochs), 1e-12);
    }

    [Fact]
    public async Task EveryTrialTheSameConfiguration_AboutOneInTheFactorGoesOnAtEachRung()
    {
        var spec = new AshaSpec { MinResource = 3, ReductionFactor = 7, MaxResource = LearningCurve.Epochs };
        var optimum = LearningCurve.Optimum();
        var completed = new List<int>();
        for (var seed = 1; seed <= 3; seed++)
        {
            await using var store = SqliteSweepStore.Open(_dir[$"sweep-{seed}.db"]);
            var run = await PruningBenchmark.RunOneAsync(store, "random", "asha", spec, seed, trials: 100, (_, _) => optimum, TestContext.Current.CancellationToken);
            Assert.Equal(LearningCurve.OptimumFinalClean, run.BestClean, 1e-12);
            completed.Add(run.Completed);
        }

        // Rungs at 3 and 21 epochs: about 100 / 7 trials go past the first and 100 / 49 past the second, plus the first
        // trials, which have few competitors (60 seeds of bench's asha-ceiling: 5.3 on average). A policy that kept the
        // top six sevenths instead would complete about 72.
        Assert.InRange(completed.Average(), 2, 10);
    }
}
