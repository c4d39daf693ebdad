using Hypersweep.Storage;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>
/// Where a running sweep's trials come from: this process's own plan, sampler and budget (<see cref="LocalSlots"/>),
/// or reservations in a store that several workers share (<see cref="ReservedSlots"/>). The scheduler's loop is the
/// same for both: it asks the slots to fill what is free and whether anything more can start.
/// </summary>
internal interface ITrialSlots
{
    /// <summary>Starts trials through the scheduler while it has free slots and something can start now.</summary>
    Task FillAsync(ISlotHost host);

    /// <summary>True when no trial will start any more: the sweep ends once none runs.</summary>
    bool IsDone { get; }

    /// <summary>True when, with nothing running and not done, the scheduler waits for an event (another worker's progress) before filling again.</summary>
    bool WaitsWhenIdle { get; }

    /// <summary>Runs a failed trial again later, as a new attempt with <paramref name="origin"/>.</summary>
    Task RetryAsync(TrialRecord failed, TrialOrigin origin);

    /// <summary>
    /// True when trials that another process queued in the store (<c>hypersweep enqueue</c>) must be handed to
    /// <see cref="AddQueued"/>; false when the slots take them from the store themselves (a shared sweep's reservations).
    /// </summary>
    bool NeedsQueuedTrials { get; }

    /// <summary>Starts a trial another process queued in the store before any new sample.</summary>
    void AddQueued(TrialRecord queued);

    /// <summary>Why the sweep ended when nothing stopped it: its budget, its plan or its sampler ran out.</summary>
    (SweepEndReason Reason, string Message) EndState();
}

/// <summary>What slots need of the scheduler that fills them.</summary>
internal interface ISlotHost
{
    /// <summary>The slots in use: a trial being stopped gives its slot to the next trial at once.</summary>
    int Occupied { get; }

    /// <summary>True once the sweep is stopping: nothing more starts.</summary>
    bool IsStopping { get; }

    /// <summary>Records (unless it exists) and launches a trial.</summary>
    Task StartTrialAsync(PlannedTrial planned);

    /// <summary>The trials the scheduler runs, by id.</summary>
    IReadOnlyDictionary<long, ActiveTrial> Running { get; }
}
