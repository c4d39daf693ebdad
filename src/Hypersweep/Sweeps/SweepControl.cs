using Hypersweep.Storage;

namespace Hypersweep.Sweeps;

/// <summary>
/// What a person does to a recorded sweep from outside the process that runs it: cancel it (<c>hypersweep cancel</c>)
/// and delete it (<c>hypersweep delete</c>).
/// </summary>
public static class SweepControl
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// True when a live process on this machine holds the sweep's controller lock (it runs the sweep from a
    /// <c>run</c> or <c>resume</c>); workers of a shared store on other machines are not seen.
    /// </summary>
    public static bool IsControlledHere(SweepRecord sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        if (!Directory.Exists(sweep.ArtifactsDirectory))
        {
            return false;
        }

        try
        {
            using var held = SweepLock.Acquire(sweep.ArtifactsDirectory, sweep.Name, sweep.Id);
            return false;
        }
        catch (SweepStillRunningException)
        {
            return true;
        }
    }

    /// <summary>
    /// Cancels a running sweep: records the request, which every process running it (its controller, its workers) sees
    /// within about a second and answers by canceling its running trials (as Ctrl+C does: <c>resume</c> runs them
    /// again) and ending the sweep Canceled; waits at most <paramref name="wait"/> for that. A sweep that no live process
    /// on this machine controls and that does not end in that time (its controller was killed, and no worker answers) is
    /// recorded Canceled here. Returns the sweep as it ended, or as it still runs when some process holds its lock but
    /// has not answered in time.
    /// </summary>
    public static async Task<SweepRecord> CancelAsync(ISweepStore store, SweepRecord sweep, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(time);
        if (!await store.RequestCancelAsync(sweep.Id, cancellationToken).ConfigureAwait(false))
        {
            return await RequireAsync(store, sweep, cancellationToken).ConfigureAwait(false);
        }

        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var current = await RequireAsync(store, sweep, cancellationToken).ConfigureAwait(false);
            if (current.State != SweepState.Running)
            {
                return current;
            }

            if (time.GetUtcNow() >= deadline)
            {
                if (IsControlledHere(current))
                {
                    return current;
                }

                await store.FinishSweepAsync(sweep.Id, SweepEndReason.CanceledByUser, SweepRunner.CanceledByCommand + " (no process was running it)", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                return await RequireAsync(store, sweep, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes a sweep's records and, unless <paramref name="keepFiles"/>, its folder (trial logs, outputs, checkpoints;
    /// only a folder that names this sweep as its owner). Returns the folder that was deleted, or null.
    /// </summary>
    /// <exception cref="SweepStillRunningException">
    /// The sweep is recorded Running: its controller or workers (here or on other machines) may still write to it, so it
    /// must be canceled first (<see cref="CancelAsync"/>, which also ends a sweep whose controller died).
    /// </exception>
    /// <exception cref="SweepStoreException">Another sweep's trials resumed from its checkpoints, or the store or folder failed.</exception>
    public static async Task<string?> DeleteAsync(ISweepStore store, SweepRecord sweep, bool keepFiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sweep);
        if (sweep.State == SweepState.Running || IsControlledHere(sweep))
        {
            throw new SweepStillRunningException($"Sweep '{sweep.Name}' (id {sweep.Id}) is still running. Cancel it first ('hypersweep cancel {sweep.Id}'), then delete it.");
        }

        await store.DeleteSweepAsync(sweep.Id, cancellationToken).ConfigureAwait(false);
        if (keepFiles || !OwnsFolder(sweep, store.Location))
        {
            return null;
        }

        try
        {
            Directory.Delete(sweep.ArtifactsDirectory, recursive: true);
            return sweep.ArtifactsDirectory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SweepStoreException($"Sweep '{sweep.Name}' (id {sweep.Id}) was deleted from the store, but its folder was not: {FileErrors.Describe(e, sweep.ArtifactsDirectory, "deleting")}.", e);
        }
    }

    /// <summary>True when the sweep's folder exists and its owner file names this sweep of this store (never delete a folder another sweep owns).</summary>
    private static bool OwnsFolder(SweepRecord sweep, string storeLocation)
    {
        var owner = Path.Combine(sweep.ArtifactsDirectory, SweepFolders.OwnerFile);
        if (!File.Exists(owner))
        {
            return false;
        }

        var text = File.ReadAllText(owner);
        return text.StartsWith(FormattableString.Invariant($"sweep {sweep.Id} "), StringComparison.Ordinal) && text.Contains($" of the store {storeLocation}, created ", StringComparison.Ordinal);
    }

    private static async Task<SweepRecord> RequireAsync(ISweepStore store, SweepRecord sweep, CancellationToken cancellationToken) =>
        await store.GetSweepAsync(sweep.Id, cancellationToken).ConfigureAwait(false)
        ?? throw new SweepStoreException($"Sweep '{sweep.Name}' (id {sweep.Id}) is no longer in the store {store.Location}.");
}
