namespace Hypersweep.Storage;

/// <summary>Opens the store a <c>--store</c> value names.</summary>
public static class SweepStores
{
    /// <summary>
    /// Opens a store: null for the default SQLite file <c>.hypersweep/hypersweep.db</c> under the working directory, a
    /// SQLite file path (a folder means the default file name inside it), or a PostgreSQL database
    /// (<c>postgresql://user:pass@host/db</c> or <c>Host=...;</c>).
    /// </summary>
    /// <param name="store">The <c>--store</c> value.</param>
    /// <param name="create">Create a SQLite store when it does not exist (false for commands that only read).</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <exception cref="SweepStoreException">The store does not exist (and create is false) or cannot be opened.</exception>
    public static async Task<ISweepStore> OpenAsync(string? store, bool create, CancellationToken cancellationToken = default)
    {
        if (!PostgresSweepStore.IsPostgres(store))
        {
            return SqliteSweepStore.Open(SqliteSweepStore.ResolvePath(store), create);
        }

        try
        {
            return await PostgresSweepStore.OpenAsync(store!, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException or KeyNotFoundException)
        {
            throw new SweepStoreException($"The store '{Redact(store!)}' is not a valid PostgreSQL URL or connection string: {e.Message}", e);
        }
    }

    /// <summary>Opens a store synchronously; see <see cref="OpenAsync"/>.</summary>
    public static ISweepStore Open(string? store, bool create) => OpenAsync(store, create).GetAwaiter().GetResult();

    /// <summary>The store value without a password, for messages.</summary>
    public static string Redact(string store) =>
        System.Text.RegularExpressions.Regex.Replace(store, "(://[^:/@]+:)[^@]*@|(Password=)[^;]*", m => m.Groups[1].Success ? m.Groups[1].Value + "***@" : m.Groups[2].Value + "***", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
}
