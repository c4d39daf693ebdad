using System.Globalization;
using System.Text.RegularExpressions;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Sweeps;
using Hypersweep.SweepFiles;
using Hypersweep.Termination;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Termination;

/// <summary>Policies applied while sweeps run: real processes and in-process trials, a real SQLite store.</summary>
public sealed partial class LiveTerminationTests : SqliteStoreTest
{
    [Fact]
    public async Task PoorProcessTrials_AreTerminatedWithinASecondOfTheDecidingLine_AndTheBestRunsToTheEnd()
    {
        Dir.Write("train.py", """
            import argparse, time, hypersweep
            p = argparse.ArgumentParser()
            p.add_argument("--quality", type=float)
            a = p.parse_args()
            # Poor trials start a little later, so that a good trial has always reached an interval before a poor one is
            # judged at it (a trial that runs ahead of every other is compared only with itself).
            time.sleep(0.6 if a.quality < 0.5 else 0)
            for epoch in range(1, 13):
                time.sleep(0.25)
                hypersweep.log("accuracy", a.quality * epoch / 12)
            """);
        var spec = SweepFile.Parse($$$"""
            type: sweep
            name: live
            trial:
              command: {{{Python.Executable}}} train.py --quality ${{search_space.quality}}
            search_space:
              quality: {type: choice, values: [0.9, 0.2, 0.85, 0.1, 0.3, 0.95]}
            sampling_algorithm: grid
            objective: {primary_metric: accuracy, goal: maximize}
            limits: {max_total_trials: 6, max_concurrent_trials: 3, grace_period: 5}
            early_termination: {type: bandit, slack_factor: 0.2, evaluation_interval: 1, delay_evaluation: 2}
            """, Dir["sweep.yml"]);

        var result = await new Sweep(spec) { Store = Store }.RunAsync(TestContext.Current.CancellationToken);

        var byQuality = result.Trials.ToDictionary(t => t.Parameters["quality"].AsDouble());
        Assert.Equal(TrialState.Completed, byQuality[0.95].State);
        Assert.Equal(0.95, result.Best!.Parameters["quality"].AsDouble());
        foreach (var poor in new[] { 0.2, 0.1, 0.3 })
        {
            var trial = byQuality[poor];
            Assert.Equal(TrialState.Terminated, trial.State);
            var match = Decision().Match(trial.Message!);
            Assert.True(match.Success, trial.Message);
            var interval = int.Parse(match.Groups["interval"].Value, CultureInfo.InvariantCulture);
            Assert.True(interval >= 2, $"evaluated before delay_evaluation: {trial.Message}");
            var metrics = await Store.GetMetricsAsync(trial.Id, TestContext.Current.CancellationToken);
            Assert.True(metrics.Count < 12, $"a terminated trial ran to its end: {metrics.Count} values");
            var decidingLine = metrics[interval - 1].Time;
            Assert.True(trial.EndedAt!.Value - decidingLine < TimeSpan.FromSeconds(1), $"stopped {(trial.EndedAt.Value - decidingLine).TotalSeconds:0.00} s after the deciding line");
            Assert.Equal(128 + 15, trial.ExitCode);
            Assert.Contains((await Store.GetTrialEventsAsync(trial.Id, TestContext.Current.CancellationToken)).Select(e => e.State), s => s == TrialState.Terminated);
        }
    }

    [Fact]
    public async Task InProcessTrials_WaitForTheDecision_AndATerminatedTrialGivesItsSlotToTheNext()
    {
        var spec = new SweepSpec
        {
            Name = "in-process",
            SearchSpace = new SearchSpace { { "q", Distributions.Choice(0.1, 0.2, 0.15, 1.0, 0.9, 0.12) } },
            Objective = new Objective("loss", Goal.Minimize),
            Sampling = new SamplingSpec(SamplingAlgorithm.Grid),
            Limits = new SweepLimits { MaxTotalTrials = 6, MaxConcurrentTrials = 1 },
            EarlyTermination = new MedianStoppingSpec { DelayEvaluation = 3 },
        };
        var epochs = new Dictionary<int, int>();

        var result = await new Sweep(spec) { Store = Store }.RunAsync(async (trial, ct) =>
        {
            for (var epoch = 1; epoch <= 20; epoch++)
            {
                epochs[trial.Number] = epoch;
                if (await trial.ReportAsync("loss", trial.GetDouble("q"), epoch))
                {
                    Assert.True(ct.IsCancellationRequested);
                    return;
                }
            }
        }, TestContext.Current.CancellationToken);

        // One at a time, flat losses q, evaluated from interval 3 against the trials that reached the same interval:
        // q=0.1 alone never loses to its own average (a rounding tie); q=0.2 faces {0.1, 0.2} (median 0.15): stopped at 3;
        // q=0.15 ties the median 0.15 at 3, but at 4 only {0.1, 0.15} reached it (median 0.125): stopped at 4;
        // q=1.0 faces {0.1, 0.2, 0.15, 1.0} (median 0.175) and q=0.9 faces {.., 0.9} (median 0.2): stopped at 3;
        // q=0.12 beats 0.175 at 3, ties 0.12 at 4, and at 5 faces {0.1, 0.12} (median 0.11): stopped at 5.
        Assert.Equal([20, 3, 4, 3, 3, 5], Enumerable.Range(0, 6).Select(n => epochs[n]));
        Assert.Equal(TrialState.Completed, result.Trials[0].State);
        Assert.All(result.Trials.Skip(1), t => Assert.Equal(TrialState.Terminated, t.State));
        Assert.Equal("median_stopping at interval 3: its best value 1 is worse than the median 0.175 of the running averages of the 4 trials that reached it", result.Trials[3].Message);
        Assert.Equal(0.1, result.Best!.Parameters["q"].AsDouble());
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(30, false)]
    public async Task AMaxResourceBeyondWhatFullTrialsLog_IsWarnedOnce_WithTheNumberTheyLogged(int epochs, bool warned)
    {
        var spec = new SweepSpec
        {
            Name = "max-resource",
            SearchSpace = new SearchSpace { { "end", Distributions.Choice(0.2, 0.3, 0.4, 0.5, 0.6) } },
            Objective = new Objective("loss", Goal.Minimize),
            Sampling = new SamplingSpec(SamplingAlgorithm.Grid),
            Limits = new SweepLimits { MaxTotalTrials = 5, MaxConcurrentTrials = 1 },
            EarlyTermination = new CurvePredictionSpec { MaxResource = 30 },
        };
        var warnings = new List<string>();

        await new Sweep(spec) { Store = Store, OnUpdate = u => { if (u.Kind == SweepUpdateKind.Warning) { warnings.Add(u.Message!); } } }.RunAsync(async (trial, ct) =>
        {
            for (var epoch = 1; epoch <= epochs; epoch++)
            {
                await trial.ReportAsync("loss", trial.GetDouble("end") + (1.0 / epoch), epoch);
            }
        }, TestContext.Current.CancellationToken);

        if (warned)
        {
            var warning = Assert.Single(warnings);
            Assert.StartsWith("early_termination.max_resource is 30, but the 3 trials that completed logged at most 10 values of loss: curve_prediction", warning, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(warnings);
        }
    }

    [Fact]
    public async Task CurvePrediction_StopsCurvesThatCannotCatchTheBestFinishedTrial_AndLetsABetterOneFinish()
    {
        var (result, epochs) = await RunCurvePredictionSweepAsync([0.20, 0.25, 0.30, 0.35, 0.40, 0.60, 0.10, 0.50], (end, epoch) => end + ((0.9 - end) * Math.Exp(-0.3 * (epoch - 1))));

        // The first five run to the end (min_completed); 0.60 and 0.50 level off far above the second best 0.25 and are
        // stopped at the first evaluated interval; 0.10 is worse at interval 5 (0.34) than two finished trials were, but
        // heads lower.
        Assert.Equal([30, 30, 30, 30, 30, 5, 30, 5], epochs);
        Assert.Equal([TrialState.Terminated, TrialState.Terminated], new[] { result.Trials[5].State, result.Trials[7].State });
        Assert.StartsWith("curve_prediction at interval 5: its curve extrapolated to interval 30 ends at 0.6", result.Trials[5].Message, StringComparison.Ordinal);
        Assert.Equal(0.10, result.Best!.Parameters["end"].AsDouble());
    }

    [Fact]
    public async Task CurvePrediction_LetsATrialPastTwoThirdsOfMaxResourceFinish_ThoughItsCurveLevelsOffAboveTheSecondBest()
    {
        // Five trials finish where the curves of their first intervals point (the best at 0.20, the second at 0.25); the
        // sixth falls for 20 of its 30 intervals as if towards 0.20, then stays where it is (0.30): some intervals later
        // its curve extrapolates to above the second best, but a stop so late would save little of the trial, so it is
        // let finish.
        static double Loss(double end, int epoch) => end == 0.10
            ? 0.20 + (3 * Math.Exp(-0.18 * (Math.Min(epoch, 20) - 1)))
            : end + ((0.9 - end) * Math.Exp(-0.3 * (epoch - 1)));

        var (result, epochs) = await RunCurvePredictionSweepAsync([0.20, 0.25, 0.30, 0.35, 0.40, 0.10], Loss);

        Assert.Equal([30, 30, 30, 30, 30, 30], epochs);
        Assert.Equal(TrialState.Completed, result.Trials[5].State);

        // Asked at interval 28, the policy would have stopped it: what lets it finish is the last decision at interval 20.
        var policy = new CurvePredictionPolicy(new CurvePredictionSpec { MaxResource = 30 });
        var finished = result.Trials.Take(5).Select(t => PolicyTestKit.Finished(t.Number, [.. Enumerable.Range(1, 30).Select(e => Loss(t.Parameters["end"].AsDouble(), e))])).ToArray();
        var late = PolicyTestKit.Running(6, [.. Enumerable.Range(1, 28).Select(e => Loss(0.10, e))]);
        Assert.NotNull(policy.Decide(new TerminationContext(Goal.Minimize, late, 28, [late, .. finished])));
        Assert.True(policy.IsEvaluatedAt(20));
        Assert.False(policy.IsEvaluatedAt(21));
    }

    /// <summary>
    /// A grid sweep over <paramref name="ends"/> in order, one trial at a time, with curve_prediction (max_resource 30,
    /// delay_evaluation 5): each trial reports <paramref name="loss"/>(end, epoch) for epochs 1..30 until stopped.
    /// Returns the result and, by trial number, the epochs each trial ran.
    /// </summary>
    private async Task<(SweepResult Result, int[] Epochs)> RunCurvePredictionSweepAsync(double[] ends, Func<double, int, double> loss)
    {
        var spec = new SweepSpec
        {
            Name = "curve-prediction",
            SearchSpace = new SearchSpace { { "end", Distributions.Choice(ends) } },
            Objective = new Objective("loss", Goal.Minimize),
            Sampling = new SamplingSpec(SamplingAlgorithm.Grid),
            Limits = new SweepLimits { MaxTotalTrials = ends.Length, MaxConcurrentTrials = 1 },
            EarlyTermination = new CurvePredictionSpec { MaxResource = 30, DelayEvaluation = 5 },
        };
        var epochs = new int[ends.Length];

        var result = await new Sweep(spec) { Store = Store }.RunAsync(async (trial, ct) =>
        {
            var end = trial.GetDouble("end");
            for (var epoch = 1; epoch <= 30; epoch++)
            {
                epochs[trial.Number] = epoch;
                if (await trial.ReportAsync("loss", loss(end, epoch), epoch))
                {
                    return;
                }
            }
        }, TestContext.Current.CancellationToken);
        return (result, epochs);
    }

    [Fact]
    public async Task WithoutAPolicy_EveryTrialRunsToItsEnd()
    {
        var spec = new SweepSpec
        {
            Name = "no-policy",
            SearchSpace = new SearchSpace { { "q", Distributions.Uniform(0, 1) } },
            Objective = new Objective("loss", Goal.Minimize),
            Sampling = new SamplingSpec(SamplingAlgorithm.Random, 1),
            Limits = new SweepLimits { MaxTotalTrials = 8, MaxConcurrentTrials = 2 },
        };

        var result = await new Sweep(spec) { Store = Store }.RunAsync(async (trial, _) =>
        {
            for (var epoch = 1; epoch <= 10; epoch++)
            {
                Assert.False(await trial.ReportAsync("loss", trial.GetDouble("q") + (trial.Number * 10), epoch));
            }
        }, TestContext.Current.CancellationToken);

        Assert.All(result.Trials, t => Assert.Equal((TrialState.Completed, 10), (t.State, t.Intervals)));
    }

    [Fact]
    public async Task TrialsCommand_ShowsWhyEachTerminatedTrialWasStopped()
    {
        var spec = new SweepSpec
        {
            Name = "why",
            SearchSpace = new SearchSpace { { "q", Distributions.Choice(1.0, 0.1) } },
            Objective = new Objective("acc", Goal.Maximize),
            Sampling = new SamplingSpec(SamplingAlgorithm.Grid),
            Limits = new SweepLimits { MaxTotalTrials = 2, MaxConcurrentTrials = 1 },
            EarlyTermination = new TruncationSelectionSpec { TruncationPercentage = 50 },
        };
        await new Sweep(spec) { Store = Store }.RunAsync(async (trial, _) =>
        {
            for (var epoch = 1; epoch <= 5 && !await trial.ReportAsync("acc", trial.GetDouble("q"), epoch);)
            {
                epoch++;
            }
        }, TestContext.Current.CancellationToken);

        var run = await CliProcess.RunAsync(Dir.Path, "trials", "why", "--store", Dir["hypersweep.db"]);

        var line = run.Stdout.Split('\n').Single(l => l.Contains("terminated", StringComparison.Ordinal));
        Assert.Contains("truncation_selection at interval 1: its value 0.1 is in the lowest 50% (1 of 2 trials) at that interval", line, StringComparison.Ordinal);
    }

    [GeneratedRegex("^bandit at interval (?<interval>[0-9]+): its best value [0-9.e-]+ is worse than the threshold [0-9.e-]+ = best [0-9.e-]+ / \\(1 \\+ slack_factor 0.2\\)")]
    private static partial Regex Decision();
}
