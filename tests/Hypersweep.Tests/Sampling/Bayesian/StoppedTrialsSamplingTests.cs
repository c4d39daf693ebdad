using Hypersweep.Bench.Problems;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.Sweeps;
using Hypersweep.Termination;
using Hypersweep.Trials;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Sampling.Bayesian;

/// <summary>
/// The Bayesian sampler in a sweep whose early-termination policy stops trials: bench's learning_curve (each trial
/// reports err_t after every epoch, t = 1..50, with the benchmark's noise) through the real scheduler and SQLite store.
/// </summary>
public sealed class StoppedTrialsSamplingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task MedianStopping_After40Trials_ExploresWhereTrialsAreStoppedCheaply_AndStillEndsAtTheOptimum(int seed)
    {
        var (epochs, regret) = await RunAsync(seed, trials: 100);

        // Before the sampler split its suggestions once trials were stopped, these two seeds used 0.74 and 0.70 of the
        // epochs of a sweep without a policy (bench/results/pruning-notes.md); with the split, 0.57 over seeds 1..10.
        // The best completed trial's noise-free error stays within 0.002 of the optimum's (0.0500) on both.
        Assert.True(epochs < 0.65, $"share of the epochs used: {epochs:0.000}");
        Assert.True(regret < 0.002, $"noise-free regret of the best completed trial: {regret:0.00000}");
    }

    /// <summary>One sweep; returns the share of its trials' epochs used and the best completed trial's noise-free regret.</summary>
    private async Task<(double Epochs, double Regret)> RunAsync(int seed, int trials)
    {
        await using var store = SqliteSweepStore.Open(_dir[$"sweep-{seed}.db"]);
        var sweep = new Sweep(new SweepSpec
        {
            Name = $"curve-{seed}",
            SearchSpace = LearningCurve.Space(),
            Objective = new Objective("err", Goal.Minimize),
            Sampling = new SamplingSpec(SamplingAlgorithm.Bayesian, seed),
            Limits = new SweepLimits { MaxTotalTrials = trials, MaxConcurrentTrials = 1 },
            EarlyTermination = new MedianStoppingSpec { EvaluationInterval = 1, DelayEvaluation = 5 },
        })
        { Store = store };
        var used = 0;
        var finals = new List<(double Observed, double Clean)>();
        await sweep.RunAsync(async (trial, _) =>
        {
            for (var t = 1; t <= LearningCurve.Epochs; t++)
            {
                var err = LearningCurve.Error(seed, trial.Number, t, trial.Parameters);
                used++;
                var stop = await trial.ReportAsync("err", err, t);
                if (t == LearningCurve.Epochs)
                {
                    var (e, c) = LearningCurve.Curve(trial.Parameters);
                    finals.Add((err, LearningCurve.Clean(e, c, t)));
                }
                else if (stop)
                {
                    return;
                }
            }
        }, TestContext.Current.CancellationToken);
        return (used / (double)(trials * LearningCurve.Epochs), finals.MinBy(f => f.Observed).Clean - LearningCurve.OptimumFinalClean);
    }
}
