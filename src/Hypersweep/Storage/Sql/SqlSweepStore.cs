using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Hypersweep.Space;
using Hypersweep.Trials;
using static Hypersweep.Storage.SqlParameter;

namespace Hypersweep.Storage;

/// <summary>
/// The store logic shared by the SQL databases: every query, the metric and value bookkeeping, and the reading of rows.
/// A dialect supplies connections and transactions, how times are stored, how a sweep is locked for a writer, and how
/// driver errors read (SQLite: <see cref="SqliteSweepStore"/>; PostgreSQL: <see cref="PostgresSweepStore"/>).
/// </summary>
public abstract class SqlSweepStore : ISweepStore
{
    /// <summary>The columns read into a <see cref="SweepRecord"/>, in order.</summary>
    protected const string SweepColumns = "id, name, spec, spec_path, primary_metric, goal, sampler, policy, seed, state, message, created_at, ended_at, artifacts_dir, warm_start, end_reason, secondary_objectives, constraints, tags, note, cancel_requested";

    /// <summary>The columns read into a <see cref="TrialRecord"/>, in order.</summary>
    protected const string TrialColumns = "id, sweep_id, number, params, state, created_at, started_at, ended_at, exit_code, message, value, intervals, retry_of, resumed_from, pid, host, arguments, environment, secondary_values, constraint_values, infeasibility";

    /// <summary>What deleting a sweep (@id) runs, in order: rows that refer to others first.</summary>
    private static readonly string[] DeleteSweepSql =
    [
        "DELETE FROM metrics WHERE trial_id IN (SELECT id FROM trials WHERE sweep_id = @id);",
        "DELETE FROM trial_events WHERE trial_id IN (SELECT id FROM trials WHERE sweep_id = @id);",
        "UPDATE trials SET retry_of = NULL, resumed_from = NULL WHERE sweep_id = @id;",
        "DELETE FROM trials WHERE sweep_id = @id;",
        "DELETE FROM workers WHERE sweep_id = @id;",
        "DELETE FROM sweeps WHERE id = @id;",
    ];

    private readonly ConcurrentDictionary<long, TrialScoring> _scorings = new();

    /// <inheritdoc />
    public abstract string Location { get; }

    /// <inheritdoc />
    public virtual string? ReadOnlyReason => null;

    /// <summary>The folder under which each sweep gets <c>ID/</c> for its trial folders.</summary>
    protected abstract string ArtifactsRoot { get; }

    /// <summary>SQL that locks a sweep's row for the rest of a write transaction (@sweep), or null when writers are already serialized.</summary>
    protected virtual string? LockSweepSql => null;

    /// <summary>Runs work on a connection; when <paramref name="write"/> is true, inside one transaction that commits when the work returns.</summary>
    protected abstract Task<T> ExecuteAsync<T>(bool write, Func<SqlSession, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>How objectives, constraints and their values are kept as JSON (enums by name, NaN by name).</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The parameter value of a time.</summary>
    protected abstract object TimeValue(DateTimeOffset time);

    /// <summary>A time read from a column.</summary>
    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <inheritdoc />
    public Task<SweepRecord> CreateSweepAsync(NewSweep sweep, CancellationToken cancellationToken = default) => ExecuteAsync(true, async s =>
    {
        var id = Convert.ToInt64(await s.Command(
            """
            INSERT INTO sweeps(name, spec, spec_path, primary_metric, goal, sampler, policy, seed, state, created_at, artifacts_dir, warm_start, secondary_objectives, constraints)
            VALUES (@name, @spec, @path, @metric, @goal, @sampler, @policy, @seed, 'Running', @created, '', @warm, @objectives, @constraints)
            RETURNING id;
            """,
            Param("@name", sweep.Name), Param("@spec", sweep.Spec), Param("@path", sweep.SpecPath), Param("@metric", sweep.Objective.PrimaryMetric),
            Param("@goal", sweep.Objective.Goal.ToString()), Param("@sampler", sweep.Sampler), Param("@policy", sweep.Policy), Param("@seed", sweep.Seed),
            Param("@created", TimeValue(sweep.CreatedAt)), Param("@warm", JsonSerializer.Serialize(sweep.WarmStart)),
            Param("@objectives", JsonSerializer.Serialize(sweep.SecondaryObjectives, Json)), Param("@constraints", JsonSerializer.Serialize(sweep.Constraints, Json))).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        var artifacts = SweepFolders.Claim(ArtifactsRoot, id, sweep.Name, Location, sweep.CreatedAt);
        await s.Command("UPDATE sweeps SET artifacts_dir = @dir WHERE id = @id;", Param("@dir", artifacts), Param("@id", id)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadSweepAsync(s, id, cancellationToken).ConfigureAwait(false))!;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<SweepRecord?> GetSweepAsync(long sweepId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(false, s => ReadSweepAsync(s, sweepId, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<SweepRecord?> FindSweepAsync(string nameOrId, CancellationToken cancellationToken = default) => ExecuteAsync(false, async s =>
    {
        var found = (await ReadSweepsAsync(s.Command($"SELECT {SweepColumns} FROM sweeps WHERE name = @name ORDER BY id DESC LIMIT 1;", Param("@name", nameOrId)), cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        if (found is null && long.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            found = await ReadSweepAsync(s, id, cancellationToken).ConfigureAwait(false);
        }

        return found;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SweepRecord>> ListSweepsAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync<IReadOnlyList<SweepRecord>>(false, async s => await ReadSweepsAsync(s.Command($"SELECT {SweepColumns} FROM sweeps ORDER BY id;"), cancellationToken).ConfigureAwait(false), cancellationToken);

    /// <inheritdoc />
    public Task FinishSweepAsync(long sweepId, SweepEndReason reason, string message, DateTimeOffset time, CancellationToken cancellationToken = default) => ExecuteAsync(true, async s =>
        RequireOne(await s.Command(
            "UPDATE sweeps SET state = @state, end_reason = @reason, message = @message, ended_at = @ended WHERE id = @id;",
            Param("@state", reason.State().ToString()), Param("@reason", reason.ToString()), Param("@message", message), Param("@ended", TimeValue(time)), Param("@id", sweepId)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false), $"sweep {sweepId}"), cancellationToken);

    /// <inheritdoc />
    public Task ReopenSweepAsync(long sweepId, CancellationToken cancellationToken = default) => ExecuteAsync(true, async s =>
        RequireOne(await s.Command("UPDATE sweeps SET state = 'Running', end_reason = NULL, message = NULL, ended_at = NULL, cancel_requested = 0 WHERE id = @id;", Param("@id", sweepId)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false), $"sweep {sweepId}"), cancellationToken);

    /// <inheritdoc />
    public Task LabelSweepAsync(long sweepId, IReadOnlyDictionary<string, string> tags, string? note, CancellationToken cancellationToken = default) => ExecuteAsync(true, async s =>
        RequireOne(await s.Command(
            "UPDATE sweeps SET tags = @tags, note = @note WHERE id = @id;",
            Param("@tags", JsonSerializer.Serialize(new SortedDictionary<string, string>(tags.ToDictionary(), StringComparer.Ordinal))), Param("@note", note), Param("@id", sweepId)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false), $"sweep {sweepId}"), cancellationToken);

    /// <inheritdoc />
    public Task<bool> RequestCancelAsync(long sweepId, CancellationToken cancellationToken = default) => ExecuteAsync(true, async s =>
        await s.Command("UPDATE sweeps SET cancel_requested = 1 WHERE id = @id AND state = 'Running';", Param("@id", sweepId)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsCancelRequestedAsync(long sweepId, CancellationToken cancellationToken = default) => ExecuteAsync(false, async s =>
        Convert.ToInt64(await s.Command("SELECT cancel_requested FROM sweeps WHERE id = @id;", Param("@id", sweepId)).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L, CultureInfo.InvariantCulture) != 0, cancellationToken);

    /// <inheritdoc />
    public Task DeleteSweepAsync(long sweepId, CancellationToken cancellationToken = default) => ExecuteAsync(true, async s =>
    {
        var sweep = await RequireSweepAsync(s, sweepId, cancellationToken).ConfigureAwait(false);
        var dependents = new List<string>();
        await using (var r = await s.Command(
            "SELECT DISTINCT o.id, o.name FROM trials t JOIN trials f ON t.resumed_from = f.id JOIN sweeps o ON o.id = t.sweep_id WHERE f.sweep_id = @id AND t.sweep_id <> @id ORDER BY o.id;",
            Param("@id", sweepId)).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                dependents.Add(FormattableString.Invariant($"{r.GetString(1)} (id {r.GetInt64(0)})"));
            }
        }

        if (dependents.Count > 0)
        {
            throw new SweepStoreException($"Sweep '{sweep.Name}' (id {sweepId}) cannot be deleted: the trials of {string.Join(", ", dependents)} resumed from its checkpoints. Delete those first.");
        }

        foreach (var sql in DeleteSweepSql)
        {
            await s.Command(sql, Param("@id", sweepId)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _scorings.TryRemove(sweepId, out _);
        return 0;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<SweepRecord> ClaimSweepAsync(long sweepId, int processId, string host, CancellationToken cancellationToken = default) => ExecuteAsync(true, async s =>
    {
        var before = await RequireSweepAsync(s, sweepId, cancellationToken).ConfigureAwait(false);
        await s.Command("UPDATE sweeps SET controller_pid = @pid, controller_host = @host WHERE id = @id;", Param("@pid", processId), Param("@host", host), Param("@id", sweepId)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return before;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<TrialRecord> CreateTrialAsync(long sweepId, ParameterSet parameters, DateTimeOffset time, TrialOrigin? origin = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync(true, s => InsertTrialAsync(s, sweepId, parameters, time, origin, null, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<TrialRecord> CreateRunningTrialAsync(long sweepId, ParameterSet parameters, DateTimeOffset time, string host, TrialOrigin? origin = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync(true, s => InsertTrialAsync(s, sweepId, parameters, time, origin, null, cancellationToken, runningOn: host), cancellationToken);

    /// <inheritdoc />
    public Task<TrialRecord> ChangeTrialStateAsync(long trialId, TrialStateChange change, CancellationToken cancellationToken = default) => ExecuteAsync(true, async s =>
    {
        if (change.Metrics is { Count: > 0 } metrics)
        {
            await InsertMetricsAsync(s, trialId, metrics, cancellationToken).ConfigureAwait(false);
        }

        var record = (await ReadTrialsAsync(s.Command(
            $"""
            UPDATE trials SET state = @state,
                started_at = CASE WHEN @state = 'Running' THEN @time ELSE started_at END,
                ended_at = CASE WHEN @finished THEN @time ELSE ended_at END,
                exit_code = COALESCE(@exit, exit_code),
                message = COALESCE(@message, message),
                pid = COALESCE(@pid, pid),
                host = COALESCE(@host, host),
                arguments = COALESCE(@arguments, arguments),
                environment = COALESCE(@environment, environment)
            WHERE id = @id AND state IN ('Queued', 'Running')
            RETURNING {TrialColumns};
            """,
            Param("@state", change.State.ToString()), Param("@time", TimeValue(change.Time)), Param("@finished", change.State.IsFinished()), Param("@exit", change.ExitCode),
            Param("@message", change.Message), Param("@pid", change.ProcessId), Param("@host", change.Host),
            Param("@arguments", change.Invocation?.ArgumentsJson()), Param("@environment", change.Invocation?.EnvironmentJson()), Param("@id", trialId)), cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        if (record is null)
        {
            throw await FinishedErrorAsync(s, trialId, $"it cannot become {change.State}", cancellationToken).ConfigureAwait(false);
        }

        if (change.State.IsFinished())
        {
            record = await FinishFeasibilityAsync(s, record, cancellationToken).ConfigureAwait(false);
        }

        await InsertEventAsync(s, trialId, change.State, change.Time, change.Message, cancellationToken).ConfigureAwait(false);
        return record;
    }, cancellationToken);

    /// <inheritdoc />
    public Task AppendMetricsAsync(long trialId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default) =>
        points.Count == 0 ? Task.CompletedTask : ExecuteAsync(true, async s =>
        {
            await InsertMetricsAsync(s, trialId, points, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<TrialRecord?> GetTrialByIdAsync(long trialId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(false, s => ReadTrialAsync(s, trialId, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<TrialRecord?> GetTrialAsync(long sweepId, int number, CancellationToken cancellationToken = default) => ExecuteAsync(false, async s =>
        (await ReadTrialsAsync(s.Command($"SELECT {TrialColumns} FROM trials WHERE sweep_id = @sweep AND number = @number;", Param("@sweep", sweepId), Param("@number", number)), cancellationToken).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialRecord>> ListTrialsAsync(long sweepId, CancellationToken cancellationToken = default) =>
        ExecuteAsync<IReadOnlyList<TrialRecord>>(false, async s => await ListTrialsAsync(s, sweepId, cancellationToken).ConfigureAwait(false), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialRecord>> ListQueuedTrialsAsync(long sweepId, CancellationToken cancellationToken = default) =>
        ExecuteAsync<IReadOnlyList<TrialRecord>>(false, async s => await ReadTrialsAsync(s.Command($"SELECT {TrialColumns} FROM trials WHERE sweep_id = @sweep AND state = 'Queued' AND worker IS NULL ORDER BY number;", Param("@sweep", sweepId)), cancellationToken).ConfigureAwait(false), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<MetricPoint>> GetMetricsAsync(long trialId, CancellationToken cancellationToken = default) => ExecuteAsync<IReadOnlyList<MetricPoint>>(false, async s =>
    {
        var list = new List<MetricPoint>();
        await using var reader = await s.Command("SELECT name, value, step, time FROM metrics WHERE trial_id = @trial ORDER BY seq;", Param("@trial", trialId)).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadPoint(reader, 0));
        }

        return list;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<long, IReadOnlyList<MetricPoint>>> GetSweepMetricsAsync(long sweepId, string name, CancellationToken cancellationToken = default) =>
        ExecuteAsync(false, s => ReadMetricsByTrialAsync(s.Command(
            """
            SELECT m.trial_id, m.name, m.value, m.step, m.time FROM metrics m JOIN trials t ON t.id = m.trial_id
            WHERE t.sweep_id = @sweep AND m.name = @name ORDER BY m.trial_id, m.seq;
            """,
            Param("@sweep", sweepId), Param("@name", name)), cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<long, IReadOnlyList<MetricPoint>>> GetAllSweepMetricsAsync(long sweepId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(false, s => ReadMetricsByTrialAsync(s.Command(
            """
            SELECT m.trial_id, m.name, m.value, m.step, m.time FROM trials t JOIN metrics m ON m.trial_id = t.id
            WHERE t.sweep_id = @sweep ORDER BY t.number, m.seq;
            """,
            Param("@sweep", sweepId)), cancellationToken), cancellationToken);

    /// <summary>Metric points read as (trial id, name, value, step, time) rows, each trial's together and in order, by trial id.</summary>
    private async Task<IReadOnlyDictionary<long, IReadOnlyList<MetricPoint>>> ReadMetricsByTrialAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, IReadOnlyList<MetricPoint>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var trial = reader.GetInt64(0);
            if (!result.TryGetValue(trial, out var list))
            {
                result[trial] = list = new List<MetricPoint>();
            }

            ((List<MetricPoint>)list).Add(ReadPoint(reader, 1));
        }

        return result;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialEvent>> GetTrialEventsAsync(long trialId, CancellationToken cancellationToken = default) => ExecuteAsync<IReadOnlyList<TrialEvent>>(false, async s =>
    {
        var list = new List<TrialEvent>();
        await using var reader = await s.Command("SELECT state, time, message FROM trial_events WHERE trial_id = @trial ORDER BY seq;", Param("@trial", trialId)).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new TrialEvent(Enum.Parse<TrialState>(reader.GetString(0)), ReadTime(reader, 1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return list;
    }, cancellationToken);

    /// <inheritdoc />
    public Task RegisterWorkerAsync(WorkerRecord worker, CancellationToken cancellationToken = default) => ExecuteAsync(true, async s =>
        await s.Command(
            "INSERT INTO workers(id, sweep_id, host, pid, started_at, heartbeat_at) VALUES (@id, @sweep, @host, @pid, @time, @time);",
            Param("@id", worker.Id), Param("@sweep", worker.SweepId), Param("@host", worker.Host), Param("@pid", worker.ProcessId), Param("@time", TimeValue(worker.StartedAt))).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false), cancellationToken);

    /// <inheritdoc />
    public Task HeartbeatAsync(string workerId, DateTimeOffset time, CancellationToken cancellationToken = default) => ExecuteAsync(true, async s =>
        await s.Command("UPDATE workers SET heartbeat_at = @time WHERE id = @id AND stopped_at IS NULL;", Param("@time", TimeValue(time)), Param("@id", workerId)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false), cancellationToken);

    /// <inheritdoc />
    public Task RetireWorkerAsync(string workerId, DateTimeOffset time, CancellationToken cancellationToken = default) => ExecuteAsync(true, async s =>
        await s.Command("UPDATE workers SET stopped_at = @time WHERE id = @id;", Param("@time", TimeValue(time)), Param("@id", workerId)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false), cancellationToken);

    /// <inheritdoc />
    public Task<TrialReservation> ReserveTrialAsync(long sweepId, string workerId, ReservationLimits limits, TrialSampler sample, DateTimeOffset time, CancellationToken cancellationToken = default) => ExecuteAsync(true, async s =>
    {
        await LockSweepAsync(s, sweepId, cancellationToken).ConfigureAwait(false);
        var sweep = await RequireSweepAsync(s, sweepId, cancellationToken).ConfigureAwait(false);
        var trials = await ListTrialsAsync(s, sweepId, cancellationToken).ConfigureAwait(false);
        var owners = await WorkersOfActiveTrialsAsync(s, sweepId, cancellationToken).ConfigureAwait(false);
        var active = trials.Count(t => t.State == TrialState.Running || (t.State == TrialState.Queued && owners.ContainsKey(t.Id)));
        var queued = trials.Where(t => t.State == TrialState.Queued && !owners.ContainsKey(t.Id)).ToList();
        if (sweep.State != SweepState.Running)
        {
            return new TrialReservation(ReservationStatus.SweepStopped, null, active, queued.Count);
        }

        if (active >= limits.MaxConcurrentTrials)
        {
            return new TrialReservation(ReservationStatus.Full, null, active, queued.Count);
        }

        if (queued.Count > 0)
        {
            var claimed = await ClaimQueuedAsync(s, sweepId, workerId, cancellationToken).ConfigureAwait(false);
            if (claimed is not null)
            {
                return new TrialReservation(ReservationStatus.Reserved, trials.First(t => t.Id == claimed), active + 1, queued.Count - 1);
            }
        }

        if (trials.Count(t => t.CountsTowardBudget) >= limits.MaxTotalTrials || sample(trials) is not { } parameters)
        {
            return new TrialReservation(ReservationStatus.NoMoreTrials, null, active, queued.Count);
        }

        var trial = await InsertTrialAsync(s, sweepId, parameters, time, null, workerId, cancellationToken).ConfigureAwait(false);
        return new TrialReservation(ReservationStatus.Reserved, trial, active + 1, queued.Count);
    }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialRecord>> RequeueStaleTrialsAsync(long sweepId, DateTimeOffset staleBefore, DateTimeOffset time, CancellationToken cancellationToken = default) => ExecuteAsync<IReadOnlyList<TrialRecord>>(true, async s =>
    {
        await LockSweepAsync(s, sweepId, cancellationToken).ConfigureAwait(false);
        var stale = new List<(long Trial, string Worker, string Host, DateTimeOffset Heartbeat)>();
        await using (var reader = await s.Command(
            $"""
            SELECT t.id, w.id, w.host, w.heartbeat_at FROM trials t JOIN workers w ON w.id = t.worker
            WHERE t.sweep_id = @sweep AND t.state IN ('Queued', 'Running') AND (w.heartbeat_at < @before OR w.stopped_at IS NOT NULL)
            ORDER BY t.number{StaleRowsLockSql};
            """,
            Param("@sweep", sweepId), Param("@before", TimeValue(staleBefore))).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stale.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), ReadTime(reader, 3)));
            }
        }

        var requeued = new List<TrialRecord>();
        foreach (var (trialId, worker, host, heartbeat) in stale)
        {
            var why = $"orphaned: its worker {worker} on {host} stopped (last heartbeat {heartbeat:HH:mm:ss} UTC); run again as a new trial";
            requeued.Add(await RequeueAsync(s, trialId, why, time, cancellationToken).ConfigureAwait(false));
        }

        return requeued;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<TrialRecord> RequeueTrialAsync(long trialId, string message, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        ExecuteAsync(true, s => RequeueAsync(s, trialId, message, time, cancellationToken), cancellationToken);

    /// <summary>Cancels an active trial and inserts its re-run (Queued, for anyone), inside the caller's transaction.</summary>
    private async Task<TrialRecord> RequeueAsync(SqlSession s, long trialId, string message, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var old = (await ReadTrialsAsync(s.Command(
            $"UPDATE trials SET state = 'Canceled', ended_at = @time, message = @message WHERE id = @id AND state IN ('Queued', 'Running') RETURNING {TrialColumns};",
            Param("@time", TimeValue(time)), Param("@message", message), Param("@id", trialId)), cancellationToken).ConfigureAwait(false)).FirstOrDefault()
            ?? throw await FinishedErrorAsync(s, trialId, "it cannot be re-queued", cancellationToken).ConfigureAwait(false);
        await InsertEventAsync(s, trialId, TrialState.Canceled, time, message, cancellationToken).ConfigureAwait(false);
        return await InsertTrialAsync(s, old.SweepId, old.Parameters, time, new TrialOrigin(RetryOf: old.RootId), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The row-lock clause for the stale-trial query (PostgreSQL skips rows another worker holds), or empty.</summary>
    protected virtual string StaleRowsLockSql => string.Empty;

    /// <summary>Claims the oldest unclaimed Queued trial of a sweep for a worker; returns its id, or null when another worker holds them all.</summary>
    protected virtual async Task<long?> ClaimQueuedAsync(SqlSession session, long sweepId, string workerId, CancellationToken cancellationToken) =>
        await session.Command(
            "UPDATE trials SET worker = @worker WHERE id = (SELECT id FROM trials WHERE sweep_id = @sweep AND state = 'Queued' AND worker IS NULL ORDER BY number LIMIT 1) RETURNING id;",
            Param("@worker", workerId), Param("@sweep", sweepId)).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } id and not DBNull ? Convert.ToInt64(id, CultureInfo.InvariantCulture) : null;

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    private static async Task<Dictionary<long, string>> WorkersOfActiveTrialsAsync(SqlSession s, long sweepId, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<long, string>();
        await using var reader = await s.Command("SELECT id, worker FROM trials WHERE sweep_id = @sweep AND state IN ('Queued', 'Running') AND worker IS NOT NULL;", Param("@sweep", sweepId)).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            owners[reader.GetInt64(0)] = reader.GetString(1);
        }

        return owners;
    }

    /// <summary>A time as the store keeps it (microseconds).</summary>
    protected static DateTimeOffset Trim(DateTimeOffset time) => new(time.UtcTicks / 10 * 10, TimeSpan.Zero);

    /// <summary>
    /// Inserts a trial with the sweep's next number, Queued, or already Running on <paramref name="runningOn"/> when that
    /// is given (the sweep is locked first where the dialect needs it).
    /// </summary>
    private protected async Task<TrialRecord> InsertTrialAsync(SqlSession s, long sweepId, ParameterSet parameters, DateTimeOffset time, TrialOrigin? origin, string? worker, CancellationToken cancellationToken, string? runningOn = null)
    {
        await LockSweepAsync(s, sweepId, cancellationToken).ConfigureAwait(false);
        var state = runningOn is null ? TrialState.Queued : TrialState.Running;
        long id;
        int number;
        await using (var reader = await s.Command(
            """
            INSERT INTO trials(sweep_id, number, params, state, created_at, started_at, host, retry_of, resumed_from, worker)
            VALUES (@sweep, (SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE sweep_id = @sweep), @params, @state, @created, CASE WHEN @running THEN @created END, @host, @retry, @resumed, @worker)
            RETURNING id, number;
            """,
            Param("@sweep", sweepId), Param("@params", parameters.ToJson()), Param("@state", state.ToString()), Param("@created", TimeValue(time)), Param("@running", runningOn is not null),
            Param("@host", runningOn), Param("@retry", origin?.RetryOf), Param("@resumed", origin?.ResumedFrom), Param("@worker", worker)).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            id = reader.GetInt64(0);
            number = reader.GetInt32(1);
        }

        await InsertEventAsync(s, id, TrialState.Queued, time, null, cancellationToken).ConfigureAwait(false);
        if (runningOn is not null)
        {
            await InsertEventAsync(s, id, TrialState.Running, time, null, cancellationToken).ConfigureAwait(false);
        }

        return new TrialRecord
        {
            Id = id,
            SweepId = sweepId,
            Number = number,
            Parameters = parameters,
            State = state,
            CreatedAt = Trim(time),
            StartedAt = runningOn is null ? null : Trim(time),
            Host = runningOn,
            RetryOf = origin?.RetryOf,
            ResumedFrom = origin?.ResumedFrom,
        };
    }

    /// <summary>Locks a sweep's row for the rest of the transaction, where the dialect needs it.</summary>
    private protected async Task LockSweepAsync(SqlSession s, long sweepId, CancellationToken cancellationToken)
    {
        if (LockSweepSql is { } sql)
        {
            await s.Command(sql, Param("@sweep", sweepId)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every trial of a sweep, by number.</summary>
    private protected async Task<List<TrialRecord>> ListTrialsAsync(SqlSession s, long sweepId, CancellationToken cancellationToken) =>
        await ReadTrialsAsync(s.Command($"SELECT {TrialColumns} FROM trials WHERE sweep_id = @sweep ORDER BY number;", Param("@sweep", sweepId)), cancellationToken).ConfigureAwait(false);

    /// <summary>Appends a trial's history entry.</summary>
    private protected async Task InsertEventAsync(SqlSession s, long trialId, TrialState state, DateTimeOffset time, string? message, CancellationToken cancellationToken) =>
        await s.Command(
            "INSERT INTO trial_events(trial_id, seq, state, time, message) VALUES (@trial, (SELECT COALESCE(MAX(seq) + 1, 0) FROM trial_events WHERE trial_id = @trial), @state, @time, @message);",
            Param("@trial", trialId), Param("@state", state.ToString()), Param("@time", TimeValue(time)), Param("@message", message)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The exception for a change to a finished (or missing) trial.</summary>
    private protected async Task<Exception> FinishedErrorAsync(SqlSession s, long trialId, string what, CancellationToken cancellationToken)
    {
        var current = await ReadTrialAsync(s, trialId, cancellationToken).ConfigureAwait(false);
        return current is null
            ? new SweepStoreException($"The store {Location} has no trial with id {trialId}.")
            : new TrialAlreadyFinishedException($"Trial {current.DisplayId} has already finished ({current.State}); {what}.");
    }

    private protected async Task<SweepRecord?> ReadSweepAsync(SqlSession s, long id, CancellationToken cancellationToken) =>
        (await ReadSweepsAsync(s.Command($"SELECT {SweepColumns} FROM sweeps WHERE id = @id;", Param("@id", id)), cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    private protected async Task<TrialRecord?> ReadTrialAsync(SqlSession s, long id, CancellationToken cancellationToken) =>
        (await ReadTrialsAsync(s.Command($"SELECT {TrialColumns} FROM trials WHERE id = @id;", Param("@id", id)), cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>
    /// Inserts metric values of a running trial and updates its scores (value, intervals, further objectives' values,
    /// constraint values and infeasibility, by the sweep's <see cref="TrialScoring"/>); runs inside a write transaction.
    /// </summary>
    private async Task InsertMetricsAsync(SqlSession s, long trialId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken)
    {
        long sweepId;
        long seq;
        string state;
        double? value;
        int intervals;
        string? secondary;
        string? constraints;
        await using (var reader = await s.Command(
            "SELECT t.sweep_id, t.value, t.intervals, COALESCE((SELECT MAX(seq) FROM metrics m WHERE m.trial_id = t.id), -1), t.state, t.secondary_values, t.constraint_values FROM trials t WHERE t.id = @id;",
            Param("@id", trialId)).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new SweepStoreException($"The store {Location} has no trial with id {trialId}.");
            }

            sweepId = reader.GetInt64(0);
            value = reader.IsDBNull(1) ? null : reader.GetDouble(1);
            intervals = reader.GetInt32(2);
            seq = reader.GetInt64(3);
            state = reader.GetString(4);
            secondary = reader.IsDBNull(5) ? null : reader.GetString(5);
            constraints = reader.IsDBNull(6) ? null : reader.GetString(6);
        }

        if (Enum.Parse<TrialState>(state).IsFinished())
        {
            throw await FinishedErrorAsync(s, trialId, "it takes no more metrics", cancellationToken).ConfigureAwait(false);
        }

        var scoring = await ScoringOfAsync(s, sweepId, cancellationToken).ConfigureAwait(false);
        var scores = new TrialScores(value, intervals, TrialScoring.FromJson(secondary, scoring.Secondary.Count), TrialScoring.FromJson(constraints, scoring.Constraints.Count));
        foreach (var point in points)
        {
            await s.Command(
                "INSERT INTO metrics(trial_id, seq, name, value, step, time) VALUES (@trial, @seq, @name, @value, @step, @time);",
                Param("@trial", trialId), Param("@seq", ++seq), Param("@name", point.Name), Param<double?>("@value", double.IsNaN(point.Value) ? null : point.Value), Param("@step", point.Step), Param("@time", TimeValue(point.Time))).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            scoring.Add(scores, point.Name, point.Value);
        }

        await s.Command(
            "UPDATE trials SET value = @value, intervals = @intervals, secondary_values = @secondary, constraint_values = @constraints, infeasibility = @infeasibility WHERE id = @id;",
            Param("@value", scores.Value), Param("@intervals", scores.Intervals),
            Param("@secondary", scoring.Secondary.Count == 0 ? null : TrialScoring.ToJson(scores.SecondaryValues)),
            Param("@constraints", scoring.Constraints.Count == 0 ? null : TrialScoring.ToJson(scores.ConstraintValues)),
            Param("@infeasibility", scoring.Infeasibility(scores.ConstraintValues, finished: false)), Param("@id", trialId)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A trial that has just finished, with its infeasibility made final: a constraint it never logged makes it
    /// infeasible now. Nothing is read or written for a sweep without constraints.
    /// </summary>
    private async Task<TrialRecord> FinishFeasibilityAsync(SqlSession s, TrialRecord finished, CancellationToken cancellationToken)
    {
        var scoring = await ScoringOfAsync(s, finished.SweepId, cancellationToken).ConfigureAwait(false);
        if (scoring.Constraints.Count == 0 || scoring.Infeasibility(finished.ConstraintValues, finished: true) is not { } why || why == finished.Infeasibility)
        {
            return finished;
        }

        await s.Command("UPDATE trials SET infeasibility = @why WHERE id = @id;", Param("@why", why), Param("@id", finished.Id)).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return finished with { Infeasibility = why };
    }

    private async Task<TrialScoring> ScoringOfAsync(SqlSession s, long sweepId, CancellationToken cancellationToken)
    {
        if (!_scorings.TryGetValue(sweepId, out var scoring))
        {
            scoring = _scorings[sweepId] = (await RequireSweepAsync(s, sweepId, cancellationToken).ConfigureAwait(false)).Scoring;
        }

        return scoring;
    }

    private async Task<SweepRecord> RequireSweepAsync(SqlSession s, long sweepId, CancellationToken cancellationToken) =>
        await ReadSweepAsync(s, sweepId, cancellationToken).ConfigureAwait(false) ?? throw new SweepStoreException($"The store {Location} has no sweep with id {sweepId}.");

    private int RequireOne(int rows, string what) => rows == 1 ? rows : throw new SweepStoreException($"The store {Location} has no {what}.");

    private async Task<List<SweepRecord>> ReadSweepsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var list = new List<SweepRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new SweepRecord
            {
                Id = r.GetInt64(0),
                Name = r.GetString(1),
                Spec = r.GetString(2),
                SpecPath = r.IsDBNull(3) ? null : r.GetString(3),
                Objective = new Objective(r.GetString(4), Enum.Parse<Goal>(r.GetString(5))),
                Sampler = r.GetString(6),
                Policy = r.IsDBNull(7) ? null : r.GetString(7),
                Seed = r.GetInt64(8),
                State = Enum.Parse<SweepState>(r.GetString(9)),
                Message = r.IsDBNull(10) ? null : r.GetString(10),
                CreatedAt = ReadTime(r, 11),
                EndedAt = r.IsDBNull(12) ? null : ReadTime(r, 12),
                ArtifactsDirectory = r.GetString(13),
                WarmStart = JsonSerializer.Deserialize<long[]>(r.GetString(14)) ?? [],
                EndReason = r.IsDBNull(15) ? null : Enum.Parse<SweepEndReason>(r.GetString(15)),
                SecondaryObjectives = JsonSerializer.Deserialize<Objective[]>(r.GetString(16), Json) ?? [],
                Constraints = JsonSerializer.Deserialize<Constraint[]>(r.GetString(17), Json) ?? [],
                Tags = new SortedDictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(18)) ?? [], StringComparer.Ordinal),
                Note = r.IsDBNull(19) ? null : r.GetString(19),
                CancelRequested = r.GetInt64(20) != 0,
            });
        }

        return list;
    }

    private protected async Task<List<TrialRecord>> ReadTrialsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var list = new List<TrialRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new TrialRecord
            {
                Id = r.GetInt64(0),
                SweepId = r.GetInt64(1),
                Number = r.GetInt32(2),
                Parameters = ParameterSet.FromJson(r.GetString(3)),
                State = Enum.Parse<TrialState>(r.GetString(4)),
                CreatedAt = ReadTime(r, 5),
                StartedAt = r.IsDBNull(6) ? null : ReadTime(r, 6),
                EndedAt = r.IsDBNull(7) ? null : ReadTime(r, 7),
                ExitCode = r.IsDBNull(8) ? null : r.GetInt32(8),
                Message = r.IsDBNull(9) ? null : r.GetString(9),
                Value = r.IsDBNull(10) ? null : r.GetDouble(10),
                Intervals = r.GetInt32(11),
                RetryOf = r.IsDBNull(12) ? null : r.GetInt64(12),
                ResumedFrom = r.IsDBNull(13) ? null : r.GetInt64(13),
                ProcessId = r.IsDBNull(14) ? null : r.GetInt32(14),
                Host = r.IsDBNull(15) ? null : r.GetString(15),
                Invocation = r.IsDBNull(16) ? null : TrialInvocation.FromJson(r.GetString(16), r.IsDBNull(17) ? "{}" : r.GetString(17)),
                SecondaryValues = r.IsDBNull(18) ? [] : TrialScoring.FromJson(r.GetString(18)),
                ConstraintValues = r.IsDBNull(19) ? [] : TrialScoring.FromJson(r.GetString(19)),
                Infeasibility = r.IsDBNull(20) ? null : r.GetString(20),
            });
        }

        return list;
    }

    private MetricPoint ReadPoint(DbDataReader r, int at) => new(
        r.GetString(at),
        r.IsDBNull(at + 1) ? double.NaN : r.GetDouble(at + 1),
        r.IsDBNull(at + 2) ? null : r.GetInt64(at + 2),
        ReadTime(r, at + 3));
}
