using Hypersweep.Launching;
using Hypersweep.Sampling;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.Sweeps;
using Hypersweep.Termination;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;
using Microsoft.Extensions.Time.Testing;

namespace Hypersweep.Tests.Sweeps;

/// <summary>The scheduler through the public API, with in-process trials and a real SQLite store.</summary>
public sealed class SweepTests : SqliteStoreTest
{
    private static SweepSpec Spec(int total = 10, int concurrent = 2, long seed = 1, Goal goal = Goal.Maximize, SweepLimits? limits = null, SamplingSpec? sampling = null, SearchSpace? space = null) => new()
    {
        Name = "test",
        SearchSpace = space ?? new SearchSpace { { "x", Distributions.Uniform(-1, 1) }, { "k", Distributions.Choice(1, 2, 3) } },
        Objective = new Objective("score", goal),
        Sampling = sampling ?? new SamplingSpec(SamplingAlgorithm.Random, seed),
        Limits = limits ?? new SweepLimits { MaxTotalTrials = total, MaxConcurrentTrials = concurrent, GracePeriod = TimeSpan.FromSeconds(2) },
    };

    private Sweep Create(SweepSpec spec, TimeProvider? time = null) => new(spec) { Store = Store, TimeProvider = time ?? TimeProvider.System };

    [Fact]
    public async Task InitialTrials_RunFirstInOrder_WithinTheBudget_AndTheSamplerGoesOnFromThem()
    {
        var first = new ParameterSet([new("x", ParameterValue.Of(0.25)), new("k", ParameterValue.Of(3L))]);
        var second = new ParameterSet([new("x", ParameterValue.Of(-0.5)), new("k", ParameterValue.Of(1L))]);
        var spec = Spec(total: 5, concurrent: 1) with { InitialTrials = [first, second] };

        var result = await Create(spec).RunAsync((trial, _) => trial.Report("score", trial.GetDouble("x")));

        Assert.Equal(5, result.Trials.Count);
        Assert.Equal([first, second], result.Trials.Take(2).Select(t => t.Parameters));
        Assert.All(result.Trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.DoesNotContain(result.Trials.Skip(2), t => t.Parameters.Equals(first) || t.Parameters.Equals(second));
    }

    [Fact]
    public void InitialTrials_OutsideTheSpace_AreRefusedWhenTheSweepIsMade()
    {
        var spec = Spec() with { InitialTrials = [new ParameterSet([new("x", ParameterValue.Of(2.0)), new("k", ParameterValue.Of(1L))])] };

        var e = Assert.Throws<SweepSpecException>(() => new Sweep(spec));

        Assert.Contains("initial_trials[0]", e.Message, StringComparison.Ordinal);
        Assert.Contains("'x' = 2 is not a value of uniform(-1, 1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_RunsExactlyTheBudget_AndRecordsEveryTrialAndMetric()
    {
        var result = await Create(Spec(total: 12, concurrent: 3)).RunAsync((trial, _) =>
        {
            for (var step = 1; step <= 3; step++)
            {
                trial.Report("score", -Math.Abs(trial.GetDouble("x")) + (step * 0.01), step);
            }

            trial.Report("other", trial.GetInt32("k"));
        });

        Assert.Equal(12, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.Equal(SweepState.Completed, result.Sweep.State);
        Assert.Equal("max_total_trials (12) reached", result.Sweep.Message);
        var stored = await Store.ListTrialsAsync(result.Sweep.Id, TestContext.Current.CancellationToken);
        Assert.Equal(12, stored.Count);
        Assert.All(stored, t => Assert.Equal(3, t.Intervals));
        var metrics = await Store.GetMetricsAsync(stored[5].Id, TestContext.Current.CancellationToken);
        Assert.Equal([1L, 2L, 3L, null], metrics.Select(m => m.Step));
        Assert.Equal(-Math.Abs(stored[5].Parameters["x"].AsDouble()) + 0.03, stored[5].Value!.Value, 12);
    }

    /// <summary>A random sampler that records, at every call, the curve it was given for each trial of the history.</summary>
    private sealed class CurveRecordingSampler : ISampler
    {
        private readonly RandomSampler _inner = new(1);

        public List<Dictionary<int, double[]>> Calls { get; } = [];

        public List<Dictionary<int, TrialState>> States { get; } = [];

        public IReadOnlyList<ParameterSet> Suggest(SearchSpace space, IReadOnlyList<TrialRecord> history, int count) =>
            throw new InvalidOperationException("the scheduler must pass the curves");

        public IReadOnlyList<ParameterSet> Suggest(SearchSpace space, IReadOnlyList<TrialRecord> history, int count, Func<long, IReadOnlyList<double>> curveOf)
        {
            Calls.Add(history.ToDictionary(t => t.Number, t => curveOf(t.Id).ToArray()));
            States.Add(history.ToDictionary(t => t.Number, t => t.State));
            return _inner.Suggest(space, history, count);
        }
    }

    [Fact]
    public async Task Sampler_SeesEveryTrialsCurve_OfThePrimaryMetric()
    {
        // Trials log three values of the primary metric (and another metric); a policy stops some of them early. The
        // sampler is given every earlier trial's primary-metric values, in order, stopped trials included.
        var sampler = new CurveRecordingSampler();
        var spec = Spec(total: 8, concurrent: 1) with { EarlyTermination = new TruncationSelectionSpec { TruncationPercentage = 50, EvaluationInterval = 1, DelayEvaluation = 1 } };
        var result = await new Sweep(spec) { Store = Store, Sampler = sampler }.RunAsync(async (trial, ct) =>
        {
            for (var step = 1; step <= 3; step++)
            {
                trial.Report("other", 7);
                if (await trial.ReportAsync("score", (trial.Number % 2 == 0 ? 1 : -1) * step, step))
                {
                    return;
                }
            }
        });

        Assert.Contains(result.Trials, t => t.State == TrialState.Terminated);
        var last = sampler.Calls[^1];
        Assert.Equal(7, last.Count);
        foreach (var trial in result.Trials.Where(t => t.Number < 7))
        {
            var expected = Enumerable.Range(1, trial.Intervals).Select(step => (double)((trial.Number % 2 == 0 ? 1 : -1) * step));
            Assert.Equal(expected, last[trial.Number]);
        }
    }

    [Fact]
    public async Task Sampler_SeesATrialThePolicyStopped_AsTerminated_WhileItsProgramIsStillEnding()
    {
        // One trial at a time: when the policy stops a trial, its slot is free at once and the next suggestion is asked
        // for while the stopped program takes a moment to end. The sampler must see the trial as stopped (Terminated,
        // with its curve), not as still running, or what it learns would depend on how fast programs exit.
        var sampler = new CurveRecordingSampler();
        var spec = Spec(total: 8, concurrent: 1) with { EarlyTermination = new TruncationSelectionSpec { TruncationPercentage = 50, EvaluationInterval = 1, DelayEvaluation = 1 } };
        var result = await new Sweep(spec) { Store = Store, Sampler = sampler }.RunAsync(async (trial, ct) =>
        {
            for (var step = 1; step <= 3; step++)
            {
                if (await trial.ReportAsync("score", (trial.Number % 2 == 0 ? 1 : -1) * step, step))
                {
                    await Task.Delay(300, CancellationToken.None);
                    return;
                }
            }
        });

        var terminated = result.Trials.Where(t => t.State == TrialState.Terminated).Select(t => t.Number).ToList();
        Assert.NotEmpty(terminated);
        Assert.All(sampler.States, call => Assert.DoesNotContain(TrialState.Running, call.Values));
        Assert.All(terminated.Where(n => n < result.Trials.Count - 1), n => Assert.Equal(TrialState.Terminated, sampler.States.First(call => call.ContainsKey(n))[n]));
    }

    [Fact]
    public async Task BestTrial_IsTheOneWithTheBestLoggedValue_ForEitherGoal()
    {
        foreach (var goal in new[] { Goal.Maximize, Goal.Minimize })
        {
            var result = await Create(Spec(total: 15, goal: goal)).RunAsync((trial, _) => trial.Report("score", trial.GetDouble("x")));

            var values = result.Trials.Select(t => t.Value!.Value).ToList();
            Assert.Equal(goal == Goal.Maximize ? values.Max() : values.Min(), result.Best!.Value);
        }
    }

    [Fact]
    public async Task Concurrency_NeverExceedsTheLimit_AndReachesIt()
    {
        var running = 0;
        var peak = 0;
        var result = await Create(Spec(total: 16, concurrent: 4)).RunAsync(async (trial, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(30, ct);
            trial.Report("score", 1);
            Interlocked.Decrement(ref running);
        });

        Assert.Equal(16, result.Counts.Completed);
        Assert.Equal(4, peak);
    }

    [Fact]
    public async Task FailingTrial_IsRecordedFailedWithItsException_AndTheSweepGoesOn()
    {
        var result = await Create(Spec(total: 8)).RunAsync((trial, _) =>
        {
            if (trial.Number % 3 == 0)
            {
                throw new InvalidOperationException($"diverged at trial {trial.Number}");
            }

            trial.Report("score", trial.Number);
        });

        Assert.Equal([0, 3, 6], result.Trials.Where(t => t.State == TrialState.Failed).Select(t => t.Number));
        Assert.StartsWith("InvalidOperationException: diverged at trial 3", result.Trials[3].Message, StringComparison.Ordinal);
        Assert.Equal(5, result.Counts.Completed);
        Assert.Equal(7, result.Best!.Number);
        Assert.Equal(SweepState.Completed, result.Sweep.State);
    }

    [Fact]
    public async Task SameSeed_GivesTheSameTrials_DifferentSeedDoesNot()
    {
        static Task Objective(Trial trial, CancellationToken _)
        {
            trial.Report("score", 0);
            return Task.CompletedTask;
        }

        var a = await Create(Spec(seed: 5, concurrent: 3)).RunAsync(Objective);
        var b = await Create(Spec(seed: 5, concurrent: 1)).RunAsync(Objective);
        var c = await Create(Spec(seed: 6)).RunAsync(Objective);

        Assert.Equal(a.Trials.Select(t => t.Parameters), b.Trials.Select(t => t.Parameters));
        Assert.NotEqual(a.Trials.Select(t => t.Parameters), c.Trials.Select(t => t.Parameters));
        Assert.Equal(5, a.Sweep.Seed);
    }

    [Fact]
    public async Task UnseededSweep_RecordsTheSeedItDrew()
    {
        var result = await Create(Spec(total: 2) with { Sampling = new SamplingSpec() }).RunAsync((trial, _) => trial.Report("score", 1));

        Assert.NotEqual(0, result.Sweep.Seed);
        var replay = await Create(Spec(total: 2, seed: result.Sweep.Seed)).RunAsync((trial, _) => trial.Report("score", 1));
        Assert.Equal(result.Trials.Select(t => t.Parameters), replay.Trials.Select(t => t.Parameters));
    }

    [Fact]
    public async Task GridSweep_RunsEveryCombinationOnce_AndEndsWhenTheGridIsExhausted()
    {
        var space = new SearchSpace { { "a", Distributions.Choice(1, 2, 3) }, { "b", Distributions.Choice("x", "y") } };

        var result = await Create(Spec(total: 100, concurrent: 2, space: space, sampling: new SamplingSpec(SamplingAlgorithm.Grid))).RunAsync((trial, _) => trial.Report("score", 1));

        Assert.Equal(6, result.Trials.Count);
        Assert.Equal(6, result.Trials.Select(t => t.Parameters.ToString()).Distinct().Count());
        Assert.Equal("a=1 b=x", result.Trials[0].Parameters.ToString());
        Assert.Equal("a=3 b=y", result.Trials[5].Parameters.ToString());
        Assert.Equal("the grid is exhausted (6 points)", result.Sweep.Message);
    }

    [Fact]
    public async Task TrialTimeout_CancelsThatTrialOnly()
    {
        var limits = new SweepLimits { MaxTotalTrials = 4, MaxConcurrentTrials = 2, TrialTimeout = TimeSpan.FromMilliseconds(500), GracePeriod = TimeSpan.FromSeconds(5) };

        var result = await Create(Spec(limits: limits)).RunAsync(async (trial, ct) =>
        {
            trial.Report("score", trial.Number);
            await Task.Delay(trial.Number == 1 ? TimeSpan.FromSeconds(30) : TimeSpan.Zero, ct);
        });

        Assert.Equal(TrialState.Canceled, result.Trials[1].State);
        Assert.Equal("trial_timeout of 0.5 s reached", result.Trials[1].Message);
        Assert.Equal(3, result.Counts.Completed);
        Assert.Equal(1, result.Trials[1].Value);
    }

    [Fact]
    public async Task TrialTimeout_FollowsTheInjectedClock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var limits = new SweepLimits { MaxTotalTrials = 1, MaxConcurrentTrials = 1, TrialTimeout = TimeSpan.FromHours(2), GracePeriod = TimeSpan.FromSeconds(5) };
        var started = new TaskCompletionSource();

        var run = Create(Spec(limits: limits), clock).RunAsync(async (trial, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, TestContext.Current.CancellationToken);
        await started.Task;
        clock.Advance(TimeSpan.FromMinutes(119));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(run.IsCompleted, "the trial was stopped before its timeout");
        clock.Advance(TimeSpan.FromMinutes(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal(TrialState.Canceled, result.Trials[0].State);
        Assert.Equal("trial_timeout of 7200 s reached", result.Trials[0].Message);
    }

    [Fact]
    public async Task AnObjectiveThatIgnoresCancellation_IsAbandonedWhenTheGracePeriodHasPassedOnTheInjectedClock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var limits = new SweepLimits { MaxTotalTrials = 1, MaxConcurrentTrials = 1, TrialTimeout = TimeSpan.FromHours(1), GracePeriod = TimeSpan.FromMinutes(10) };
        var started = new TaskCompletionSource();
        var canceled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource();

        var run = Create(Spec(limits: limits), clock).RunAsync(async (trial, ct) =>
        {
            ct.Register(() => canceled.TrySetResult());
            started.SetResult();
            await never.Task;
        }, TestContext.Current.CancellationToken);
        await started.Task;
        clock.Advance(TimeSpan.FromHours(1));
        // The grace period's timer starts on the injected clock when the trial is canceled; advancing the clock before
        // that (a fixed 200 ms was not always enough on a busy machine) would leave it due after the last advance.
        await canceled.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(run.IsCompleted, "the objective was abandoned before its grace period had passed");
        clock.Advance(TimeSpan.FromMinutes(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        never.SetResult();

        Assert.Equal(TrialState.Canceled, result.Trials[0].State);
        Assert.Equal("trial_timeout of 3600 s reached", result.Trials[0].Message);
    }

    [Fact]
    public async Task SweepTimeout_CancelsRunningTrials_StartsNoMore_AndEndsTheSweep()
    {
        var limits = new SweepLimits { MaxTotalTrials = 50, MaxConcurrentTrials = 2, Timeout = TimeSpan.FromSeconds(1), GracePeriod = TimeSpan.FromSeconds(5) };

        var result = await Create(Spec(limits: limits)).RunAsync(async (trial, ct) =>
        {
            trial.Report("score", 1);
            await Task.Delay(TimeSpan.FromSeconds(60), ct);
        });

        Assert.Equal(2, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal(TrialState.Canceled, t.State));
        Assert.Equal(SweepState.Completed, result.Sweep.State);
        Assert.Equal("timeout of 1 s reached", result.Sweep.Message);
    }

    [Fact]
    public async Task CancellingTheSweep_CancelsRunningTrials_AndRecordsTheSweepCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var started = 0;

        var result = await Create(Spec(total: 20, concurrent: 3)).RunAsync(async (trial, ct) =>
        {
            if (Interlocked.Increment(ref started) == 3)
            {
                await cancel.CancelAsync();
            }

            await Task.Delay(TimeSpan.FromSeconds(60), ct);
        }, cancel.Token);

        Assert.Equal(3, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal((TrialState.Canceled, "canceled by the user"), (t.State, t.Message)));
        Assert.Equal(SweepState.Canceled, (await Store.GetSweepAsync(result.Sweep.Id, TestContext.Current.CancellationToken))!.State);
    }

    [Fact]
    public async Task ObjectiveThatIgnoresCancellation_IsAbandonedAfterTheGracePeriod()
    {
        var limits = new SweepLimits { MaxTotalTrials = 1, MaxConcurrentTrials = 1, TrialTimeout = TimeSpan.FromMilliseconds(200), GracePeriod = TimeSpan.FromMilliseconds(300) };
        using var release = new ManualResetEventSlim();

        var result = await Create(Spec(limits: limits)).RunAsync((trial, _) => release.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        release.Set();

        Assert.Equal(TrialState.Canceled, result.Trials[0].State);
    }

    [Fact]
    public async Task Updates_ReportStartsFinishesCountsAndTheBestSoFar()
    {
        var updates = new List<SweepUpdate>();
        var sweep = new Sweep(Spec(total: 5, concurrent: 1)) { Store = Store, OnUpdate = updates.Add };

        await sweep.RunAsync((trial, _) => trial.Report("score", trial.Number == 2 ? 10 : trial.Number));

        Assert.Equal(SweepUpdateKind.Started, updates[0].Kind);
        Assert.Equal(SweepUpdateKind.Finished, updates[^1].Kind);
        Assert.Equal(5, updates.Count(u => u.Kind == SweepUpdateKind.TrialStarted));
        var finished = updates.Where(u => u.Kind == SweepUpdateKind.TrialFinished).ToList();
        Assert.Equal([1, 2, 3, 4, 5], finished.Select(u => u.Counts.Completed));
        Assert.Equal([0, 1, 2, 2, 2], finished.Select(u => u.Best!.Number));
    }

    [Fact]
    public void InvalidSpec_IsRejectedWithEveryProblem()
    {
        var error = Assert.Throws<SweepSpecException>(() => new Sweep(Spec(limits: new SweepLimits { MaxTotalTrials = 0, MaxConcurrentTrials = 0 }) with { SearchSpace = new SearchSpace() }));

        Assert.Equal(["search_space", "limits.max_total_trials", "limits.max_concurrent_trials"], error.Problems.Select(p => p.Field));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
