using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Storage;

/// <summary>
/// Where sweeps, trials and metrics are recorded; the source of truth from which a sweep can be inspected and resumed.
/// <para>Contract, for every implementation:</para>
/// <list type="bullet">
/// <item>Every state change is one transaction: a trial's new state and its history entry are written together or not at all.</item>
/// <item>A finished trial (Completed, Failed, Terminated, Canceled) is immutable: changing it throws <see cref="TrialAlreadyFinishedException"/>.</item>
/// <item>Trial numbers within a sweep are dense from 0 and assigned by the store when the trial is created.</item>
/// <item>A trial's <see cref="TrialRecord.Value"/> and <see cref="TrialRecord.Intervals"/> follow the metrics appended for the sweep's primary metric.</item>
/// <item>Members are safe to call from several threads; driver errors surface as <see cref="SweepStoreException"/>.</item>
/// </list>
/// </summary>
public interface ISweepStore : IAsyncDisposable
{
    /// <summary>Where the store is, for messages (a file path, a server without the password).</summary>
    string Location { get; }

    /// <summary>Why the store can only be read (e.g. "read-only file system for PATH"), or null when it can be written.</summary>
    string? ReadOnlyReason { get; }

    /// <summary>Records a new sweep in state Running.</summary>
    Task<SweepRecord> CreateSweepAsync(NewSweep sweep, CancellationToken cancellationToken = default);

    /// <summary>A sweep by id, or null.</summary>
    Task<SweepRecord?> GetSweepAsync(long sweepId, CancellationToken cancellationToken = default);

    /// <summary>A sweep by id or by name (the latest of that name), or null.</summary>
    Task<SweepRecord?> FindSweepAsync(string nameOrId, CancellationToken cancellationToken = default);

    /// <summary>Every sweep, oldest first.</summary>
    Task<IReadOnlyList<SweepRecord>> ListSweepsAsync(CancellationToken cancellationToken = default);

    /// <summary>Records the end of a sweep: the reason (which decides its state) and the message saying it for people.</summary>
    Task FinishSweepAsync(long sweepId, SweepEndReason reason, string message, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>Marks a sweep Running again (when it is resumed), with no cancel request pending.</summary>
    Task ReopenSweepAsync(long sweepId, CancellationToken cancellationToken = default);

    /// <summary>Replaces a sweep's tags and note (<c>hypersweep tag</c>).</summary>
    Task LabelSweepAsync(long sweepId, IReadOnlyDictionary<string, string> tags, string? note, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks every process running a sweep to cancel it (<c>hypersweep cancel</c>; they look about once a second);
    /// false when the sweep is not running.
    /// </summary>
    Task<bool> RequestCancelAsync(long sweepId, CancellationToken cancellationToken = default);

    /// <summary>The sweep's Queued trials that no worker has claimed, by number (e.g. ones <c>hypersweep enqueue</c> added).</summary>
    Task<IReadOnlyList<TrialRecord>> ListQueuedTrialsAsync(long sweepId, CancellationToken cancellationToken = default);

    /// <summary>True when someone asked for the sweep to be canceled since it last started running.</summary>
    Task<bool> IsCancelRequestedAsync(long sweepId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a sweep's records: its trials, their histories and metrics, its workers, itself (not its folder).
    /// Refused (<see cref="SweepStoreException"/>) while trials of another sweep resume from its checkpoints.
    /// </summary>
    Task DeleteSweepAsync(long sweepId, CancellationToken cancellationToken = default);

    /// <summary>Creates a trial with the next number of the sweep, in state Queued; <paramref name="origin"/> links it to an earlier attempt or checkpoint.</summary>
    Task<TrialRecord> CreateTrialAsync(long sweepId, ParameterSet parameters, DateTimeOffset time, TrialOrigin? origin = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a trial with the next number of the sweep that is already Running on <paramref name="host"/> (its history:
    /// Queued, then Running, at the same time), in one transaction; for trials that start at once inside this process.
    /// </summary>
    Task<TrialRecord> CreateRunningTrialAsync(long sweepId, ParameterSet parameters, DateTimeOffset time, string host, TrialOrigin? origin = null, CancellationToken cancellationToken = default);

    /// <summary>Records that this process (on this host) now runs the sweep, and returns the sweep as it was before.</summary>
    Task<SweepRecord> ClaimSweepAsync(long sweepId, int processId, string host, CancellationToken cancellationToken = default);

    /// <summary>One trial by its store id, or null.</summary>
    Task<TrialRecord?> GetTrialByIdAsync(long trialId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes a trial's state and records the change in its history (and any <see cref="TrialStateChange.Metrics"/>
    /// logged just before), in one transaction.
    /// </summary>
    /// <exception cref="TrialAlreadyFinishedException">The trial has already finished.</exception>
    Task<TrialRecord> ChangeTrialStateAsync(long trialId, TrialStateChange change, CancellationToken cancellationToken = default);

    /// <summary>Appends logged metric values of a trial, in order, in one transaction.</summary>
    Task AppendMetricsAsync(long trialId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default);

    /// <summary>One trial by its number within a sweep, or null.</summary>
    Task<TrialRecord?> GetTrialAsync(long sweepId, int number, CancellationToken cancellationToken = default);

    /// <summary>Every trial of a sweep, by number.</summary>
    Task<IReadOnlyList<TrialRecord>> ListTrialsAsync(long sweepId, CancellationToken cancellationToken = default);

    /// <summary>Every metric value a trial logged, in the order logged.</summary>
    Task<IReadOnlyList<MetricPoint>> GetMetricsAsync(long trialId, CancellationToken cancellationToken = default);

    /// <summary>The values of one metric for every trial of a sweep, in the order logged, by trial id.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<MetricPoint>>> GetSweepMetricsAsync(long sweepId, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every metric value of every trial of a sweep, each trial's in the order logged, by trial id (trials that logged
    /// nothing are left out): one query where reading 10,000 trials one by one would take 10,000.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<MetricPoint>>> GetAllSweepMetricsAsync(long sweepId, CancellationToken cancellationToken = default);

    /// <summary>A trial's state history, oldest first.</summary>
    Task<IReadOnlyList<TrialEvent>> GetTrialEventsAsync(long trialId, CancellationToken cancellationToken = default);

    /// <summary>Records a worker joining a shared sweep (its first heartbeat).</summary>
    Task RegisterWorkerAsync(WorkerRecord worker, CancellationToken cancellationToken = default);

    /// <summary>Records that a worker is alive.</summary>
    Task HeartbeatAsync(string workerId, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>Records that a worker left (it stops counting as alive at once).</summary>
    Task RetireWorkerAsync(string workerId, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reserves the next trial of a shared sweep for a worker, atomically across workers: with the sweep locked, when
    /// fewer than <see cref="ReservationLimits.MaxConcurrentTrials"/> trials are active, it claims the oldest queued trial
    /// no worker has (row locks, skipping rows another worker holds), or, while the budget allows, creates a new trial
    /// with the parameters <paramref name="sample"/> picks from the full history (other workers' pending trials included).
    /// </summary>
    Task<TrialReservation> ReserveTrialAsync(long sweepId, string workerId, ReservationLimits limits, TrialSampler sample, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an active trial Canceled with <paramref name="message"/> and creates a Queued trial with the same parameters
    /// in its place, in one transaction, so a crash between the two can never lose the trial. Returns the new trial.
    /// </summary>
    /// <exception cref="TrialAlreadyFinishedException">The trial has already finished.</exception>
    Task<TrialRecord> RequeueTrialAsync(long trialId, string message, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-queues the active trials of workers whose last heartbeat is before <paramref name="staleBefore"/>: each is
    /// recorded Canceled (orphaned) and a new Queued trial with the same parameters takes its place, for any worker.
    /// A trial is re-queued once: its old worker's later writes fail, since it has finished.
    /// </summary>
    Task<IReadOnlyList<TrialRecord>> RequeueStaleTrialsAsync(long sweepId, DateTimeOffset staleBefore, DateTimeOffset time, CancellationToken cancellationToken = default);
}
