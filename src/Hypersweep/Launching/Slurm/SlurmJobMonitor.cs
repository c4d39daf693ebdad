namespace Hypersweep.Launching.Slurm;

/// <summary>
/// Follows every job one launcher submitted with one <c>squeue</c> call per poll interval (not one call per job), and
/// reads how each job ended (<c>scontrol</c>, else <c>sacct</c>, else the job completion log) once squeue shows it in a
/// final state or no longer knows it. The loop runs only while there are jobs to follow.
/// </summary>
internal sealed class SlurmJobMonitor(ISlurmClient client, TimeSpan pollInterval, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Watch> _watches = new(StringComparer.Ordinal);
    private bool _running;

    /// <summary>Follows a job until it ends; <paramref name="onWarning"/> hears when Slurm cannot be asked.</summary>
    public Task<SlurmJobInfo> FollowAsync(string jobId, Action<string> onWarning)
    {
        var watch = new Watch(onWarning);
        lock (_gate)
        {
            _watches[jobId] = watch;
            if (!_running)
            {
                _running = true;
                _ = Task.Run(LoopAsync);
            }
        }

        return watch.Ended.Task;
    }

    private async Task LoopAsync()
    {
        string? lastError = null;
        while (true)
        {
            await Task.Delay(pollInterval, time).ConfigureAwait(false);
            string[] ids;
            lock (_gate)
            {
                if (_watches.Count == 0)
                {
                    _running = false;
                    return;
                }

                ids = [.. _watches.Keys];
            }

            try
            {
                var (jobs, error) = await client.QueueAsync(ids).ConfigureAwait(false);
                if (jobs is null)
                {
                    Warn(ids, ref lastError, $"squeue failed ({error}); still trying every {pollInterval.TotalSeconds:0.#} s");
                    continue;
                }

                foreach (var id in ids)
                {
                    var status = jobs.GetValueOrDefault(id);
                    if (status is { IsFinal: false })
                    {
                        continue;
                    }

                    var (info, showError) = await client.ShowJobAsync(id).ConfigureAwait(false);
                    if (info is null && showError is not null)
                    {
                        Warn([id], ref lastError, $"scontrol failed ({showError}); still trying");
                        continue;
                    }

                    info ??= status is not null
                        ? new SlurmJobInfo(id, status.State, status.Reason, null, 0, null, "squeue")
                        : new SlurmJobInfo(id, "UNKNOWN", null, null, 0, null, "none");
                    End(id, info);
                }

                lastError = null;
            }
            catch (Exception e)
            {
                // Never let the loop die with jobs still followed: their trials would wait forever.
                Warn(ids, ref lastError, $"following the Slurm jobs failed ({e.Message}); still trying");
            }
        }
    }

    private void End(string id, SlurmJobInfo info)
    {
        Watch? watch;
        lock (_gate)
        {
            _watches.Remove(id, out watch);
        }

        watch?.Ended.TrySetResult(info);
    }

    /// <summary>Reports a problem once per streak of the same problem, to every job it concerns.</summary>
    private void Warn(IEnumerable<string> ids, ref string? lastError, string message)
    {
        if (message == lastError)
        {
            return;
        }

        lastError = message;
        foreach (var id in ids)
        {
            Watch? watch;
            lock (_gate)
            {
                watch = _watches.GetValueOrDefault(id);
            }

            watch?.OnWarning($"Slurm job {id}: {message}");
        }
    }

    private sealed class Watch(Action<string> onWarning)
    {
        public TaskCompletionSource<SlurmJobInfo> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Action<string> OnWarning { get; } = onWarning;
    }
}
