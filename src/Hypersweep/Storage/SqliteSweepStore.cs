using System.Globalization;
using Hypersweep.Space;
using Hypersweep.Trials;
using Microsoft.Data.Sqlite;

namespace Hypersweep.Storage;

/// <summary>
/// The default store: one SQLite file (WAL journal, synchronous=NORMAL: a committed change survives a crash or kill
/// of any process; the last changes can be lost only if the machine itself loses power). Trial folders live in
/// <c>sweeps/ID</c> beside the file. Several processes may read and write the same file.
/// </summary>
public sealed class SqliteSweepStore : ISweepStore
{
    /// <summary>The file name used when the store is given as a folder.</summary>
    public const string DefaultFileName = "hypersweep.db";

    /// <summary>The folder, under the working directory, of the default store.</summary>
    public const string DefaultFolder = ".hypersweep";

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<long, Objective> _objectives = [];
    private readonly Dictionary<string, CachedCommand> _commands = new(StringComparer.Ordinal);

    private SqliteSweepStore(string path, SqliteConnection connection)
    {
        Location = path;
        _connection = connection;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>The store file a <c>--store</c> value names: a folder (or a path ending in /) means the default file inside it.</summary>
    public static string ResolvePath(string? store)
    {
        if (string.IsNullOrWhiteSpace(store))
        {
            return Path.GetFullPath(Path.Combine(DefaultFolder, DefaultFileName));
        }

        var full = Path.GetFullPath(store);
        return Directory.Exists(full) || store.EndsWith('/') || store.EndsWith(Path.DirectorySeparatorChar)
            ? Path.Combine(full, DefaultFileName)
            : full;
    }

    /// <summary>Opens (and, when <paramref name="create"/> is true, creates) a store file, upgrading its schema if needed.</summary>
    /// <exception cref="SweepStoreException">The file does not exist (and create is false), or is not a Hypersweep store.</exception>
    public static SqliteSweepStore Open(string path, bool create = true)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            if (!create)
            {
                throw new SweepStoreException($"There is no Hypersweep store at {path}. Run a sweep first, or pass --store to name the store.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 10000;");
            Execute(connection, "PRAGMA journal_mode = WAL;");
            Execute(connection, "PRAGMA synchronous = NORMAL;");
            Execute(connection, "PRAGMA foreign_keys = ON;");
            SqliteSchema.Upgrade(connection, path);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new SweepStoreException($"The store {path} cannot be opened: {Describe(e)}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new SqliteSweepStore(path, connection);
    }

    /// <inheritdoc />
    public Task<SweepRecord> CreateSweepAsync(NewSweep sweep, CancellationToken cancellationToken = default) => Run(() =>
    {
        using var tx = Begin();
        using var insert = Command(
            """
            INSERT INTO sweeps(name, spec, spec_path, primary_metric, goal, sampler, policy, seed, state, created_at, artifacts_dir, warm_start)
            VALUES (@name, @spec, @path, @metric, @goal, @sampler, @policy, @seed, 'Running', @created, '', @warm)
            RETURNING id;
            """);
        insert.Parameters.AddWithValue("@name", sweep.Name);
        insert.Parameters.AddWithValue("@spec", sweep.Spec);
        insert.Parameters.AddWithValue("@path", (object?)sweep.SpecPath ?? DBNull.Value);
        insert.Parameters.AddWithValue("@metric", sweep.Objective.PrimaryMetric);
        insert.Parameters.AddWithValue("@goal", sweep.Objective.Goal.ToString());
        insert.Parameters.AddWithValue("@sampler", sweep.Sampler);
        insert.Parameters.AddWithValue("@policy", (object?)sweep.Policy ?? DBNull.Value);
        insert.Parameters.AddWithValue("@seed", sweep.Seed);
        insert.Parameters.AddWithValue("@created", Time(sweep.CreatedAt));
        insert.Parameters.AddWithValue("@warm", System.Text.Json.JsonSerializer.Serialize(sweep.WarmStart));
        var id = (long)insert.ExecuteScalar()!;
        var artifacts = Path.Combine(Path.GetDirectoryName(Location)!, "sweeps", id.ToString(CultureInfo.InvariantCulture));
        using var update = Command("UPDATE sweeps SET artifacts_dir = @dir WHERE id = @id;");
        update.Parameters.AddWithValue("@dir", artifacts);
        update.Parameters.AddWithValue("@id", id);
        update.ExecuteNonQuery();
        tx.Commit();
        return ReadSweep(id)!;
    });

    /// <inheritdoc />
    public Task<SweepRecord?> GetSweepAsync(long sweepId, CancellationToken cancellationToken = default) => Run(() => ReadSweep(sweepId));

    /// <inheritdoc />
    public Task<SweepRecord?> FindSweepAsync(string nameOrId, CancellationToken cancellationToken = default) => Run(() =>
    {
        using var byName = Command($"SELECT {SweepColumns} FROM sweeps WHERE name = @name ORDER BY id DESC LIMIT 1;");
        byName.Parameters.AddWithValue("@name", nameOrId);
        var found = ReadSweeps(byName).FirstOrDefault();
        if (found is null && long.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            found = ReadSweep(id);
        }

        return found;
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<SweepRecord>> ListSweepsAsync(CancellationToken cancellationToken = default) => Run<IReadOnlyList<SweepRecord>>(() =>
    {
        using var command = Command($"SELECT {SweepColumns} FROM sweeps ORDER BY id;");
        return ReadSweeps(command);
    });

    /// <inheritdoc />
    public Task FinishSweepAsync(long sweepId, SweepState state, string? message, DateTimeOffset time, CancellationToken cancellationToken = default) => Run(() =>
    {
        using var command = Command("UPDATE sweeps SET state = @state, message = @message, ended_at = @ended WHERE id = @id;");
        command.Parameters.AddWithValue("@state", state.ToString());
        command.Parameters.AddWithValue("@message", (object?)message ?? DBNull.Value);
        command.Parameters.AddWithValue("@ended", Time(time));
        command.Parameters.AddWithValue("@id", sweepId);
        return RequireOne(command.ExecuteNonQuery(), $"sweep {sweepId}");
    });

    /// <inheritdoc />
    public Task ReopenSweepAsync(long sweepId, CancellationToken cancellationToken = default) => Run(() =>
    {
        using var command = Command("UPDATE sweeps SET state = 'Running', message = NULL, ended_at = NULL WHERE id = @id;");
        command.Parameters.AddWithValue("@id", sweepId);
        return RequireOne(command.ExecuteNonQuery(), $"sweep {sweepId}");
    });

    /// <inheritdoc />
    public Task<TrialRecord> CreateTrialAsync(long sweepId, ParameterSet parameters, DateTimeOffset time, TrialOrigin? origin = null, CancellationToken cancellationToken = default) => Run(() =>
    {
        using var tx = Begin();
        using var insert = Command(
            """
            INSERT INTO trials(sweep_id, number, params, state, created_at, retry_of, resumed_from)
            VALUES (@sweep, (SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE sweep_id = @sweep), @params, 'Queued', @created, @retry, @resumed)
            RETURNING id, number;
            """);
        insert.Parameters.AddWithValue("@sweep", sweepId);
        insert.Parameters.AddWithValue("@retry", (object?)origin?.RetryOf ?? DBNull.Value);
        insert.Parameters.AddWithValue("@resumed", (object?)origin?.ResumedFrom ?? DBNull.Value);
        insert.Parameters.AddWithValue("@params", parameters.ToJson());
        insert.Parameters.AddWithValue("@created", Time(time));
        long id;
        int number;
        using (var reader = insert.ExecuteReader())
        {
            reader.Read();
            id = reader.GetInt64(0);
            number = reader.GetInt32(1);
        }

        InsertEvent(id, TrialState.Queued, time, null);
        tx.Commit();
        return new TrialRecord { Id = id, SweepId = sweepId, Number = number, Parameters = parameters, State = TrialState.Queued, CreatedAt = Trim(time), RetryOf = origin?.RetryOf, ResumedFrom = origin?.ResumedFrom };
    });

    /// <inheritdoc />
    public Task<TrialRecord> ChangeTrialStateAsync(long trialId, TrialStateChange change, CancellationToken cancellationToken = default) => Run(() =>
    {
        using var tx = Begin();
        if (change.Metrics is { Count: > 0 } metrics)
        {
            InsertMetrics(trialId, metrics);
        }

        using var update = Command(
            $"""
            UPDATE trials SET state = @state,
                started_at = CASE WHEN @state = 'Running' THEN @time ELSE started_at END,
                ended_at = CASE WHEN @finished THEN @time ELSE ended_at END,
                exit_code = COALESCE(@exit, exit_code),
                message = COALESCE(@message, message),
                pid = COALESCE(@pid, pid),
                host = COALESCE(@host, host)
            WHERE id = @id AND state IN ('Queued', 'Running')
            RETURNING {TrialColumns};
            """);
        update.Parameters.AddWithValue("@state", change.State.ToString());
        update.Parameters.AddWithValue("@time", Time(change.Time));
        update.Parameters.AddWithValue("@finished", change.State.IsFinished());
        update.Parameters.AddWithValue("@exit", (object?)change.ExitCode ?? DBNull.Value);
        update.Parameters.AddWithValue("@message", (object?)change.Message ?? DBNull.Value);
        update.Parameters.AddWithValue("@pid", (object?)change.ProcessId ?? DBNull.Value);
        update.Parameters.AddWithValue("@host", (object?)change.Host ?? DBNull.Value);
        update.Parameters.AddWithValue("@id", trialId);
        var record = ReadTrials(update).FirstOrDefault();
        if (record is null)
        {
            var current = ReadTrial(trialId) ?? throw new SweepStoreException($"The store {Location} has no trial with id {trialId}.");
            throw new TrialAlreadyFinishedException($"Trial {current.DisplayId} has already finished ({current.State}); it cannot become {change.State}.");
        }

        InsertEvent(trialId, change.State, change.Time, change.Message);
        tx.Commit();
        return record;
    });

    /// <inheritdoc />
    public Task AppendMetricsAsync(long trialId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default) => Run(() =>
    {
        if (points.Count == 0)
        {
            return 0;
        }

        using var tx = Begin();
        InsertMetrics(trialId, points);
        tx.Commit();
        return 0;
    });

    /// <inheritdoc />
    public Task<SweepRecord> ClaimSweepAsync(long sweepId, int processId, string host, CancellationToken cancellationToken = default) => Run(() =>
    {
        using var tx = Begin();
        var before = ReadSweep(sweepId) ?? throw new SweepStoreException($"The store {Location} has no sweep with id {sweepId}.");
        using var command = Command("UPDATE sweeps SET controller_pid = @pid, controller_host = @host WHERE id = @id;");
        command.Parameters.AddWithValue("@pid", processId);
        command.Parameters.AddWithValue("@host", host);
        command.Parameters.AddWithValue("@id", sweepId);
        command.ExecuteNonQuery();
        tx.Commit();
        return before;
    });

    /// <inheritdoc />
    public Task<TrialRecord?> GetTrialByIdAsync(long trialId, CancellationToken cancellationToken = default) => Run(() => ReadTrial(trialId));

    /// <inheritdoc />
    public Task<TrialRecord?> GetTrialAsync(long sweepId, int number, CancellationToken cancellationToken = default) => Run(() =>
    {
        using var command = Command($"SELECT {TrialColumns} FROM trials WHERE sweep_id = @sweep AND number = @number;");
        command.Parameters.AddWithValue("@sweep", sweepId);
        command.Parameters.AddWithValue("@number", number);
        return ReadTrials(command).FirstOrDefault();
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialRecord>> ListTrialsAsync(long sweepId, CancellationToken cancellationToken = default) => Run<IReadOnlyList<TrialRecord>>(() =>
    {
        using var command = Command($"SELECT {TrialColumns} FROM trials WHERE sweep_id = @sweep ORDER BY number;");
        command.Parameters.AddWithValue("@sweep", sweepId);
        return ReadTrials(command);
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<MetricPoint>> GetMetricsAsync(long trialId, CancellationToken cancellationToken = default) => Run<IReadOnlyList<MetricPoint>>(() =>
    {
        using var command = Command("SELECT name, value, step, time FROM metrics WHERE trial_id = @trial ORDER BY seq;");
        command.Parameters.AddWithValue("@trial", trialId);
        var list = new List<MetricPoint>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(ReadPoint(reader, 0));
        }

        return list;
    });

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<long, IReadOnlyList<MetricPoint>>> GetSweepMetricsAsync(long sweepId, string name, CancellationToken cancellationToken = default) => Run<IReadOnlyDictionary<long, IReadOnlyList<MetricPoint>>>(() =>
    {
        using var command = Command(
            """
            SELECT m.trial_id, m.name, m.value, m.step, m.time FROM metrics m JOIN trials t ON t.id = m.trial_id
            WHERE t.sweep_id = @sweep AND m.name = @name ORDER BY m.trial_id, m.seq;
            """);
        command.Parameters.AddWithValue("@sweep", sweepId);
        command.Parameters.AddWithValue("@name", name);
        var result = new Dictionary<long, IReadOnlyList<MetricPoint>>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var trial = reader.GetInt64(0);
            if (!result.TryGetValue(trial, out var list))
            {
                list = new List<MetricPoint>();
                result[trial] = list;
            }

            ((List<MetricPoint>)list).Add(ReadPoint(reader, 1));
        }

        return result;
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<TrialEvent>> GetTrialEventsAsync(long trialId, CancellationToken cancellationToken = default) => Run<IReadOnlyList<TrialEvent>>(() =>
    {
        using var command = Command("SELECT state, time, message FROM trial_events WHERE trial_id = @trial ORDER BY seq;");
        command.Parameters.AddWithValue("@trial", trialId);
        var list = new List<TrialEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new TrialEvent(Enum.Parse<TrialState>(reader.GetString(0)), ParseTime(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return list;
    });

    /// <summary>Runs SQLite's own consistency check; "ok" when the file is sound.</summary>
    public Task<string> CheckIntegrityAsync() => Run(() =>
    {
        using var command = Command("PRAGMA integrity_check;");
        return (string)command.ExecuteScalar()!;
    });

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            command.Inner.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private const string SweepColumns = "id, name, spec, spec_path, primary_metric, goal, sampler, policy, seed, state, message, created_at, ended_at, artifacts_dir, warm_start, controller_pid, controller_host";
    private const string TrialColumns = "id, sweep_id, number, params, state, created_at, started_at, ended_at, exit_code, message, value, intervals, retry_of, resumed_from, pid, host";

    private Task<T> Run<T>(Func<T> action)
    {
        _gate.Wait();
        try
        {
            return Task.FromResult(action());
        }
        catch (SqliteException e)
        {
            return Task.FromException<T>(new SweepStoreException($"The store {Location} failed: {Describe(e)}", e));
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Starts a write transaction (BEGIN IMMEDIATE, so writers queue instead of failing on upgrade) with cached
    /// statements; disposing it without <see cref="WriteTransaction.Commit"/> rolls it back.
    /// </summary>
    private WriteTransaction Begin()
    {
        Command("BEGIN IMMEDIATE;").ExecuteNonQuery();
        return new WriteTransaction(this);
    }

    /// <summary>
    /// A prepared command for the SQL, reused across calls (SQLite keeps the compiled statement), with its parameters
    /// cleared. Callers dispose it as usual; <see cref="CachedCommand.Dispose"/> keeps it in the cache.
    /// </summary>
    private CachedCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = new CachedCommand(_connection.CreateCommand());
            command.Inner.CommandText = sql;
            _commands[sql] = command;
        }

        command.Inner.Parameters.Clear();
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private int RequireOne(int rows, string what) => rows == 1 ? rows : throw new SweepStoreException($"The store {Location} has no {what}.");

    private Objective ObjectiveOf(long sweepId)
    {
        if (!_objectives.TryGetValue(sweepId, out var objective))
        {
            using var command = Command("SELECT primary_metric, goal FROM sweeps WHERE id = @id;");
            command.Parameters.AddWithValue("@id", sweepId);
            using var reader = command.ExecuteReader();
            reader.Read();
            objective = new Objective(reader.GetString(0), Enum.Parse<Goal>(reader.GetString(1)));
            _objectives[sweepId] = objective;
        }

        return objective;
    }

    /// <summary>Inserts metric values and updates the trial's value and intervals; runs inside a write transaction.</summary>
    private void InsertMetrics(long trialId, IReadOnlyList<MetricPoint> points)
    {
        using var state = Command("SELECT t.sweep_id, t.value, t.intervals, COALESCE((SELECT MAX(seq) FROM metrics m WHERE m.trial_id = t.id), -1) FROM trials t WHERE t.id = @id;");
        state.Parameters.AddWithValue("@id", trialId);
        long sweepId;
        double? value;
        int intervals;
        long seq;
        using (var reader = state.ExecuteReader())
        {
            if (!reader.Read())
            {
                throw new SweepStoreException($"The store {Location} has no trial with id {trialId}.");
            }

            sweepId = reader.GetInt64(0);
            value = reader.IsDBNull(1) ? null : reader.GetDouble(1);
            intervals = reader.GetInt32(2);
            seq = reader.GetInt64(3);
        }

        var objective = ObjectiveOf(sweepId);
        using var insert = Command("INSERT INTO metrics(trial_id, seq, name, value, step, time) VALUES (@trial, @seq, @name, @value, @step, @time);");
        var pSeq = insert.Parameters.Add("@seq", SqliteType.Integer);
        var pName = insert.Parameters.Add("@name", SqliteType.Text);
        var pValue = insert.Parameters.Add("@value", SqliteType.Real);
        var pStep = insert.Parameters.Add("@step", SqliteType.Integer);
        var pTime = insert.Parameters.Add("@time", SqliteType.Text);
        insert.Parameters.AddWithValue("@trial", trialId);
        foreach (var point in points)
        {
            pSeq.Value = ++seq;
            pName.Value = point.Name;
            pValue.Value = double.IsNaN(point.Value) ? DBNull.Value : point.Value;
            pStep.Value = (object?)point.Step ?? DBNull.Value;
            pTime.Value = Time(point.Time);
            insert.ExecuteNonQuery();
            if (string.Equals(point.Name, objective.PrimaryMetric, StringComparison.Ordinal))
            {
                intervals++;
                value = objective.ValueOf(value is { } v ? [v, point.Value] : [point.Value]);
            }
        }

        using var update = Command("UPDATE trials SET value = @value, intervals = @intervals WHERE id = @id;");
        update.Parameters.AddWithValue("@value", (object?)value ?? DBNull.Value);
        update.Parameters.AddWithValue("@intervals", intervals);
        update.Parameters.AddWithValue("@id", trialId);
        update.ExecuteNonQuery();
    }

    private void InsertEvent(long trialId, TrialState state, DateTimeOffset time, string? message)
    {
        using var command = Command(
            "INSERT INTO trial_events(trial_id, seq, state, time, message) VALUES (@trial, (SELECT COALESCE(MAX(seq) + 1, 0) FROM trial_events WHERE trial_id = @trial), @state, @time, @message);");
        command.Parameters.AddWithValue("@trial", trialId);
        command.Parameters.AddWithValue("@state", state.ToString());
        command.Parameters.AddWithValue("@time", Time(time));
        command.Parameters.AddWithValue("@message", (object?)message ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private SweepRecord? ReadSweep(long id)
    {
        using var command = Command($"SELECT {SweepColumns} FROM sweeps WHERE id = @id;");
        command.Parameters.AddWithValue("@id", id);
        return ReadSweeps(command).FirstOrDefault();
    }

    private static List<SweepRecord> ReadSweeps(CachedCommand command)
    {
        var list = new List<SweepRecord>();
        using var r = command.ExecuteReader();
        while (r.Read())
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
                CreatedAt = ParseTime(r.GetString(11)),
                EndedAt = r.IsDBNull(12) ? null : ParseTime(r.GetString(12)),
                ArtifactsDirectory = r.GetString(13),
                WarmStart = System.Text.Json.JsonSerializer.Deserialize<long[]>(r.GetString(14)) ?? [],
                ControllerPid = r.IsDBNull(15) ? null : r.GetInt32(15),
                ControllerHost = r.IsDBNull(16) ? null : r.GetString(16),
            });
        }

        return list;
    }

    private TrialRecord? ReadTrial(long id)
    {
        using var command = Command($"SELECT {TrialColumns} FROM trials WHERE id = @id;");
        command.Parameters.AddWithValue("@id", id);
        return ReadTrials(command).FirstOrDefault();
    }

    private static List<TrialRecord> ReadTrials(CachedCommand command)
    {
        var list = new List<TrialRecord>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            list.Add(new TrialRecord
            {
                Id = r.GetInt64(0),
                SweepId = r.GetInt64(1),
                Number = r.GetInt32(2),
                Parameters = ParameterSet.FromJson(r.GetString(3)),
                State = Enum.Parse<TrialState>(r.GetString(4)),
                CreatedAt = ParseTime(r.GetString(5)),
                StartedAt = r.IsDBNull(6) ? null : ParseTime(r.GetString(6)),
                EndedAt = r.IsDBNull(7) ? null : ParseTime(r.GetString(7)),
                ExitCode = r.IsDBNull(8) ? null : r.GetInt32(8),
                Message = r.IsDBNull(9) ? null : r.GetString(9),
                Value = r.IsDBNull(10) ? null : r.GetDouble(10),
                Intervals = r.GetInt32(11),
                RetryOf = r.IsDBNull(12) ? null : r.GetInt64(12),
                ResumedFrom = r.IsDBNull(13) ? null : r.GetInt64(13),
                ProcessId = r.IsDBNull(14) ? null : r.GetInt32(14),
                Host = r.IsDBNull(15) ? null : r.GetString(15),
            });
        }

        return list;
    }

    private static MetricPoint ReadPoint(SqliteDataReader r, int at) => new(
        r.GetString(at),
        r.IsDBNull(at + 1) ? double.NaN : r.GetDouble(at + 1),
        r.IsDBNull(at + 2) ? null : r.GetInt64(at + 2),
        ParseTime(r.GetString(at + 3)));

    /// <summary>A time as it reads back from the store (microsecond precision).</summary>
    private static DateTimeOffset Trim(DateTimeOffset time) => ParseTime(Time(time));

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string Describe(SqliteException e) => e.SqliteErrorCode switch
    {
        26 => "the file is not a SQLite database",
        11 => "the database file is corrupt",
        14 => "the file cannot be opened (check the path and permissions)",
        _ => e.Message,
    };

    /// <summary>An open write transaction; commands run inside it while it is open.</summary>
    private sealed class WriteTransaction(SqliteSweepStore store) : IDisposable
    {
        private bool _done;

        public void Commit()
        {
            store.Command("COMMIT;").ExecuteNonQuery();
            _done = true;
        }

        public void Dispose()
        {
            if (!_done && store._connection.State == System.Data.ConnectionState.Open)
            {
                store.Command("ROLLBACK;").ExecuteNonQuery();
            }
        }
    }

    /// <summary>A cached prepared command; disposing it returns it to the cache instead of freeing the statement.</summary>
    private sealed class CachedCommand(SqliteCommand inner) : IDisposable
    {
        public SqliteCommand Inner { get; } = inner;

        public SqliteParameterCollection Parameters => Inner.Parameters;

        public int ExecuteNonQuery() => Inner.ExecuteNonQuery();

        public object? ExecuteScalar() => Inner.ExecuteScalar();

        public SqliteDataReader ExecuteReader() => Inner.ExecuteReader();

        public void Dispose()
        {
        }
    }
}
