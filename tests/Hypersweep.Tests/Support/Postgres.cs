using Npgsql;

namespace Hypersweep.Tests.Support;

/// <summary>
/// The test PostgreSQL server (scripts/start-postgres.sh; CI starts it). Each user of <see cref="NewSchemaAsync"/> gets
/// its own schema, dropped afterwards, so tests never see each other's data.
/// </summary>
public static class Postgres
{
    /// <summary>The server: HYPERSWEEP_TEST_POSTGRES, or what scripts/start-postgres.sh starts.</summary>
    public static string Url { get; } = Environment.GetEnvironmentVariable("HYPERSWEEP_TEST_POSTGRES") ?? "postgresql://hypersweep:hypersweep@127.0.0.1:5432/hypersweep";

    /// <summary>A store URL whose tables live in a fresh schema, and a callback that drops it.</summary>
    public static async Task<(string Store, Func<Task> Drop)> NewSchemaAsync()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        var builder = Hypersweep.Storage.PostgresSweepStore.ToConnectionString(Url);
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"These tests need the test PostgreSQL server at {Url}; start it with scripts/start-postgres.sh (as root). {e.Message}", e);
        }

        return ($"{Url}?search_path={schema}", async () =>
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE;", connection);
            await drop.ExecuteNonQueryAsync();
        });
    }
}
