using Hypersweep.Storage;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Storage;

/// <summary>The store contract against a real PostgreSQL server, each test in its own schema.</summary>
public sealed class PostgresSweepStoreTests : SweepStoreContract
{
    private Func<Task>? _drop;

    protected override async Task<ISweepStore> CreateStoreAsync()
    {
        var (store, drop) = await Postgres.NewSchemaAsync();
        _drop = drop;
        return await SweepStores.OpenAsync(store, create: true);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_drop is not null)
        {
            await _drop();
        }
    }

    [Fact]
    public async Task Url_SelectsPostgres_AndTheLocationHidesThePassword()
    {
        Assert.True(PostgresSweepStore.IsPostgres("postgresql://u:secret@h/db"));
        Assert.True(PostgresSweepStore.IsPostgres("Host=h;Username=u;Database=db"));
        Assert.False(PostgresSweepStore.IsPostgres("/tmp/x.db"));
        Assert.DoesNotContain("hypersweep:hypersweep", Store.Location, StringComparison.Ordinal);
        Assert.StartsWith("postgresql://hypersweep@127.0.0.1:5432/hypersweep", Store.Location, StringComparison.Ordinal);
        Assert.Equal("postgresql://u:***@h/db", SweepStores.Redact("postgresql://u:secret@h/db"));
        Assert.Equal("Host=h;Password=***;Database=d", SweepStores.Redact("Host=h;Password=secret;Database=d"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task UnreachableServer_IsAClearError()
    {
        var error = await Assert.ThrowsAsync<SweepStoreException>(() => SweepStores.OpenAsync("postgresql://nobody:pw@127.0.0.1:1/none", create: true));

        Assert.Contains("The store postgresql://nobody@127.0.0.1:1/none cannot be opened", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", error.Message, StringComparison.Ordinal);
    }
}
