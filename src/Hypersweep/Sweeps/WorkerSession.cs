using Hypersweep.Space;
using Hypersweep.Storage;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>
/// One worker's part in a shared sweep, beyond taking trials (<see cref="ReservedSlots"/>): it registers the worker,
/// beats its heart (<see cref="WorkerHeartbeat"/>) and asks for a tick every poll interval; at each tick it re-queues
/// the trials of workers that went silent and learns what the others did, including which of its own trials another
/// worker re-queued while this one was unreachable (lost: this attempt's result no longer counts). A worker that
/// leaves (Ctrl+C) hands its running trials back to the queue and leaves the sweep to the others.
/// </summary>
internal sealed class WorkerSession(ISweepStore store, SweepRecord sweep, WorkerOptions options, SweepTrials trials, TimeProvider time) : IAsyncDisposable
{
    private ITimer? _ticks;
    private WorkerHeartbeat? _heartbeat;

    /// <summary>The worker's options.</summary>
    public WorkerOptions Options => options;

    /// <summary>How a worker stopped by the user ends: its trials are canceled and handed back.</summary>
    public SweepStop Leave => new(SweepEndReason.CanceledByUser, $"worker {options.Id} stopped by the user", TrialState.Canceled, $"canceled: its worker {options.Id} was stopped by the user; run again as a new trial") { WorkerLeaves = true };

    /// <summary>Starts the ticks (the first at once), registers the worker and starts its heartbeat.</summary>
    public async Task JoinAsync(Action tick)
    {
        _ticks = time.CreateTimer(_ => tick(), null, TimeSpan.Zero, options.PollInterval);
        await store.RegisterWorkerAsync(new WorkerRecord(options.Id, sweep.Id, Environment.MachineName, Environment.ProcessId, time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        _heartbeat = WorkerHeartbeat.Start(store, options, time);
    }

    /// <summary>Records that the worker has left the sweep.</summary>
    public Task RetireAsync() => store.RetireWorkerAsync(options.Id, time.GetUtcNow(), CancellationToken.None);

    /// <summary>True when a sweep that stops for <paramref name="stop"/> goes on without this worker rather than ending.</summary>
    public static bool IsLeaving(SweepStop? stop) => stop is { WorkerLeaves: true };

    /// <summary>The time left of the sweep's timeout: a shared sweep's clock starts when the sweep was created.</summary>
    public TimeSpan TimeoutLeft(TimeSpan timeout) => TimeSpan.FromTicks(Math.Max(0, (timeout - (time.GetUtcNow() - sweep.CreatedAt)).Ticks));

    /// <summary>Takes a queued trial or a new one from <paramref name="sample"/>, within the sweep's limits.</summary>
    public Task<TrialReservation> ReserveAsync(ReservationLimits limits, TrialSampler sample) =>
        store.ReserveTrialAsync(sweep.Id, options.Id, limits, sample, time.GetUtcNow(), CancellationToken.None);

    /// <summary>Queues a trial for any worker to take.</summary>
    public Task QueueAsync(ParameterSet parameters, TrialOrigin origin) =>
        store.CreateTrialAsync(sweep.Id, parameters, time.GetUtcNow(), origin, CancellationToken.None);

    /// <summary>Cancels a trial of this worker and queues it again, in one transaction; returns the new attempt.</summary>
    public Task<TrialRecord> HandBackAsync(TrialRecord trial, string message) =>
        store.RequeueTrialAsync(trial.Id, message, time.GetUtcNow(), CancellationToken.None);

    /// <summary>Re-queues the trials of workers silent for longer than the worker timeout; returns the new attempts.</summary>
    public Task<IReadOnlyList<TrialRecord>> RequeueStaleTrialsAsync()
    {
        var now = time.GetUtcNow();
        return store.RequeueStaleTrialsAsync(sweep.Id, now - options.WorkerTimeout, now, CancellationToken.None);
    }

    /// <summary>
    /// Reloads the sweep's trials, keeping this worker's own records of the trials it runs, and returns those of them
    /// that the store records as finished: another worker re-queued them while this one was unreachable (lost).
    /// </summary>
    public async Task<IReadOnlyList<ActiveTrial>> RefreshAsync(IReadOnlyDictionary<long, ActiveTrial> running)
    {
        var all = await store.ListTrialsAsync(sweep.Id, CancellationToken.None).ConfigureAwait(false);
        trials.Reload(all, id => running.TryGetValue(id, out var active) ? active.Record : null);
        return [.. all.Where(t => t.State.IsFinished()).Select(t => running.GetValueOrDefault(t.Id)).OfType<ActiveTrial>().Where(a => !a.Lost)];
    }

    /// <summary>Stops the ticks and the heartbeat.</summary>
    public async ValueTask DisposeAsync()
    {
        _ticks?.Dispose();
        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync().ConfigureAwait(false);
        }
    }
}
