namespace Hypersweep.Sweeps;

/// <summary>How a worker takes part in a shared sweep (a sweep several processes run together through one store).</summary>
public sealed record WorkerOptions
{
    /// <summary>How often the worker says it is alive. <value>The default is 2 seconds.</value></summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a worker may be silent before other workers re-queue its trials. Longer than the longest pause a
    /// healthy worker can have. <value>The default is 60 seconds.</value>
    /// </summary>
    public TimeSpan WorkerTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the worker looks for free slots and other workers' progress. <value>The default is 1 second.</value></summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most trials this worker runs at once (the sweep's limit holds across workers as well). <value>The default is the smaller of the sweep's max_concurrent_trials and this machine's processors.</value></summary>
    public int? MaxLocalTrials { get; init; }

    /// <summary>The worker's id. <value>The default is host, process id and a random part.</value></summary>
    public string Id { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Every problem with the options as (field, message) pairs.</summary>
    public IReadOnlyList<(string Field, string Message)> Check()
    {
        var problems = new List<(string, string)>();
        if (HeartbeatInterval <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            problems.Add(("heartbeat", "the heartbeat and poll intervals must be positive"));
        }

        if (WorkerTimeout < HeartbeatInterval * 3)
        {
            problems.Add(("worker_timeout", $"must be at least three heartbeats ({(HeartbeatInterval * 3).TotalSeconds} s), got {WorkerTimeout.TotalSeconds} s"));
        }

        if (MaxLocalTrials is < 1)
        {
            problems.Add(("max_local_trials", $"must be at least 1, got {MaxLocalTrials}"));
        }

        return problems;
    }
}
