using Hypersweep.Storage;

namespace Hypersweep.Tests.Support;

/// <summary>A test with its own folder and a real SQLite store in it, closed and deleted afterwards.</summary>
public abstract class SqliteStoreTest : IAsyncLifetime
{
    protected TempDirectory Dir { get; } = new();

    protected SqliteSweepStore Store { get; private set; } = null!;

    public virtual ValueTask InitializeAsync()
    {
        Store = SqliteSweepStore.Open(Dir["hypersweep.db"]);
        return ValueTask.CompletedTask;
    }

    public virtual async ValueTask DisposeAsync()
    {
        // Null when a derived class's InitializeAsync failed before the store was opened.
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }

        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
