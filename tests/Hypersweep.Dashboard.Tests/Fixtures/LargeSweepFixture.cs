using Hypersweep.Storage;
using Microsoft.AspNetCore.Builder;

namespace Hypersweep.Dashboard.Tests.Fixtures;

/// <summary>
/// A store of its own holding one sweep of <see cref="Trials"/> trials (<see cref="LargeSweep"/>: 20 values of two
/// metrics each, the last trial running) and a dashboard serving it, so the other tests' store keeps its three sweeps.
/// <see cref="Writer"/> is a second connection that writes as a running sweep would.
/// </summary>
public sealed class LargeSweepFixture : IAsyncLifetime
{
    public const int Trials = 10_000;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "hypersweep-large-sweep-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public SweepRecord Sweep { get; private set; } = null!;

    public SqliteSweepStore Writer { get; private set; } = null!;

    public ISweepStore Store { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var path = Path.Combine(Root, "hypersweep.db");
        Writer = SqliteSweepStore.Open(path);
        Sweep = await LargeSweep.CreateAsync(Writer, Trials);
        Store = SweepStores.Open(path, create: false);
        App = DashboardApp.Build(Store, new DashboardOptions { Port = 0, RefreshInterval = TimeSpan.FromMilliseconds(200) });
        await App.StartAsync();
        Address = DashboardApp.AddressOf(App);
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        if (Store is not null)
        {
            await Store.DisposeAsync();
        }

        if (Writer is not null)
        {
            await Writer.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaning.
        }
    }
}
