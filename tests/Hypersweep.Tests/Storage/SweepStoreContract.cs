using Hypersweep.Space;
using Hypersweep.Storage;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Storage;

/// <summary>The behaviour every store must have; each store's test class derives from this one.</summary>
public abstract class SweepStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    protected ISweepStore Store { get; private set; } = null!;

    /// <summary>Opens an empty store.</summary>
    protected abstract Task<ISweepStore> CreateStoreAsync();

    public async ValueTask InitializeAsync() => Store = await CreateStoreAsync();

    public virtual async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected Task<SweepRecord> NewSweepAsync(string name = "s", Goal goal = Goal.Maximize) => Store.CreateSweepAsync(new NewSweep
    {
        Name = name,
        Spec = "type: sweep\n# the file as given\n",
        SpecPath = "/tmp/sweep.yml",
        Objective = new Objective("acc", goal),
        Sampler = "random",
        Policy = "bandit",
        Seed = 42,
        CreatedAt = T0,
    });

    private static ParameterSet P(double lr, string act = "relu") => new([new("lr", ParameterValue.Of(lr)), new("act", ParameterValue.Of(act)), new("n", ParameterValue.Of(3L))]);

    [Fact]
    public async Task CreatedSweep_ReadsBackWithItsSpecAsGiven()
    {
        var created = await NewSweepAsync("alpha");

        var read = await Store.GetSweepAsync(created.Id);

        Assert.NotNull(read);
        Assert.Equal("alpha", read.Name);
        Assert.Equal("type: sweep\n# the file as given\n", read.Spec);
        Assert.Equal("/tmp/sweep.yml", read.SpecPath);
        Assert.Equal(new Objective("acc", Goal.Maximize), read.Objective);
        Assert.Equal(("random", "bandit", 42L), (read.Sampler, read.Policy, read.Seed));
        Assert.Equal(SweepState.Running, read.State);
        Assert.Equal(T0, read.CreatedAt);
        // The sweep's own folder: named by its id, with a suffix when another store's sweep of that id had the name first.
        Assert.Matches($"^{created.Id}(-[0-9a-f]{{6}})?$", Path.GetFileName(read.ArtifactsDirectory));
        Assert.Equal(created.ArtifactsDirectory, read.ArtifactsDirectory);
        Assert.True(File.Exists(Path.Combine(read.ArtifactsDirectory, "sweep-owner.txt")), "the folder names the store and sweep it belongs to");
    }

    [Fact]
    public async Task FindByName_GivesTheLatestOfThatName_AndFindById_Works()
    {
        var first = await NewSweepAsync("same");
        var second = await NewSweepAsync("same");
        var other = await NewSweepAsync("other");

        Assert.Equal(second.Id, (await Store.FindSweepAsync("same"))!.Id);
        Assert.Equal(first.Id, (await Store.FindSweepAsync(first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))!.Id);
        Assert.Equal(other.Id, (await Store.FindSweepAsync("other"))!.Id);
        Assert.Null(await Store.FindSweepAsync("missing"));
        Assert.Equal([first.Id, second.Id, other.Id], (await Store.ListSweepsAsync()).Select(s => s.Id));
    }

    [Fact]
    public async Task Trials_OfAConditionalSpace_KeepExactlyTheirActiveParameters()
    {
        var sweep = await NewSweepAsync("conditional");
        ParameterSet sgd = new([new("optimizer", ParameterValue.Of("sgd")), new("momentum", ParameterValue.Of(0.9)), new("nesterov", ParameterValue.Of(true))]);
        ParameterSet adam = new([new("optimizer", ParameterValue.Of("adam")), new("beta1", ParameterValue.Of(0.85)), new("beta2", ParameterValue.Of(0.999))]);
        ParameterSet rmsprop = new([new("optimizer", ParameterValue.Of("rmsprop"))]);

        foreach (var p in new[] { sgd, adam, rmsprop })
        {
            var created = await Store.CreateTrialAsync(sweep.Id, p, T0);
            await Store.ChangeTrialStateAsync(created.Id, new TrialStateChange { State = TrialState.Running, Time = T0.AddSeconds(1), ProcessId = 1 });
            await Store.ChangeTrialStateAsync(created.Id, new TrialStateChange { State = TrialState.Completed, Time = T0.AddSeconds(2), Metrics = [new MetricPoint("acc", 0.5, 1, T0.AddSeconds(2))] });
        }

        var trials = await Store.ListTrialsAsync(sweep.Id);
        Assert.Equal([sgd, adam, rmsprop], trials.Select(t => t.Parameters));
        Assert.Equal(["optimizer", "beta1", "beta2"], trials[1].Parameters.Names);
        Assert.False(trials[2].Parameters.TryGetValue("momentum", out _), "an inactive parameter reads back absent, not null or 0");
        Assert.Equal(rmsprop, (await Store.GetTrialAsync(sweep.Id, 2))!.Parameters);
    }

    [Fact]
    public async Task Trials_AreNumberedDenselyPerSweep_AndKeepTheirParameters()
    {
        var a = await NewSweepAsync("a");
        var b = await NewSweepAsync("b");

        var a0 = await Store.CreateTrialAsync(a.Id, P(0.1), T0);
        var b0 = await Store.CreateTrialAsync(b.Id, P(0.2), T0);
        var a1 = await Store.CreateTrialAsync(a.Id, P(0.3, "tanh"), T0);

        Assert.Equal((0, 0, 1), (a0.Number, b0.Number, a1.Number));
        var trials = await Store.ListTrialsAsync(a.Id);
        Assert.Equal([0, 1], trials.Select(t => t.Number));
        Assert.Equal(P(0.3, "tanh"), trials[1].Parameters);
        Assert.Equal(ParameterKind.Integer, trials[1].Parameters["n"].Kind);
        Assert.Equal(ParameterKind.Float, trials[1].Parameters["lr"].Kind);
        Assert.Equal(TrialState.Queued, trials[1].State);
    }

    [Fact]
    public async Task StateChanges_AreRecordedWithTimesExitCodeMessageAndHistory()
    {
        var sweep = await NewSweepAsync();
        var trial = await Store.CreateTrialAsync(sweep.Id, P(0.1), T0);

        await Store.ChangeTrialStateAsync(trial.Id, new TrialStateChange { State = TrialState.Running, Time = T0.AddSeconds(1), ProcessId = 1234, Host = "node1" });
        var done = await Store.ChangeTrialStateAsync(trial.Id, new TrialStateChange { State = TrialState.Failed, Time = T0.AddSeconds(5), ExitCode = 3, Message = "exit code 3; stderr ends with: boom" });

        Assert.Equal(TrialState.Failed, done.State);
        Assert.Equal(T0.AddSeconds(1), done.StartedAt);
        Assert.Equal(T0.AddSeconds(5), done.EndedAt);
        Assert.Equal(TimeSpan.FromSeconds(4), done.Duration);
        Assert.Equal(3, done.ExitCode);
        Assert.Equal("exit code 3; stderr ends with: boom", done.Message);
        var history = await Store.GetTrialEventsAsync(trial.Id);
        Assert.Equal([TrialState.Queued, TrialState.Running, TrialState.Failed], history.Select(h => h.State));
        Assert.Equal("exit code 3; stderr ends with: boom", history[2].Message);
    }

    [Fact]
    public async Task CreateRunningTrial_RecordsTheTrialRunningWithItsWholeHistory()
    {
        var sweep = await NewSweepAsync();
        var first = await Store.CreateTrialAsync(sweep.Id, P(0.1), T0);
        var created = await Store.CreateRunningTrialAsync(sweep.Id, P(0.2), T0.AddSeconds(1), "node1", new TrialOrigin(RetryOf: first.Id));

        var stored = (await Store.GetTrialAsync(sweep.Id, 1))!;
        foreach (var trial in new[] { created, stored })
        {
            Assert.Equal(1, trial.Number);
            Assert.Equal(TrialState.Running, trial.State);
            Assert.Equal(T0.AddSeconds(1), trial.StartedAt);
            Assert.Equal("node1", trial.Host);
            Assert.Null(trial.ProcessId);
            Assert.Equal(first.Id, trial.RetryOf);
            Assert.Equal(0.2, trial.Parameters["lr"].AsDouble());
        }

        Assert.Equal([TrialState.Queued, TrialState.Running], (await Store.GetTrialEventsAsync(created.Id)).Select(h => h.State));
        var done = await Store.ChangeTrialStateAsync(created.Id, new TrialStateChange { State = TrialState.Completed, Time = T0.AddSeconds(4) });
        Assert.Equal(TimeSpan.FromSeconds(3), done.Duration);
    }

    [Fact]
    public async Task FinishedTrial_IsImmutable()
    {
        var sweep = await NewSweepAsync();
        var trial = await Store.CreateTrialAsync(sweep.Id, P(0.1), T0);
        await Store.ChangeTrialStateAsync(trial.Id, new TrialStateChange { State = TrialState.Completed, Time = T0 });

        await Assert.ThrowsAsync<TrialAlreadyFinishedException>(() => Store.ChangeTrialStateAsync(trial.Id, new TrialStateChange { State = TrialState.Running, Time = T0 }));
        await Assert.ThrowsAsync<TrialAlreadyFinishedException>(() => Store.ChangeTrialStateAsync(trial.Id, new TrialStateChange
        {
            State = TrialState.Canceled,
            Time = T0,
            Metrics = [new MetricPoint("acc", 0.99, null, T0)],
        }));

        var after = (await Store.GetTrialAsync(sweep.Id, 0))!;
        Assert.Equal(TrialState.Completed, after.State);
        Assert.Null(after.Value);
        Assert.Empty(await Store.GetMetricsAsync(trial.Id));
        Assert.Equal(2, (await Store.GetTrialEventsAsync(trial.Id)).Count);
    }

    [Fact]
    public async Task Metrics_KeepOrderStepAndTime_AndTheValueIsTheBestPrimaryValue()
    {
        var sweep = await NewSweepAsync(goal: Goal.Minimize);
        var trial = await Store.CreateTrialAsync(sweep.Id, P(0.1), T0);

        await Store.AppendMetricsAsync(trial.Id, [new("acc", 0.5, 1, T0), new("loss", 2.0, 1, T0.AddSeconds(1))]);
        await Store.AppendMetricsAsync(trial.Id, [new("acc", 0.3, 2, T0.AddSeconds(2)), new("acc", 0.4, null, T0.AddSeconds(3))]);
        var finished = await Store.ChangeTrialStateAsync(trial.Id, new TrialStateChange
        {
            State = TrialState.Completed,
            Time = T0.AddSeconds(4),
            Metrics = [new MetricPoint("acc", 0.35, 4, T0.AddSeconds(4))],
        });

        var metrics = await Store.GetMetricsAsync(trial.Id);
        Assert.Equal(["acc", "loss", "acc", "acc", "acc"], metrics.Select(m => m.Name));
        Assert.Equal([0.5, 2.0, 0.3, 0.4, 0.35], metrics.Select(m => m.Value));
        Assert.Equal([1L, 1L, 2L, null, 4L], metrics.Select(m => m.Step));
        Assert.Equal(T0.AddSeconds(3), metrics[3].Time);
        Assert.Equal(0.3, finished.Value);
        Assert.Equal(4, finished.Intervals);
        var bySweep = await Store.GetSweepMetricsAsync(sweep.Id, "acc");
        Assert.Equal([0.5, 0.3, 0.4, 0.35], bySweep[trial.Id].Select(m => m.Value));
    }

    [Fact]
    public async Task AllSweepMetrics_GiveEveryTrialsPointsInOrder_InOneRead_AndNoOtherSweeps()
    {
        var sweep = await NewSweepAsync();
        var other = await NewSweepAsync("other");
        var a = await Store.CreateRunningTrialAsync(sweep.Id, P(0.1), T0, "h");
        var b = await Store.CreateRunningTrialAsync(sweep.Id, P(0.2), T0, "h");
        var silent = await Store.CreateRunningTrialAsync(sweep.Id, P(0.3), T0, "h");
        var elsewhere = await Store.CreateRunningTrialAsync(other.Id, P(0.4), T0, "h");
        await Store.AppendMetricsAsync(a.Id, [new("acc", 0.5, 1, T0.AddSeconds(1)), new("loss", 2.0, 1, T0.AddSeconds(1))]);
        await Store.AppendMetricsAsync(b.Id, [new("acc", 0.6, null, T0.AddSeconds(2))]);
        await Store.AppendMetricsAsync(elsewhere.Id, [new("acc", 0.9, 1, T0)]);
        await Store.ChangeTrialStateAsync(a.Id, new TrialStateChange { State = TrialState.Completed, Time = T0.AddSeconds(3), Metrics = [new MetricPoint("acc", 0.7, 2, T0.AddSeconds(3))] });

        var all = await Store.GetAllSweepMetricsAsync(sweep.Id);

        Assert.Equal([a.Id, b.Id], all.Keys.Order());
        Assert.Equal([("acc", 0.5, (long?)1), ("loss", 2.0, 1), ("acc", 0.7, 2)], all[a.Id].Select(m => (m.Name, m.Value, m.Step)));
        Assert.Equal(T0.AddSeconds(3), all[a.Id][2].Time);
        Assert.Equal([("acc", 0.6, (long?)null)], all[b.Id].Select(m => (m.Name, m.Value, m.Step)));
        Assert.False(all.ContainsKey(silent.Id));
        Assert.Equal(await Store.GetMetricsAsync(a.Id), all[a.Id]);
    }

    [Fact]
    public async Task SeveralObjectivesAndConstraints_AreKeptWithTheSweep_AndEachTrialGetsItsValuesAndFeasibility()
    {
        var sweep = await Store.CreateSweepAsync(new NewSweep
        {
            Name = "mo",
            Spec = "type: sweep\n",
            Objective = new Objective("acc", Goal.Maximize),
            SecondaryObjectives = [new Objective("latency", Goal.Minimize)],
            Constraints = [new Constraint("memory_mb", ConstraintBound.AtMost, 4096), new Constraint("acc", ConstraintBound.AtLeast, 0.2)],
            Sampler = "bayesian",
            Seed = 1,
            CreatedAt = T0,
        });
        var read = (await Store.GetSweepAsync(sweep.Id))!;
        Assert.Equal([new Objective("acc", Goal.Maximize), new Objective("latency", Goal.Minimize)], read.Objectives);
        Assert.Equal([new Constraint("memory_mb", ConstraintBound.AtMost, 4096), new Constraint("acc", ConstraintBound.AtLeast, 0.2)], read.Constraints);

        // Kept: the primary is the best logged, the latency the last logged, the memory its worst (highest) value.
        var kept = await Store.CreateTrialAsync(sweep.Id, P(0.1), T0);
        await Store.AppendMetricsAsync(kept.Id, [new("acc", 0.5, 1, T0), new("latency", 30, 1, T0), new("memory_mb", 1000, 1, T0)]);
        await Store.AppendMetricsAsync(kept.Id, [new("acc", 0.4, 2, T0), new("latency", 20, 2, T0), new("memory_mb", 3000, 2, T0), new("memory_mb", 2000, 3, T0)]);
        var keptDone = await Store.ChangeTrialStateAsync(kept.Id, new TrialStateChange { State = TrialState.Completed, Time = T0 });
        Assert.Equal([0.5, 20.0], keptDone.ObjectiveValues);
        Assert.Equal([3000.0, 0.4], keptDone.ConstraintValues);
        Assert.True(keptDone.IsFeasible, keptDone.Infeasibility);

        // Broken once, at step 2: infeasible from then on, whatever it logs later.
        var broken = await Store.CreateTrialAsync(sweep.Id, P(0.2), T0);
        await Store.AppendMetricsAsync(broken.Id, [new("acc", 0.9, 1, T0), new("memory_mb", 5120, 2, T0)]);
        var brokenRunning = (await Store.GetTrialByIdAsync(broken.Id))!;
        Assert.Equal("memory_mb = 5120 breaks memory_mb <= 4096", brokenRunning.Infeasibility);
        await Store.AppendMetricsAsync(broken.Id, [new("memory_mb", 100, 3, T0)]);
        var brokenDone = await Store.ChangeTrialStateAsync(broken.Id, new TrialStateChange { State = TrialState.Completed, Time = T0 });
        Assert.False(brokenDone.IsFeasible);
        Assert.Equal("memory_mb = 5120 breaks memory_mb <= 4096", brokenDone.Infeasibility);

        // Never logged the memory: infeasible once it finishes, not while it runs.
        var silent = await Store.CreateTrialAsync(sweep.Id, P(0.3), T0);
        await Store.AppendMetricsAsync(silent.Id, [new("acc", 0.7, 1, T0), new("latency", 5, 1, T0)]);
        Assert.True((await Store.GetTrialByIdAsync(silent.Id))!.IsFeasible);
        var silentDone = await Store.ChangeTrialStateAsync(silent.Id, new TrialStateChange { State = TrialState.Terminated, Time = T0 });
        Assert.Equal("memory_mb was never logged (constraint memory_mb <= 4096)", silentDone.Infeasibility);

        var listed = await Store.ListTrialsAsync(sweep.Id);
        Assert.Equal([true, false, false], listed.Select(t => t.IsFeasible));
        Assert.Equal([0.5, 20.0], listed[0].ObjectiveValues);
    }

    [Fact]
    public async Task HowATrialWasStarted_IsKeptFromItsStartToItsEnd()
    {
        var sweep = await NewSweepAsync();
        var trial = await Store.CreateTrialAsync(sweep.Id, P(0.4), T0);
        var invocation = new TrialInvocation(["python3", "train.py", "--x", "0.4", "--resume-from", "/ckpt/it's here"], new Dictionary<string, string> { ["HYPERSWEEP_TRIAL_ID"] = "1.0", ["AZUREML_SWEEP_x"] = "0.4" });

        var running = await Store.ChangeTrialStateAsync(trial.Id, new TrialStateChange { State = TrialState.Running, Time = T0, Invocation = invocation });
        var done = await Store.ChangeTrialStateAsync(trial.Id, new TrialStateChange { State = TrialState.Completed, Time = T0.AddMinutes(1), ExitCode = 0 });
        var read = (await Store.GetTrialByIdAsync(trial.Id))!;

        Assert.Null(trial.Invocation);
        Assert.All(new[] { running, done, read }, t =>
        {
            Assert.Equal(invocation.Arguments, t.Invocation!.Arguments);
            Assert.Equal(invocation.Environment, t.Invocation.Environment);
        });
    }

    [Fact]
    public async Task FinishingASweep_RecordsStateMessageAndTime_AndReopenClearsThem()
    {
        var sweep = await NewSweepAsync();

        await Store.FinishSweepAsync(sweep.Id, SweepEndReason.CanceledByUser, "canceled by the user", T0.AddMinutes(1));
        var finished = (await Store.GetSweepAsync(sweep.Id))!;
        await Store.ReopenSweepAsync(sweep.Id);
        var reopened = (await Store.GetSweepAsync(sweep.Id))!;

        Assert.Equal((SweepState.Canceled, "canceled by the user", T0.AddMinutes(1)), (finished.State, finished.Message, finished.EndedAt!.Value));
        Assert.Equal((SweepState.Running, null, null), (reopened.State, reopened.Message, reopened.EndedAt));
        Assert.Equal((SweepEndReason.CanceledByUser, (SweepEndReason?)null), (finished.EndReason, reopened.EndReason));
    }

    [Fact]
    public async Task TagsAndNote_AreKeptWithTheSweep_AndReplacedAsAWhole()
    {
        var sweep = await NewSweepAsync();
        var other = await NewSweepAsync("other");

        await Store.LabelSweepAsync(sweep.Id, new Dictionary<string, string> { ["stage"] = "1", ["owner"] = "ana, \"the\" lead" }, "first try");
        var labelled = (await Store.GetSweepAsync(sweep.Id))!;
        await Store.LabelSweepAsync(sweep.Id, new Dictionary<string, string> { ["owner"] = "bo" }, null);
        var relabelled = (await Store.GetSweepAsync(sweep.Id))!;

        Assert.Equal([("owner", "ana, \"the\" lead"), ("stage", "1")], labelled.Tags.Select(t => (t.Key, t.Value)));
        Assert.Equal("first try", labelled.Note);
        Assert.Equal([("owner", "bo")], relabelled.Tags.Select(t => (t.Key, t.Value)));
        Assert.Null(relabelled.Note);
        Assert.Empty((await Store.GetSweepAsync(other.Id))!.Tags);
        await Assert.ThrowsAsync<SweepStoreException>(() => Store.LabelSweepAsync(999, new Dictionary<string, string>(), null));
    }

    [Fact]
    public async Task CancelRequest_IsSeenUntilTheSweepRunsAgain_AndOnlyARunningSweepTakesOne()
    {
        var sweep = await NewSweepAsync();
        var ended = await NewSweepAsync("ended");
        await Store.FinishSweepAsync(ended.Id, SweepEndReason.BudgetUsed, "done", T0);

        var before = await Store.IsCancelRequestedAsync(sweep.Id);
        var taken = await Store.RequestCancelAsync(sweep.Id);
        var requested = await Store.IsCancelRequestedAsync(sweep.Id);
        var record = (await Store.GetSweepAsync(sweep.Id))!;
        await Store.FinishSweepAsync(sweep.Id, SweepEndReason.CanceledByUser, "canceled", T0);
        await Store.ReopenSweepAsync(sweep.Id);

        Assert.Equal((false, true, true, true), (before, taken, requested, record.CancelRequested));
        Assert.False(await Store.IsCancelRequestedAsync(sweep.Id));
        Assert.False(await Store.RequestCancelAsync(ended.Id));
        Assert.False(await Store.IsCancelRequestedAsync(ended.Id));
    }

    [Fact]
    public async Task DeletingASweep_RemovesItsTrialsHistoriesAndMetrics_AndLeavesOtherSweepsAlone()
    {
        var sweep = await NewSweepAsync("gone");
        var kept = await NewSweepAsync("kept");
        foreach (var s in new[] { sweep, kept })
        {
            var trial = await Store.CreateTrialAsync(s.Id, P(0.1), T0);
            await Store.ChangeTrialStateAsync(trial.Id, new TrialStateChange { State = TrialState.Running, Time = T0 });
            await Store.AppendMetricsAsync(trial.Id, [new MetricPoint("acc", 0.5, 1, T0)]);
            var rerun = await Store.RequeueTrialAsync(trial.Id, "orphaned", T0);
            await Store.ChangeTrialStateAsync(rerun.Id, new TrialStateChange { State = TrialState.Running, Time = T0 });
        }

        var keptTrials = await Store.ListTrialsAsync(kept.Id);
        await Store.DeleteSweepAsync(sweep.Id);

        Assert.Null(await Store.GetSweepAsync(sweep.Id));
        Assert.Equal(["kept"], (await Store.ListSweepsAsync()).Select(s => s.Name));
        Assert.Empty(await Store.ListTrialsAsync(sweep.Id));
        Assert.Equal(keptTrials.Select(t => (t.Id, t.State)), (await Store.ListTrialsAsync(kept.Id)).Select(t => (t.Id, t.State)));
        Assert.Single(await Store.GetMetricsAsync(keptTrials[0].Id));
        Assert.NotEmpty(await Store.GetTrialEventsAsync(keptTrials[0].Id));
        await Assert.ThrowsAsync<SweepStoreException>(() => Store.DeleteSweepAsync(sweep.Id));
    }

    [Fact]
    public async Task DeletingASweep_IsRefused_WhileAnotherSweepsTrialsResumeFromItsCheckpoints()
    {
        var source = await NewSweepAsync("source");
        var trial = await Store.CreateTrialAsync(source.Id, P(0.1), T0);
        var resumer = await NewSweepAsync("resumer");
        await Store.CreateTrialAsync(resumer.Id, P(0.1), T0, new TrialOrigin(ResumedFrom: trial.Id));

        var refused = await Assert.ThrowsAsync<SweepStoreException>(() => Store.DeleteSweepAsync(source.Id));

        Assert.Contains($"the trials of resumer (id {resumer.Id}) resumed from its checkpoints", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await Store.GetSweepAsync(source.Id));
        Assert.Single(await Store.ListTrialsAsync(source.Id));
    }

    [Theory]
    [InlineData(SweepEndReason.BudgetUsed, SweepState.Completed)]
    [InlineData(SweepEndReason.SpaceExhausted, SweepState.Completed)]
    [InlineData(SweepEndReason.ResumedTrialsDone, SweepState.Completed)]
    [InlineData(SweepEndReason.TimedOut, SweepState.Completed)]
    [InlineData(SweepEndReason.CanceledByUser, SweepState.Canceled)]
    [InlineData(SweepEndReason.TrialsFailed, SweepState.Failed)]
    public async Task ASweepsEndReason_IsStoredAsAValue_AndDecidesItsState(SweepEndReason reason, SweepState state)
    {
        var sweep = await NewSweepAsync();

        await Store.FinishSweepAsync(sweep.Id, reason, "for people", T0.AddMinutes(1));
        var finished = (await Store.GetSweepAsync(sweep.Id))!;

        Assert.Equal((reason, state), (finished.EndReason!.Value, finished.State));
    }

    [Fact]
    public async Task Requeue_CancelsTheTrialAndQueuesItsRerun_InOneStep()
    {
        var sweep = await NewSweepAsync();
        var trial = await Store.CreateTrialAsync(sweep.Id, P(0.4), T0);
        await Store.ChangeTrialStateAsync(trial.Id, new TrialStateChange { State = TrialState.Running, Time = T0 });

        var rerun = await Store.RequeueTrialAsync(trial.Id, "orphaned: test", T0.AddSeconds(1));
        var again = await Store.RequeueTrialAsync(rerun.Id, "orphaned: again", T0.AddSeconds(2));

        var trials = await Store.ListTrialsAsync(sweep.Id);
        Assert.Equal([TrialState.Canceled, TrialState.Canceled, TrialState.Queued], trials.Select(t => t.State));
        Assert.Equal("orphaned: test", trials[0].Message);
        Assert.Equal(P(0.4), again.Parameters);
        Assert.Equal((trial.Id, trial.Id), (rerun.RetryOf!.Value, again.RetryOf!.Value));
        Assert.False(again.CountsTowardBudget);
        await Assert.ThrowsAsync<TrialAlreadyFinishedException>(() => Store.RequeueTrialAsync(trial.Id, "twice", T0));
    }

    [Fact]
    public async Task ConcurrentWriters_GetDistinctTrialNumbers()
    {
        var sweep = await NewSweepAsync();

        var created = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => Store.CreateTrialAsync(sweep.Id, P(i), T0))));

        Assert.Equal(Enumerable.Range(0, 40), created.Select(t => t.Number).Order());
    }
}
