using System.Globalization;
using System.Threading.Channels;
using Hypersweep.Launching;
using Hypersweep.Metrics;
using Hypersweep.Sampling;
using Hypersweep.Space;
using Hypersweep.Storage;
using Hypersweep.Termination;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>
/// The scheduler: one async loop that fills free slots with sampled trials, launches them, records what they report,
/// stops them when a limit or the user says so, and records every state change in the store. It is the only place
/// that knows about time, concurrency and budgets. Events from trials arrive on a channel; nothing polls.
/// </summary>
internal sealed class SweepRunner
{
    private readonly SweepSpec _spec;
    private readonly ISweepStore _store;
    private readonly ITrialLauncher _launcher;
    private readonly ISampler _sampler;
    private readonly TimeProvider _time;
    private readonly Action<SweepUpdate>? _onUpdate;
    private readonly Channel<RunnerEvent> _events = Channel.CreateUnbounded<RunnerEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<TrialRecord> _trials = [];
    private readonly Dictionary<long, ActiveTrial> _active = [];
    private readonly HashSet<ActiveTrial> _dirty = [];
    private readonly Dictionary<long, List<double>> _series = [];
    private readonly ITerminationPolicy? _policy;
    private readonly SweepPlan _plan;
    private readonly Queue<PlannedTrial> _queue;
    private readonly List<TrialRecord> _history = [];
    private readonly WorkerOptions? _worker;
    private bool _sharedDone;
    private SweepRecord _sweep;
    private Stop? _stop;
    private bool _exhausted;
    private TrialRecord? _best;

    public SweepRunner(SweepSpec spec, SweepRecord sweep, ISweepStore store, ITrialLauncher launcher, ISampler sampler, TimeProvider time, Action<SweepUpdate>? onUpdate, SweepPlan? plan = null, WorkerOptions? worker = null)
    {
        _worker = worker;
        _plan = plan ?? new SweepPlan();
        _queue = new Queue<PlannedTrial>(_plan.Queue);
        _spec = spec;
        _sweep = sweep;
        _store = store;
        _launcher = launcher;
        _sampler = sampler;
        _time = time;
        _onUpdate = onUpdate;
        _policy = spec.EarlyTermination is { } policy ? TerminationPolicies.Create(policy) : null;
    }

    private SweepLimits Limits => _spec.Limits;

    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken)
    {
        _trials.AddRange(await _store.ListTrialsAsync(_sweep.Id, CancellationToken.None).ConfigureAwait(false));
        await LoadSeriesAsync().ConfigureAwait(false);

        foreach (var (trialId, values) in _plan.WarmStartSeries)
        {
            _series[trialId] = [.. values];
        }
        _best = BestTrial.Of(_trials, _spec.Objective.Goal, includeUnfinished: true);
        Notify(SweepUpdateKind.Started);

        using var registration = cancellationToken.Register(() => _events.Writer.TryWrite(new CancelRequested()));
        using var sweepTimer = Limits.Timeout is { } timeout
            ? _time.CreateTimer(_ => _events.Writer.TryWrite(new SweepTimedOut()), null, SweepTimeoutFromNow(timeout), Timeout.InfiniteTimeSpan)
            : null;
        using var ticks = _worker is { } w
            ? _time.CreateTimer(_ => _events.Writer.TryWrite(new Tick()), null, TimeSpan.Zero, w.PollInterval)
            : null;
        if (_worker is not null)
        {
            await _store.RegisterWorkerAsync(new WorkerRecord(_worker.Id, _sweep.Id, Environment.MachineName, Environment.ProcessId, _time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        }

        await using var heartbeat = _worker is null ? null : WorkerHeartbeat.Start(_store, _worker, _time);

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

        var (reason, message) = EndState();
        if (_worker is not null)
        {
            await _store.RetireWorkerAsync(_worker.Id, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }

        // A worker leaving a shared sweep (Ctrl+C) leaves the sweep to the others; any other end is the sweep's end.
        var leaving = _worker is not null && _stop is { Reason: SweepEndReason.CanceledByUser };
        var current = await _store.GetSweepAsync(_sweep.Id, CancellationToken.None).ConfigureAwait(false);
        if (!leaving && current?.State == SweepState.Running)
        {
            await _store.FinishSweepAsync(_sweep.Id, reason, message, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        _sweep = (await _store.GetSweepAsync(_sweep.Id, CancellationToken.None).ConfigureAwait(false))!;
        var trials = await _store.ListTrialsAsync(_sweep.Id, CancellationToken.None).ConfigureAwait(false);
        var result = new SweepResult { Sweep = _sweep, Trials = trials, Best = BestTrial.Of(trials, _spec.Objective.Goal) };
        _trials.Clear();
        _trials.AddRange(trials);
        _best = result.Best;
        Notify(SweepUpdateKind.Finished, message: message);
        return result;
    }

    /// <summary>The slots in use: a trial being stopped gives its slot to the next trial at once.</summary>
    private int Occupied() => _active.Values.Count(a => a.StopRequest is null);

    /// <summary>Starts trials and handles what they report until the sweep ends.</summary>
    private async Task LoopAsync()
    {
        while (true)
        {
            if (_stop is null)
            {
                await FillSlotsAsync().ConfigureAwait(false);
            }

            if (_active.Count == 0)
            {
                if (_stop is not null || (_worker is null ? !CanStartMore() : _sharedDone))
                {
                    break;
                }

                if (_worker is null)
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

    private bool CanStartMore() => _queue.Count > 0 || (!_plan.QueueOnly && !_exhausted && BudgetUsed() < Limits.MaxTotalTrials);

    /// <summary>Trials that count toward max_total_trials: re-runs of an earlier attempt do not.</summary>
    private int BudgetUsed() => _trials.Count(t => t.CountsTowardBudget);

    /// <summary>What samplers see: the warm-start trials of earlier sweeps, then this sweep's trials.</summary>
    private List<TrialRecord> History()
    {
        if (_plan.WarmStart.Count == 0)
        {
            return _trials;
        }

        _history.Clear();
        _history.AddRange(_plan.WarmStart);
        _history.AddRange(_trials);
        return _history;
    }

    private async Task FillSlotsAsync()
    {
        if (_worker is not null)
        {
            await ReserveSharedSlotsAsync().ConfigureAwait(false);
            return;
        }

        var slots = Limits.EffectiveMaxConcurrentTrials;
        while (_stop is null && _queue.Count > 0 && Occupied() < slots)
        {
            await StartTrialAsync(_queue.Dequeue()).ConfigureAwait(false);
        }

        while (_stop is null && !_plan.QueueOnly && !_exhausted && BudgetUsed() < Limits.MaxTotalTrials && Occupied() < slots)
        {
            var wanted = Math.Min(slots - Occupied(), Limits.MaxTotalTrials - BudgetUsed());
            var suggestions = _sampler.Suggest(_spec.SearchSpace, History(), wanted, CurveOf);
            if (suggestions.Count < wanted)
            {
                _exhausted = true;
            }

            foreach (var parameters in suggestions)
            {
                await StartTrialAsync(new PlannedTrial(parameters)).ConfigureAwait(false);
                if (_stop is not null)
                {
                    break;
                }
            }

            if (suggestions.Count == 0)
            {
                break;
            }
        }
    }

    /// <summary>Takes trials of a shared sweep from the store while this worker and the sweep have room.</summary>
    private async Task ReserveSharedSlotsAsync()
    {
        var local = _worker!.MaxLocalTrials ?? Math.Min(Limits.EffectiveMaxConcurrentTrials, Environment.ProcessorCount);
        var limits = new ReservationLimits(Limits.EffectiveMaxConcurrentTrials, Limits.MaxTotalTrials);
        while (_stop is null && Occupied() < local)
        {
            var reservation = await _store.ReserveTrialAsync(_sweep.Id, _worker.Id, limits, history => SampleOne(history), _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            if (reservation.Status != ReservationStatus.Reserved)
            {
                _sharedDone = reservation.Status == ReservationStatus.SweepStopped || (reservation.Status == ReservationStatus.NoMoreTrials && reservation.Active == 0 && reservation.Queued == 0);
                return;
            }

            var trial = reservation.Trial!;
            if (trial.Number == _trials.Count)
            {
                _trials.Add(trial);
            }
            else if (trial.Number > _trials.Count)
            {
                // Other workers created trials since the last look: reload them so numbers index the list.
                await RefreshTrialsAsync().ConfigureAwait(false);
            }

            await StartTrialAsync(new PlannedTrial(trial.Parameters, Existing: trial)).ConfigureAwait(false);
        }
    }

    /// <summary>The sampler's next point given a shared sweep's full history (and the warm start), or null when it is exhausted.</summary>
    private ParameterSet? SampleOne(IReadOnlyList<TrialRecord> history)
    {
        IReadOnlyList<TrialRecord> all = _plan.WarmStart.Count == 0 ? history : [.. _plan.WarmStart, .. history];
        return _sampler.Suggest(_spec.SearchSpace, all, 1, CurveOf) is [var first, ..] ? first : null;
    }

    /// <summary>The primary-metric values a trial logged, as far as this runner knows them (empty when none).</summary>
    private IReadOnlyList<double> CurveOf(long trialId) => _series.TryGetValue(trialId, out var values) ? values : [];

    /// <summary>Reloads a shared sweep's trials, keeping this worker's own records of the trials it runs.</summary>
    private async Task RefreshTrialsAsync()
    {
        var trials = await _store.ListTrialsAsync(_sweep.Id, CancellationToken.None).ConfigureAwait(false);
        _trials.Clear();
        _trials.AddRange(trials.Select(t => _active.TryGetValue(t.Id, out var active) ? active.Record : t));
    }

    /// <summary>Loads the primary-metric series of the sweep's trials from the store, except those this runner is running (it has their newest values).</summary>
    private async Task LoadSeriesAsync()
    {
        foreach (var (trialId, points) in await _store.GetSweepMetricsAsync(_sweep.Id, _spec.Objective.PrimaryMetric, CancellationToken.None).ConfigureAwait(false))
        {
            if (!_active.ContainsKey(trialId))
            {
                _series[trialId] = [.. points.Select(p => p.Value)];
            }
        }
    }

    /// <summary>A shared sweep's periodic work: re-queue trials of silent workers, learn what the others did.</summary>
    private async Task TickAsync()
    {
        var now = _time.GetUtcNow();
        foreach (var requeued in await _store.RequeueStaleTrialsAsync(_sweep.Id, now - _worker!.WorkerTimeout, now, CancellationToken.None).ConfigureAwait(false))
        {
            Notify(SweepUpdateKind.Warning, requeued, $"trial {requeued.DisplayId} re-queued: the worker running its earlier attempt stopped");
        }

        await RefreshTrialsAsync().ConfigureAwait(false);
        foreach (var trial in _trials)
        {
            if (_active.TryGetValue(trial.Id, out var active) && trial.State.IsFinished() && !active.Lost)
            {
                // Another worker re-queued it while this one was unreachable: its result no longer counts here.
                active.Lost = true;
                StopTrial(active, TrialState.Canceled, "re-queued by another worker");
            }
        }

        await LoadSeriesAsync().ConfigureAwait(false);
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

    /// <summary>The time left of the sweep's timeout: a shared sweep's clock starts when the sweep was created.</summary>
    private TimeSpan SweepTimeoutFromNow(TimeSpan timeout) =>
        _worker is null ? timeout : TimeSpan.FromTicks(Math.Max(0, (timeout - (_time.GetUtcNow() - _sweep.CreatedAt)).Ticks));

    private async Task StartTrialAsync(PlannedTrial planned)
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
            Replace(failed);
            Notify(SweepUpdateKind.TrialFinished, failed);
            // Every trial runs the same command, so one that cannot start means none can: stop before burning the budget.
            RequestSweepStop(new Stop(SweepEndReason.TrialsFailed, $"trial {failed.DisplayId} could not start, so the sweep stopped: {done.Result.Error}"));
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

        Replace(record);
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
                RequestSweepStop(new Stop(SweepEndReason.TimedOut, $"timeout of {Seconds(Limits.Timeout!.Value)} s reached", TrialState.Canceled, "canceled: the sweep's timeout was reached"));
                break;
            case CancelRequested when _worker is not null:
                RequestSweepStop(new Stop(SweepEndReason.CanceledByUser, $"worker {_worker.Id} stopped by the user", TrialState.Canceled, $"canceled: its worker {_worker.Id} was stopped by the user; run again as a new trial"));
                break;
            case CancelRequested:
                RequestSweepStop(new Stop(SweepEndReason.CanceledByUser, TrialRecord.CanceledByUser, TrialState.Canceled, TrialRecord.CanceledByUser));
                break;
            case Tick when _worker is not null:
                await TickAsync().ConfigureAwait(false);
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
            catch (TrialAlreadyFinishedException) when (_worker is not null)
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
            Replace(active.Record);
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
            if (_worker is not null && _stop is { Reason: SweepEndReason.CanceledByUser } && state == TrialState.Canceled && !active.Lost)
            {
                // This worker is leaving: its trial goes back to the queue, in the same transaction that cancels it.
                await FlushAsync(active).ConfigureAwait(false);
                var rerun = await _store.RequeueTrialAsync(active.Record.Id, message ?? "canceled", _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
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
        catch (TrialAlreadyFinishedException) when (_worker is not null)
        {
            // Re-queued by another worker while this one was unreachable: the other attempt's result is the one that counts.
            Notify(SweepUpdateKind.Warning, active.Record, $"trial {active.Record.DisplayId} was re-queued by another worker while this worker was unreachable; this attempt's result is discarded");
            return;
        }

        Replace(record);
        Notify(SweepUpdateKind.TrialFinished, record);
        if (exit.OutputFailed && active.StopRequest is null)
        {
            // A full disk or a read-only folder fails every trial alike: stop before burning the budget.
            RequestSweepStop(new Stop(SweepEndReason.TrialsFailed, $"trial {record.DisplayId} failed, so the sweep stopped: {exit.Error}"));
        }
        else if (state == TrialState.Failed)
        {
            await OnFailureAsync(record).ConfigureAwait(false);
        }

    }

    /// <summary>Retries a failed trial while it has retries left (in a shared sweep, as a queued trial any worker takes); otherwise counts it toward max_failed_trials.</summary>
    private async Task OnFailureAsync(TrialRecord failed)
    {
        var root = failed.RootId;
        var attempts = _trials.Count(t => t.RootId == root);
        if (_stop is null && attempts <= _spec.TrialRetries)
        {
            if (_worker is null)
            {
                _queue.Enqueue(new PlannedTrial(failed.Parameters, new TrialOrigin(RetryOf: root)));
            }
            else
            {
                await _store.CreateTrialAsync(_sweep.Id, failed.Parameters, _time.GetUtcNow(), new TrialOrigin(RetryOf: root), CancellationToken.None).ConfigureAwait(false);
            }

            Notify(SweepUpdateKind.Warning, failed, $"trial {failed.DisplayId} failed; retrying it ({attempts} of {_spec.TrialRetries} retries)");
            return;
        }

        var finalFailures = _trials.Where(t => t.State == TrialState.Failed && !IsRetried(t)).ToList();
        if (Limits.MaxFailedTrials is { } max && finalFailures.Count >= max)
        {
            RequestSweepStop(new Stop(
                SweepEndReason.TrialsFailed,
                $"max_failed_trials ({max}) reached: trials {string.Join(", ", finalFailures.Select(t => t.DisplayId))} failed; the last: {FirstLine(failed.Message)}",
                TrialState.Canceled,
                "canceled: the sweep stopped after too many failed trials"));
        }
    }

    private bool IsRetried(TrialRecord trial) => trial.HasLaterAttemptIn(_trials);

    private static string FirstLine(string? message) => message is null ? "no message" : message.Split('\n', 2)[0];

    /// <summary>Adds a primary-metric value to the trial's series and asks the policy whether to stop it at this interval.</summary>
    private void ApplyPolicy(ActiveTrial active, double value)
    {
        var id = active.Record.Id;
        if (!_series.TryGetValue(id, out var series))
        {
            _series[id] = series = [];
        }

        series.Add(value);
        if (_policy is null || active.StopRequest is not null || !_policy.IsEvaluatedAt(series.Count))
        {
            return;
        }

        var trials = new List<TrialSeries>(_series.Count);
        foreach (var trial in _plan.WarmStart.Concat(_trials))
        {
            if (_series.TryGetValue(trial.Id, out var values) && values.Count > 0)
            {
                trials.Add(new TrialSeries(trial.Id, trial.Number, !_active.ContainsKey(trial.Id), values));
            }
        }

        var candidate = trials.First(t => t.TrialId == id);
        if (_policy.Decide(new TerminationContext(_spec.Objective.Goal, candidate, series.Count, trials)) is { } decision)
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
        active.Execution.Stop(Limits.GracePeriod);
    }

    private void RequestSweepStop(Stop stop)
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

    private (SweepEndReason, string) EndState()
    {
        if (_stop is { } stop)
        {
            return (stop.Reason, stop.Message);
        }

        if (_worker is not null)
        {
            return BudgetUsed() >= Limits.MaxTotalTrials
                ? (SweepEndReason.BudgetUsed, $"max_total_trials ({Limits.MaxTotalTrials}) reached")
                : (SweepEndReason.SpaceExhausted, "the sampler has no more points");
        }

        if (_plan.QueueOnly)
        {
            return (SweepEndReason.ResumedTrialsDone, "the resumed trials have finished");
        }

        return _exhausted
            ? (SweepEndReason.SpaceExhausted, _spec.Sampling.Algorithm == SamplingAlgorithm.Grid ? $"the grid is exhausted ({_trials.Count} points)" : "the sampler has no more points")
            : (SweepEndReason.BudgetUsed, $"max_total_trials ({Limits.MaxTotalTrials}) reached");
    }

    private void Replace(TrialRecord record)
    {
        if (record.Number < _trials.Count)
        {
            _trials[record.Number] = record;
        }
        // A trial's value is the best of its series, so it never gets worse: the best trial stays best when it updates.
        if (record.Value is { } v && (_best is null || _best.Id == record.Id || _spec.Objective.Goal.IsBetter(v, _best.Value!.Value)))
        {
            _best = record;
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
            Counts = SweepCounts.Of(_trials),
            Best = _best,
            MaxTotalTrials = Limits.MaxTotalTrials,
        });
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed class ActiveTrial(TrialRecord record, ITrialExecution execution)
    {
        public TrialRecord Record { get; set; } = record;

        public ITrialExecution Execution { get; } = execution;

        public List<MetricPoint> Pending { get; } = [];

        public (TrialState State, string? Message)? StopRequest { get; set; }

        public ITimer? Timer { get; set; }

        /// <summary>True once another worker has re-queued the trial: nothing more of this attempt is recorded.</summary>
        public bool Lost { get; set; }
    }

    private sealed record Stop(SweepEndReason Reason, string Message, TrialState? TrialState = null, string? TrialMessage = null);

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
}
