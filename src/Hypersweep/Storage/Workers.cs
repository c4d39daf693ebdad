using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Storage;

/// <summary>A process that runs trials of a shared sweep.</summary>
/// <param name="Id">A unique id (host, process id and a random part).</param>
/// <param name="SweepId">The sweep it works on.</param>
/// <param name="Host">Its machine.</param>
/// <param name="ProcessId">Its process id.</param>
/// <param name="StartedAt">When it joined.</param>
public sealed record WorkerRecord(string Id, long SweepId, string Host, int ProcessId, DateTimeOffset StartedAt);

/// <summary>The limits a reservation respects, across all workers of a sweep.</summary>
/// <param name="MaxConcurrentTrials">Trials running at once in the whole sweep.</param>
/// <param name="MaxTotalTrials">Trials in all (re-runs of an earlier attempt do not count).</param>
public sealed record ReservationLimits(int MaxConcurrentTrials, int MaxTotalTrials);

/// <summary>Why a reservation gave no trial, or that it gave one.</summary>
public enum ReservationStatus
{
    /// <summary>A trial was reserved for the worker.</summary>
    Reserved,
    /// <summary>The sweep's concurrency limit is reached for now.</summary>
    Full,
    /// <summary>The budget is used, or the sampler has no more points; nothing queued.</summary>
    NoMoreTrials,
    /// <summary>The sweep is not running (finished, canceled).</summary>
    SweepStopped,
}

/// <summary>The outcome of a reservation, with the sweep's counts at that moment.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Trial">The reserved trial (Queued, claimed by the worker), when one was reserved.</param>
/// <param name="Active">Trials running or claimed, across workers, after the reservation.</param>
/// <param name="Queued">Trials waiting for a worker.</param>
public sealed record TrialReservation(ReservationStatus Status, TrialRecord? Trial, int Active, int Queued);

/// <summary>Chooses the parameters of a new trial from the sweep's history; null when the sampler is exhausted.</summary>
public delegate ParameterSet? TrialSampler(IReadOnlyList<TrialRecord> history);
