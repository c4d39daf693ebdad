using Hypersweep.Storage;

namespace Hypersweep.Sweeps;

/// <summary>
/// Tells the store a worker is alive, every heartbeat interval, on its own loop: a worker whose runner waits (on a
/// sweep lock another worker holds, a slow write, a long sampler step) still beats, so the others never re-queue the
/// trials of a worker that is only waiting. A beat that fails is tried again at the next interval; the runner's own
/// store calls report a store that stays down.
/// </summary>
internal sealed class WorkerHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private WorkerHeartbeat(ISweepStore store, WorkerOptions worker, TimeProvider time)
    {
        _loop = BeatAsync(store, worker, time, _stop.Token);
    }

    /// <summary>Starts beating for a worker already registered in the store.</summary>
    public static WorkerHeartbeat Start(ISweepStore store, WorkerOptions worker, TimeProvider time) => new(store, worker, time);

    private static async Task BeatAsync(ISweepStore store, WorkerOptions worker, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(worker.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await store.HeartbeatAsync(worker.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SweepStoreException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The next beat tries again; the runner reports a store that stays unreachable.
            }
        }
    }

    /// <summary>Stops beating and waits for a beat in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}
