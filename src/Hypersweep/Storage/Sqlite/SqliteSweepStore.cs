using System.Data.Common;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Hypersweep.Storage;

/// <summary>
/// The default store: one SQLite file (WAL journal, synchronous=NORMAL: a committed change survives a crash or kill
/// of any process; the last changes can be lost only if the machine itself loses power). Trial folders live in
/// <c>sweeps/ID</c> beside the file. Several processes may read and write the same file; writers take turns
/// (BEGIN IMMEDIATE). Statements are prepared once per connection and reused.
/// </summary>
public sealed partial class SqliteSweepStore : SqlSweepStore
{
    /// <summary>The file name used when the store is given as a folder.</summary>
    public const string DefaultFileName = "hypersweep.db";

    /// <summary>The folder, under the working directory, of the default store.</summary>
    public const string DefaultFolder = ".hypersweep";

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly SqlSession _session;

    private SqliteSweepStore(string path, SqliteConnection connection, string? readOnlyReason)
    {
        Location = path;
        ReadOnlyReason = readOnlyReason;
        _connection = connection;
        _session = new SqlSession(connection, null, Prepared);
    }

    /// <inheritdoc />
    public override string Location { get; }

    /// <inheritdoc />
    public override string? ReadOnlyReason { get; }

    /// <inheritdoc />
    protected override string ArtifactsRoot => Path.Combine(Path.GetDirectoryName(Location)!, "sweeps");

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

    /// <summary>Creates the folder of a new store file, or says why it cannot be (a part of the path is a file, no permission).</summary>
    private static void CreateFolderFor(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        for (var part = folder; !string.IsNullOrEmpty(part); part = Path.GetDirectoryName(part))
        {
            if (File.Exists(part))
            {
                throw new SweepStoreException($"The store {path} cannot be created: {part} is a file, not a folder. Pass --store with a path whose folders are folders.");
            }
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SweepStoreException($"The store {path} cannot be created: its folder {folder} cannot be made ({e.Message}).", e);
        }
    }

    /// <summary>
    /// Opens (and, when <paramref name="create"/> is true, creates) a store file, upgrading its schema if needed. A store
    /// this process cannot write (a read-only file system, no permission on the file or its folder) is opened read-only,
    /// as a snapshot, with <see cref="ReadOnlyReason"/> saying why: reading works, a write fails.
    /// </summary>
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

            CreateFolderFor(path);
        }
        else if (!create && new FileInfo(path).Length == 0)
        {
            // A read must not turn an empty file into a store (SQLite would write its schema into it).
            throw new SweepStoreException($"{path} is an empty file, not a Hypersweep store. Pass --store with the path of a store, or run a sweep with --store {path} to make it one.");
        }

        var notWritable = File.Exists(path) && !OperatingSystem.IsWindows() ? WhyNotWritable(path) : null;
        var readOnly = notWritable is not null;

        var builder = new SqliteConnectionStringBuilder
        {
            // A store that cannot be written is read as it is: without WAL files (which it could not create) and
            // without locks, as a snapshot.
            DataSource = readOnly ? new Uri(path).AbsoluteUri + "?immutable=1" : path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            string[] pragmas = readOnly
                ? ["PRAGMA foreign_keys = ON;"]
                : ["PRAGMA busy_timeout = 10000;", "PRAGMA journal_mode = WAL;", "PRAGMA synchronous = NORMAL;", "PRAGMA foreign_keys = ON;"];
            foreach (var pragma in pragmas)
            {
                using var command = connection.CreateCommand();
                command.CommandText = pragma;
                command.ExecuteNonQuery();
            }

            SqliteSchema.Upgrade(connection, path, readOnly);
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

        return new SqliteSweepStore(path, connection, notWritable);
    }

    /// <summary>
    /// Why this process cannot write the store file or make files beside it (SQLite's WAL needs both), e.g.
    /// "read-only file system"; null when it can.
    /// </summary>
    private static string? WhyNotWritable(string path)
    {
        foreach (var target in new[] { path, Path.GetDirectoryName(path)! })
        {
            if (Access(target, 2 /* W_OK */) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return $"{(errno == 30 ? "read-only file system" : errno == 13 ? "permission denied" : $"error {errno}")} for {target}";
            }
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);

    /// <summary>Runs SQLite's own consistency check; "ok" when the file is sound.</summary>
    public Task<string> CheckIntegrityAsync() => ExecuteAsync(false, async s => (string)(await s.Command("PRAGMA integrity_check;").ExecuteScalarAsync().ConfigureAwait(false))!, CancellationToken.None);

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    protected override async Task<T> ExecuteAsync<T>(bool write, Func<SqlSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!write)
            {
                return await work(_session).ConfigureAwait(false);
            }

            Prepared("BEGIN IMMEDIATE;").ExecuteNonQuery();
            try
            {
                var result = await work(_session).ConfigureAwait(false);
                Prepared("COMMIT;").ExecuteNonQuery();
                return result;
            }
            catch
            {
                RollBackIfOpen();
                throw;
            }
        }
        catch (SqliteException e)
        {
            throw new SweepStoreException($"The store {Location} failed: {Describe(e)}", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    protected override object TimeValue(DateTimeOffset time) => SqliteTime.Write(time);

    /// <inheritdoc />
    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => SqliteTime.Read(reader.GetString(ordinal));

    private SqliteCommand Prepared(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        return command;
    }

    /// <summary>
    /// Rolls back the failed transaction, unless SQLite already did: after a full disk (SQLITE_FULL), an I/O error or
    /// an interrupt it rolls back by itself, and a ROLLBACK then fails with "no transaction is active", which would
    /// hide the real cause.
    /// </summary>
    private void RollBackIfOpen()
    {
        if (_connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            Prepared("ROLLBACK;").ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Already rolled back: the error being thrown is the one that counts.
        }
    }

    private static string Describe(SqliteException e) => e.SqliteErrorCode switch
    {
        26 => "the file is not a SQLite database",
        11 => "the database file is corrupt",
        14 => "the file cannot be opened (check the path and permissions)",
        8 => "the store is read-only",
        13 => "no space left on device (the database or the disk is full)",
        _ => e.Message,
    };
}
