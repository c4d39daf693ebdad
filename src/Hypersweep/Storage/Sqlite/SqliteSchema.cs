using Microsoft.Data.Sqlite;

namespace Hypersweep.Storage;

/// <summary>
/// The SQLite schema as numbered migrations. <c>PRAGMA user_version</c> holds the version a file is at; opening a
/// file applies the missing migrations in one transaction. A file written by a newer Hypersweep is refused.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The migrations, in order; migration i brings a file from version i to version i + 1.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE sweeps(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            spec TEXT NOT NULL,
            spec_path TEXT,
            primary_metric TEXT NOT NULL,
            goal TEXT NOT NULL,
            sampler TEXT NOT NULL,
            policy TEXT,
            seed INTEGER NOT NULL,
            state TEXT NOT NULL,
            message TEXT,
            created_at TEXT NOT NULL,
            ended_at TEXT,
            artifacts_dir TEXT NOT NULL);
        CREATE INDEX sweeps_by_name ON sweeps(name, id);
        CREATE TABLE trials(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sweep_id INTEGER NOT NULL REFERENCES sweeps(id),
            number INTEGER NOT NULL,
            params TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL,
            started_at TEXT,
            ended_at TEXT,
            exit_code INTEGER,
            message TEXT,
            value REAL,
            intervals INTEGER NOT NULL DEFAULT 0,
            pid INTEGER,
            host TEXT,
            UNIQUE(sweep_id, number));
        CREATE TABLE trial_events(
            trial_id INTEGER NOT NULL REFERENCES trials(id),
            seq INTEGER NOT NULL,
            state TEXT NOT NULL,
            time TEXT NOT NULL,
            message TEXT,
            PRIMARY KEY(trial_id, seq)) WITHOUT ROWID;
        CREATE TABLE metrics(
            trial_id INTEGER NOT NULL REFERENCES trials(id),
            seq INTEGER NOT NULL,
            name TEXT NOT NULL,
            value REAL,
            step INTEGER,
            time TEXT NOT NULL,
            PRIMARY KEY(trial_id, seq)) WITHOUT ROWID;
        CREATE INDEX metrics_by_name ON metrics(name, trial_id);
        """,
        """
        ALTER TABLE trials ADD COLUMN retry_of INTEGER REFERENCES trials(id);
        ALTER TABLE trials ADD COLUMN resumed_from INTEGER REFERENCES trials(id);
        ALTER TABLE sweeps ADD COLUMN controller_pid INTEGER;
        ALTER TABLE sweeps ADD COLUMN controller_host TEXT;
        ALTER TABLE sweeps ADD COLUMN warm_start TEXT NOT NULL DEFAULT '[]';
        """,
        """
        CREATE TABLE workers(
            id TEXT PRIMARY KEY,
            sweep_id INTEGER NOT NULL REFERENCES sweeps(id),
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            heartbeat_at TEXT NOT NULL,
            stopped_at TEXT);
        ALTER TABLE trials ADD COLUMN worker TEXT REFERENCES workers(id);
        CREATE INDEX trials_by_state ON trials(sweep_id, state);
        """,
        SharedMigrations.EndReason,
        SharedMigrations.TrialInvocation,
        SharedMigrations.ObjectivesAndConstraints,
        SharedMigrations.SweepManagement,
    ];

    /// <summary>The migrations, for tests that build a store as an older version wrote it.</summary>
    internal static IReadOnlyList<string> MigrationsForTests => Migrations;

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>
    /// Brings a connection's file to the current version. The version is read again under the write lock before
    /// migrating (BEGIN IMMEDIATE), so processes opening a new store at once take turns: one makes the schema, the
    /// others find it made (before, a second one failed with "table sweeps already exists", or called the store
    /// "not a Hypersweep store" when the tables appeared between its two reads).
    /// </summary>
    public static void Upgrade(SqliteConnection connection, string path, bool readOnly = false)
    {
        // Only a store at the current version is taken without the lock: two separate reads of the version and the
        // tables could straddle another process's migration.
        if (UserVersion(connection, null) == CurrentVersion)
        {
            return;
        }

        if (readOnly)
        {
            throw new SweepStoreException($"The store {path} was written by an older Hypersweep (schema {Check(connection, null, path)}) and must be upgraded to {CurrentVersion}, but it is read-only. Open it once where it can be written.");
        }

        using var tx = connection.BeginTransaction(deferred: false);
        for (var v = Check(connection, tx, path); v < CurrentVersion; v++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = Migrations[v] + $"\nPRAGMA user_version = {v + 1};";
            command.ExecuteNonQuery();
        }

        tx.Commit();
    }

    /// <summary>The file's schema version, after checking that this Hypersweep can use it.</summary>
    private static int Check(SqliteConnection connection, SqliteTransaction? tx, string path)
    {
        var version = UserVersion(connection, tx);
        if (version == 0 && HasTables(connection, tx))
        {
            throw new SweepStoreException($"The file {path} is a SQLite database but not a Hypersweep store.");
        }

        if (version > CurrentVersion)
        {
            throw new SweepStoreException($"The store {path} was written by a newer Hypersweep (schema {version}; this one knows up to {CurrentVersion}). Upgrade Hypersweep to open it.");
        }

        return version;
    }

    private static int UserVersion(SqliteConnection connection, SqliteTransaction? tx)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool HasTables(SqliteConnection connection, SqliteTransaction? tx)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table';";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
