using System.Data.Common;
using Npgsql;
using static Hypersweep.Storage.SqlParameter;

namespace Hypersweep.Storage;

/// <summary>
/// A store in a PostgreSQL database, for sweeps shared by workers on several machines. It behaves exactly as the
/// SQLite store (one shared contract test runs against both); writers lock the sweep's row, workers claim queued
/// trials with <c>FOR UPDATE SKIP LOCKED</c>. Named by a URL (<c>postgresql://user:pass@host:5432/db</c>) or an Npgsql
/// connection string (<c>Host=...;Username=...;Database=...</c>). Trial folders are local to the machine that runs the
/// trial, under the artifacts folder (a shared filesystem keeps them together).
/// </summary>
public sealed class PostgresSweepStore : SqlSweepStore
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresSweepStore(NpgsqlDataSource dataSource, string location, string artifactsRoot)
    {
        _dataSource = dataSource;
        Location = location;
        ArtifactsRoot = artifactsRoot;
    }

    /// <inheritdoc />
    public override string Location { get; }

    /// <inheritdoc />
    protected override string ArtifactsRoot { get; }

    /// <inheritdoc />
    protected override string? LockSweepSql => "SELECT id FROM sweeps WHERE id = @sweep FOR UPDATE;";

    /// <inheritdoc />
    protected override string StaleRowsLockSql => " FOR UPDATE OF t SKIP LOCKED";

    /// <summary>True when a <c>--store</c> value names a PostgreSQL database rather than a SQLite file.</summary>
    public static bool IsPostgres(string? store) => store is not null
        && (store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || store.Contains("Host=", StringComparison.OrdinalIgnoreCase));

    /// <summary>Connects, creating the schema (and the search-path schema, when one is named) or upgrading it as needed.</summary>
    /// <param name="store">A postgresql:// URL or an Npgsql connection string.</param>
    /// <param name="artifactsRoot">Where trial folders go on this machine. <value>The default is .hypersweep/sweeps under the working directory.</value></param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <exception cref="SweepStoreException">The database cannot be reached or is not usable; the message names it without the password.</exception>
    public static async Task<PostgresSweepStore> OpenAsync(string store, string? artifactsRoot = null, CancellationToken cancellationToken = default)
    {
        var builder = ToConnectionString(store);
        var location = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}{(builder.SearchPath is { Length: > 0 } sp ? $"?search_path={sp}" : string.Empty)}";
        var dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await PostgresSchema.UpgradeAsync(connection, location, builder.SearchPath?.Split(',')[0].Trim(), cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw new SweepStoreException($"The store {location} cannot be opened: {e.Message}", e);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var root = Path.GetFullPath(artifactsRoot ?? Path.Combine(SqliteSweepStore.DefaultFolder, "sweeps"));
        return new PostgresSweepStore(dataSource, location, root);
    }

    /// <summary>Turns a postgresql:// URL (or a connection string) into Npgsql settings.</summary>
    public static NpgsqlConnectionStringBuilder ToConnectionString(string store)
    {
        if (!store.Contains("://", StringComparison.Ordinal))
        {
            return new NpgsqlConnectionStringBuilder(store);
        }

        var uri = new Uri(store);
        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = Uri.UnescapeDataString(user[0]),
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : null,
        };
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            builder[key switch { "search_path" => "Search Path", "sslmode" => "SSL Mode", _ => key }] = value;
        }

        return builder;
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <inheritdoc />
    protected override async Task<T> ExecuteAsync<T>(bool write, Func<SqlSession, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (!write)
            {
                return await work(new SqlSession(connection, null)).ConfigureAwait(false);
            }

            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await work(new SqlSession(connection, tx)).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (NpgsqlException e)
        {
            throw new SweepStoreException($"The store {Location} failed: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    protected override async Task<long?> ClaimQueuedAsync(SqlSession session, long sweepId, string workerId, CancellationToken cancellationToken) =>
        await session.Command(
            """
            UPDATE trials SET worker = @worker WHERE id = (
                SELECT id FROM trials WHERE sweep_id = @sweep AND state = 'Queued' AND worker IS NULL
                ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id;
            """,
            Param("@worker", workerId), Param("@sweep", sweepId)).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id ? id : null;

    /// <inheritdoc />
    protected override object TimeValue(DateTimeOffset time) => time.UtcDateTime;

    /// <inheritdoc />
    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));
}
