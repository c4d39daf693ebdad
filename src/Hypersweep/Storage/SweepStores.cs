namespace Hypersweep.Storage;

/// <summary>Opens the store a <c>--store</c> value names.</summary>
public static class SweepStores
{
    /// <summary>
    /// Opens a store: null for the default SQLite file <c>.hypersweep/hypersweep.db</c> under the working directory, or a
    /// SQLite file path (a folder means the default file name inside it).
    /// </summary>
    /// <param name="store">The <c>--store</c> value.</param>
    /// <param name="create">Create the store when it does not exist (false for commands that only read).</param>
    /// <exception cref="SweepStoreException">The store does not exist (and create is false) or cannot be opened.</exception>
    public static ISweepStore Open(string? store, bool create)
    {
        return SqliteSweepStore.Open(SqliteSweepStore.ResolvePath(store), create);
    }
}
