using System.Globalization;
using System.Threading.Channels;
using Hypersweep.Launching;
using Hypersweep.Metrics;
using Hypersweep.Pareto;
using Hypersweep.Sampling;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.Termination;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>
/// The scheduler: one async loop that fills free slots (<see cref="ITrialSlots"/>: this process's own budget, or
/// reservations in a shared store), launches trials, records what they report, applies the termination policy, stops
/// trials when a limit or the user says so, and records every state change in the store. It is the only place that
/// knows about time and concurrency. Events from trials arrive on a channel; nothing polls. A worker of a shared sweep
/// also has a <see cref="WorkerSession"/>: its heartbeat, ticks, and hand-back when it leaves.
/// </summary>
internal sealed class SweepRunner : ISlotHost
{
    private readonly SweepSpec _spec;
    private readonly ISweepStore _store;
    private readonly ITrialLauncher _launcher;
    private readonly TimeProvider _time;
    private readonly Action<SweepUpdate>? _onUpdate;
    private readonly Channel<RunnerEvent> _events = Channel.CreateUnbounded<RunnerEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SweepTrials _trials;
    private readonly Dictionary<long, ActiveTrial> _active = [];
    private readonly HashSet<ActiveTrial> _dirty = [];
    private readonly ITerminationPolicy? _policy;
    private readonly SweepPlan _plan;
    private readonly ITrialSlots _slots;
    private readonly WorkerSession? _session;
    private SweepRecord _sweep;
    private SweepStop? _stop;
    private bool _maxResourceChecked;

    /// <summary>How often the runner looks in the store for what other processes asked (<c>hypersweep cancel</c>, <c>enqueue</c>).</summary>
    internal static readonly TimeSpan RequestCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Why a sweep ended that <c>hypersweep cancel</c> canceled.</summary>
    internal const string CanceledByCommand = "canceled with 'hypersweep cancel'";

    public SweepRunner(SweepSpec spec, SweepRecord sweep, ISweepStore store, ITrialLauncher launcher, ISampler sampler, TimeProvider time, Action<SweepUpdate>? onUpdate, SweepPlan? plan = null, WorkerOptions? worker = null)
    {
        _plan = plan ?? new SweepPlan();
        _spec = spec;
        _sweep = sweep;
        _store = store;
        _launcher = launcher;
        _time = time;
        _onUpdate = onUpdate;
        _trials = new SweepTrials(_plan, spec.Objective.Goal);
        _session = worker is null ? null : new WorkerSession(store, sweep, worker, _trials, time);
        _slots = _session is null ? new LocalSlots(spec, _plan, _trials, sampler) : new ReservedSlots(spec, _session, _trials, sampler);
        _policy = spec.EarlyTermination is { } policy ? TerminationPolicies.Create(policy) : null;
    }

    private SweepLimits Limits => _spec.Limits;

    /// <inheritdoc />
    public int Occupied => _active.Values.Count(a => a.StopRequest is null);

    /// <inheritdoc />
    public bool IsStopping => _stop is not null;

    /// <inheritdoc />
    public IReadOnlyDictionary<long, ActiveTrial> Running => _active;

    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.ListTrialsAsync(_sweep.Id, CancellationToken.None).ConfigureAwait(false);
        _trials.Reset(stored, BestTrial.Of(stored, _spec.Objective.Goal, includeUnfinished: true));
        await LoadSeriesAsync().ConfigureAwait(false);
        foreach (var (trialId, values) in _plan.WarmStartSeries)
        {
            _trials.SetSeries(trialId, values);
        }

        Notify(SweepUpdateKind.Started);

        using var registration = cancellationToken.Register(() => _events.Writer.TryWrite(new CancelRequested()));
        using var requestWatch = _time.CreateTimer(_ => _events.Writer.TryWrite(new RequestCheck()), null, RequestCheckInterval, RequestCheckInterval);
        using var sweepTimer = Limits.Timeout is { } timeout
            ? _time.CreateTimer(_ => _events.Writer.TryWrite(new SweepTimedOut()), null, _session?.TimeoutLeft(timeout) ?? timeout, Timeout.InfiniteTimeSpan)
            : null;
        await using var session = _session;
        if (_session is not null)
        {
            await _session.JoinAsync(() => _events.Writer.TryWrite(new Tick())).ConfigureAwait(false);
        }

        try
        {
            await LoopAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The store failed (a full disk, a lost server) or a bug: no trial outlives the sweep that ran it.
            await StopEveryTrialAsync().ConfigureAwait(false);
            throw;
        }

        var (reason, message) = _stop is { } stop ? (stop.Reason, stop.Message) : _slots.EndState();
        if (_session is not null)
        {
            await _session.RetireAsync().ConfigureAwait(false);
        }

        // A worker leaving a shared sweep (Ctrl+C) leaves the sweep to the others; any other end is the sweep's end.
        var leaving = _session is not null && WorkerSession.IsLeaving(_stop);
        var current = await _store.GetSweepAsync(_sweep.Id, CancellationToken.None).ConfigureAwait(false);
        if (!leaving && current?.State == SweepState.Running)
        {
            await _store.FinishSweepAsync(_sweep.Id, reason, message, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }

        _sweep = (await _store.GetSweepAsync(_sweep.Id, CancellationToken.None).ConfigureAwait(false))!;
        var trials = await _store.ListTrialsAsync(_sweep.Id, CancellationToken.None).ConfigureAwait(false);
        var result = new SweepResult { Sweep = _sweep, Trials = trials, Best = BestTrial.Of(trials, _spec.Objective.Goal) };
        _trials.Reset(trials, result.Best);
        Notify(SweepUpdateKind.Finished, message: message);
        return result;
    }

    /// <summary>Starts trials and handles what they report until the sweep ends.</summary>
    private async Task LoopAsync()
    {
        while (true)
        {
            if (_stop is null)
            {
                await _slots.FillAsync(this).ConfigureAwait(false);
            }

            if (_active.Count == 0)
            {
                if (_stop is not null || _slots.IsDone)
                {
                    break;
                }

                if (!_slots.WaitsWhenIdle)
                {
                    continue;
                }
            }

            var next = await _events.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            await HandleAsync(next).ConfigureAwait(false);
            while (_events.Reader.TryRead(out next))
            {
                await HandleAsync(next).ConfigureAwait(false);
            }

            await FlushMetricsAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops every running trial and waits for them (at most the grace period and a little more), recording nothing.</summary>
    private async Task StopEveryTrialAsync()
    {
        foreach (var active in _active.Values)
        {
            active.Execution.Stop(Limits.GracePeriod);
        }

        var ended = Task.WhenAll(_active.Values.Select(a => a.Execution.Completion));
        await Task.WhenAny(ended, Task.Delay(Limits.GracePeriod + TimeSpan.FromSeconds(5), _time)).ConfigureAwait(false);
    }

    /// <summary>Loads the primary-metric series of the sweep's trials from the store, except those this runner is running (it has their newest values).</summary>
    private async Task LoadSeriesAsync()
    {
        foreach (var (trialId, points) in await _store.GetSweepMetricsAsync(_sweep.Id, _spec.Objective.PrimaryMetric, CancellationToken.None).ConfigureAwait(false))
        {
            if (!_active.ContainsKey(trialId))
            {
                _trials.SetSeries(trialId, points.Select(p => p.Value));
            }
        }
    }

    /// <summary>A shared sweep's periodic work: re-queue trials of silent workers, learn what the others did.</summary>
    private async Task TickAsync(WorkerSession session)
    {
        foreach (var requeued in await session.RequeueStaleTrialsAsync().ConfigureAwait(false))
        {
            Notify(SweepUpdateKind.Warning, requeued, $"trial {requeued.DisplayId} re-queued: the worker running its earlier attempt stopped");
        }

        foreach (var lost in await session.RefreshAsync(_active).ConfigureAwait(false))
        {
            // Another worker re-queued it while this one was unreachable: its result no longer counts here.
            lost.Lost = true;
            StopTrial(lost, TrialState.Canceled, "re-queued by another worker");
        }

        await LoadSeriesAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// What other processes asked of the sweep through the store: to cancel it (<c>hypersweep cancel</c>), or to run
    /// trials they queued (<c>hypersweep enqueue</c>), which start before the sampler's next suggestion.
    /// </summary>
    private async Task CheckRequestsAsync()
    {
        if (await _store.IsCancelRequestedAsync(_sweep.Id, CancellationToken.None).ConfigureAwait(false))
        {
            RequestSweepStop(new SweepStop(SweepEndReason.CanceledByUser, CanceledByCommand, TrialState.Canceled, TrialRecord.CanceledByUser));
            return;
        }

        if (!_slots.NeedsQueuedTrials)
        {
            return;
        }

        var queuedTrials = await _store.ListQueuedTrialsAsync(_sweep.Id, CancellationToken.None).ConfigureAwait(false);
        if (queuedTrials.Count == 0)
        {
            return;
        }

        var known = _trials.All.Select(t => t.Id).ToHashSet();
        foreach (var queued in queuedTrials)
        {
            if (known.Add(queued.Id))
            {
                _trials.Add(queued);
                _slots.AddQueued(queued);
            }
        }
    }

    /// <summary>The checkpoint folder of the trial a trial resumes from (recorded as its origin), or null.</summary>
    private async Task<string?> CheckpointOfAsync(TrialRecord trial)
    {
        if (trial.ResumedFrom is not { } from || await _store.GetTrialByIdAsync(from, CancellationToken.None).ConfigureAwait(false) is not { } source)
        {
            return null;
        }

        var sweep = source.SweepId == _sweep.Id ? _sweep : await _store.GetSweepAsync(source.SweepId, CancellationToken.None).ConfigureAwait(false);
        return sweep is null ? null : Path.Combine(sweep.TrialDirectory(source.Number), "outputs");
    }

    /// <inheritdoc />
    public async Task StartTrialAsync(PlannedTrial planned)
    {
        // A trial that starts at once in this process is created Running: one transaction less per trial.
        var startsAtOnce = _launcher.StartsAtOnce && planned.Existing is null;
        var record = planned.Existing ?? (startsAtOnce
            ? await _store.CreateRunningTrialAsync(_sweep.Id, planned.Parameters, _time.GetUtcNow(), Environment.MachineName, planned.Origin, CancellationToken.None).ConfigureAwait(false)
            : await _store.CreateTrialAsync(_sweep.Id, planned.Parameters, _time.GetUtcNow(), planned.Origin, CancellationToken.None).ConfigureAwait(false));
        if (planned.Existing is null)
        {
            _trials.Add(record);
        }

        var directory = _sweep.TrialDirectory(record.Number);
        var launch = new TrialLaunch
        {
            Trial = record,
            TrialDirectory = directory,
            OutputDirectory = Path.Combine(directory, "outputs"),
            SweepDirectory = _sweep.ArtifactsDirectory,
            ResumeFrom = planned.ResumeFrom ?? await CheckpointOfAsync(record).ConfigureAwait(false),
            GracePeriod = Limits.GracePeriod,
        };
        var observer = new Observer(record.Id, _events.Writer, _time);
        var execution = await _launcher.StartAsync(launch, observer, CancellationToken.None).ConfigureAwait(false);
        if (execution.Completion is { IsCompleted: true } done && done.Result.StartFailed)
        {
            var failed = await _store.ChangeTrialStateAsync(record.Id, new TrialStateChange { State = TrialState.Failed, Time = _time.GetUtcNow(), Message = done.Result.Error }, CancellationToken.None).ConfigureAwait(false);
            _trials.Replace(failed);
            Notify(SweepUpdateKind.TrialFinished, failed);
            // Every trial runs the same command, so one that cannot start means none can: stop before burning the budget.
            RequestSweepStop(new SweepStop(SweepEndReason.TrialsFailed, $"trial {failed.DisplayId} could not start, so the sweep stopped: {done.Result.Error}"));
            return;
        }

        if (!startsAtOnce)
        {
            record = await _store.ChangeTrialStateAsync(record.Id, new TrialStateChange
            {
                State = TrialState.Running,
                Time = _time.GetUtcNow(),
                ProcessId = execution.ProcessId,
                Host = Environment.MachineName,
                Invocation = execution.Invocation,
            }, CancellationToken.None).ConfigureAwait(false);
        }

        _trials.Replace(record);
        var active = new ActiveTrial(record, execution);
        _active[record.Id] = active;
        _ = execution.Completion.ContinueWith(t => _events.Writer.TryWrite(new TrialExited(record.Id, t.Result)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (Limits.TrialTimeout is { } trialTimeout)
        {
            var id = record.Id;
            active.Timer = _time.CreateTimer(_ => _events.Writer.TryWrite(new TrialTimedOut(id)), null, trialTimeout, Timeout.InfiniteTimeSpan);
        }

        Notify(SweepUpdateKind.TrialStarted, record);
    }

    private async Task HandleAsync(RunnerEvent e)
    {
        switch (e)
        {
            case MetricReported m when _active.TryGetValue(m.TrialId, out var active):
                active.Pending.Add(new MetricPoint(m.Metric.Name, m.Metric.Value, m.Metric.Step, m.Time));
                _dirty.Add(active);
                if (string.Equals(m.Metric.Name, _spec.Objective.PrimaryMetric, StringComparison.Ordinal))
                {
                    ApplyPolicy(active, m.Metric.Value);
                }

                m.Acknowledgement?.TrySetResult(active.StopRequest is not null);
                break;
            case MetricReported m:
                m.Acknowledgement?.TrySetResult(true);
                break;
            case WarningReported w when _active.TryGetValue(w.TrialId, out var active):
                Notify(SweepUpdateKind.Warning, active.Record, $"trial {active.Record.DisplayId}: {w.Message}");
                break;
            case TrialExited x:
                await FinishTrialAsync(x).ConfigureAwait(false);
                break;
            case TrialTimedOut t when _active.TryGetValue(t.TrialId, out var active):
                StopTrial(active, TrialState.Canceled, $"trial_timeout of {Seconds(Limits.TrialTimeout!.Value)} s reached");
                break;
            case SweepTimedOut:
                RequestSweepStop(new SweepStop(SweepEndReason.TimedOut, $"timeout of {Seconds(Limits.Timeout!.Value)} s reached", TrialState.Canceled, "canceled: the sweep's timeout was reached"));
                break;
            case CancelRequested:
                RequestSweepStop(_session?.Leave ?? new SweepStop(SweepEndReason.CanceledByUser, TrialRecord.CanceledByUser, TrialState.Canceled, TrialRecord.CanceledByUser));
                break;
            case RequestCheck when _stop is null:
                try
                {
                    await CheckRequestsAsync().ConfigureAwait(false);
                }
                catch (SweepStoreException)
                {
                    // A look that fails (a server restarting) is taken again a second later; the writes report a store that stays down.
                }

                break;
            case Tick when _session is not null:
                await TickAsync(_session).ConfigureAwait(false);
                break;
        }
    }

    private async Task FlushMetricsAsync()
    {
        foreach (var active in _dirty)
        {
            await FlushAsync(active).ConfigureAwait(false);
        }

        _dirty.Clear();
    }

    private async Task FlushAsync(ActiveTrial active)
    {
        var points = TakePending(active);
        if (points.Length > 0 && !active.Lost)
        {
            try
            {
                await _store.AppendMetricsAsync(active.Record.Id, points, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TrialAlreadyFinishedException) when (_session is not null)
            {
                active.Lost = true;
                StopTrial(active, TrialState.Canceled, "re-queued by another worker");
            }
        }
    }

    /// <summary>Takes a trial's metric values not yet recorded, and brings its in-memory value and intervals up to date.</summary>
    private MetricPoint[] TakePending(ActiveTrial active)
    {
        if (active.Pending.Count == 0)
        {
            return [];
        }

        var points = active.Pending.ToArray();
        active.Pending.Clear();
        var primary = points.Where(p => string.Equals(p.Name, _spec.Objective.PrimaryMetric, StringComparison.Ordinal)).Select(p => p.Value).ToList();
        if (primary.Count > 0)
        {
            var value = _spec.Objective.ValueOf(active.Record.Value is { } v ? primary.Prepend(v) : primary);
            active.Record = active.Record with { Value = value, Intervals = active.Record.Intervals + primary.Count };
            _trials.Replace(active.Record);
            Notify(SweepUpdateKind.TrialReported, active.Record);
        }

        return points;
    }

    private async Task FinishTrialAsync(TrialExited exited)
    {
        if (!_active.Remove(exited.TrialId, out var active))
        {
            return;
        }

        active.Timer?.Dispose();
        _dirty.Remove(active);
        var exit = exited.Exit;
        var (state, message) = active.StopRequest ?? (exit.Succeeded
            ? (TrialState.Completed, (string?)null)
            : _stop is { TrialState: { } stopState, TrialMessage: var stopMessage }
                ? (stopState, stopMessage) // it died of the same Ctrl+C or timeout before we signalled it
                : (TrialState.Failed, exit.Error ?? "failed"));
        TrialRecord record;
        try
        {
            if (_session is not null && WorkerSession.IsLeaving(_stop) && state == TrialState.Canceled && !active.Lost)
            {
                // This worker is leaving: its trial goes back to the queue, in the same transaction that cancels it.
                await FlushAsync(active).ConfigureAwait(false);
                var rerun = await _session.HandBackAsync(active.Record, message ?? "canceled").ConfigureAwait(false);
                Notify(SweepUpdateKind.TrialFinished, active.Record with { State = TrialState.Canceled, Message = message });
                Notify(SweepUpdateKind.Warning, rerun, $"trial {active.Record.DisplayId} handed back: another worker will run it as {rerun.DisplayId}");
                return;
            }

            record = await _store.ChangeTrialStateAsync(active.Record.Id, new TrialStateChange
            {
                State = state,
                Time = _time.GetUtcNow(),
                ExitCode = exit.ExitCode,
                Message = message,
                Metrics = active.Lost ? null : TakePending(active),
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TrialAlreadyFinishedException) when (_session is not null)
        {
            // Re-queued by another worker while this one was unreachable: the other attempt's result is the one that counts.
            Notify(SweepUpdateKind.Warning, active.Record, $"trial {active.Record.DisplayId} was re-queued by another worker while this worker was unreachable; this attempt's result is discarded");
            return;
        }

        _trials.Replace(record);
        Notify(SweepUpdateKind.TrialFinished, record);
        if (state == TrialState.Completed)
        {
            CheckMaxResource();
        }
        if (exit.OutputFailed && active.StopRequest is null)
        {
            // A full disk or a read-only folder fails every trial alike: stop before burning the budget.
            RequestSweepStop(new SweepStop(SweepEndReason.TrialsFailed, $"trial {record.DisplayId} failed, so the sweep stopped: {exit.Error}"));
        }
        else if (state == TrialState.Failed)
        {
            await OnFailureAsync(record).ConfigureAwait(false);
        }
    }

    /// <summary>Warns once when the policy's max_resource is more than the completed trials logged (<see cref="MaxResourceCheck"/>).</summary>
    private void CheckMaxResource()
    {
        if (_maxResourceChecked || _spec.EarlyTermination is not { } policy)
        {
            return;
        }

        var completed = _trials.History().Where(t => t.SweepId == _sweep.Id && t.State == TrialState.Completed).Select(t => t.Intervals).ToList();
        if (completed.Count < MaxResourceCheck.CompletedTrials)
        {
            return;
        }

        _maxResourceChecked = true;
        if (MaxResourceCheck.Warning(policy, completed, _spec.Objective.PrimaryMetric) is { } warning)
        {
            Notify(SweepUpdateKind.Warning, null, warning);
        }
    }

    /// <summary>Retries a failed trial while it has retries left; otherwise counts it toward max_failed_trials.</summary>
    private async Task OnFailureAsync(TrialRecord failed)
    {
        var root = failed.RootId;
        var attempts = _trials.All.Count(t => t.RootId == root);
        if (_stop is null && attempts <= _spec.TrialRetries)
        {
            await _slots.RetryAsync(failed, new TrialOrigin(RetryOf: root)).ConfigureAwait(false);
            Notify(SweepUpdateKind.Warning, failed, $"trial {failed.DisplayId} failed; retrying it ({attempts} of {_spec.TrialRetries} retries)");
            return;
        }

        var finalFailures = _trials.All.Where(t => t.State == TrialState.Failed && !t.HasLaterAttemptIn(_trials.All)).ToList();
        if (Limits.MaxFailedTrials is { } max && finalFailures.Count >= max)
        {
            RequestSweepStop(new SweepStop(
                SweepEndReason.TrialsFailed,
                $"max_failed_trials ({max}) reached: trials {string.Join(", ", finalFailures.Select(t => t.DisplayId))} failed; the last: {(failed.Message is null ? "no message" : TrialMessage.Summary(failed.Message))}",
                TrialState.Canceled,
                "canceled: the sweep stopped after too many failed trials"));
        }
    }

    /// <summary>Adds a primary-metric value to the trial's series and asks the policy whether to stop it at this interval.</summary>
    private void ApplyPolicy(ActiveTrial active, double value)
    {
        var id = active.Record.Id;
        var interval = _trials.Append(id, value);
        if (_policy is null || active.StopRequest is not null || !_policy.IsEvaluatedAt(interval))
        {
            return;
        }

        var trials = _trials.ForPolicy(_active.ContainsKey);
        var candidate = trials.First(t => t.TrialId == id);
        if (_policy.Decide(new TerminationContext(_spec.Objective.Goal, candidate, interval, trials)) is { } decision)
        {
            StopTrial(active, TrialState.Terminated, decision.ToString());
        }
    }

    private void StopTrial(ActiveTrial active, TrialState state, string message)
    {
        if (active.StopRequest is not null)
        {
            return;
        }

        active.StopRequest = (state, message);
        _trials.Decide(active.Record.Id, state);
        active.Execution.Stop(Limits.GracePeriod);
    }

    private void RequestSweepStop(SweepStop stop)
    {
        if (_stop is not null)
        {
            return;
        }

        _stop = stop;
        Notify(SweepUpdateKind.Stopping, message: stop.Message);
        foreach (var active in _active.Values)
        {
            StopTrial(active, stop.TrialState ?? TrialState.Canceled, stop.TrialMessage ?? stop.Message);
        }
    }

    private void Notify(SweepUpdateKind kind, TrialRecord? trial = null, string? message = null)
    {
        if (_onUpdate is null)
        {
            return;
        }

        _onUpdate(new SweepUpdate
        {
            Kind = kind,
            Sweep = _sweep,
            Trial = trial,
            Message = message,
            Counts = SweepCounts.Of(_trials.All),
            Best = _trials.Best,
            Front = _sweep.SecondaryObjectives.Count > 0 && kind is SweepUpdateKind.TrialFinished or SweepUpdateKind.Finished ? ParetoFront.Of(_trials.All, _sweep.Objectives) : [],
            MaxTotalTrials = Limits.MaxTotalTrials,
        });
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed class Observer(long trialId, ChannelWriter<RunnerEvent> events, TimeProvider time) : ITrialObserver
    {
        public void OnMetric(ReportedMetric metric) => events.TryWrite(new MetricReported(trialId, metric, time.GetUtcNow(), null));

        public Task<bool> OnMetricAcknowledgedAsync(ReportedMetric metric)
        {
            var acknowledgement = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            events.TryWrite(new MetricReported(trialId, metric, time.GetUtcNow(), acknowledgement));
            return acknowledgement.Task;
        }

        public void OnWarning(string message) => events.TryWrite(new WarningReported(trialId, message));
    }

    private abstract record RunnerEvent;

    private sealed record MetricReported(long TrialId, ReportedMetric Metric, DateTimeOffset Time, TaskCompletionSource<bool>? Acknowledgement) : RunnerEvent;

    private sealed record WarningReported(long TrialId, string Message) : RunnerEvent;

    private sealed record TrialExited(long TrialId, TrialExit Exit) : RunnerEvent;

    private sealed record TrialTimedOut(long TrialId) : RunnerEvent;

    private sealed record SweepTimedOut : RunnerEvent;

    private sealed record CancelRequested : RunnerEvent;

    private sealed record Tick : RunnerEvent;

    /// <summary>Time to look whether another process asked something of the sweep (<see cref="CheckRequestsAsync"/>).</summary>
    private sealed record RequestCheck : RunnerEvent;
}
