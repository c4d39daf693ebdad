using Hypersweep.Storage;
using Hypersweep.Trials;
using Microsoft.AspNetCore.Builder;

[assembly: AssemblyFixture(typeof(Hypersweep.Dashboard.Tests.Fixtures.DashboardFixture))]

namespace Hypersweep.Dashboard.Tests.Fixtures;

/// <summary>
/// One real SQLite store for the whole test run, filled by real sweeps: a finished one, one that keeps running (two
/// trials waiting) and a small live one a test advances; and the real dashboard (Kestrel on 127.0.0.1, a free port)
/// reading that store through its own connection, as <c>hypersweep dashboard</c> would.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _liveRelease = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SqliteSweepStore? _runnerStore;
    private ISweepStore? _dashboardStore;
    private Task? _running;
    private Task? _live;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "hypersweep-dashboard-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public string StorePath => Path.Combine(Root, "hypersweep.db");

    public SweepRecord Finished { get; private set; } = null!;

    /// <summary>Why the policy stopped each terminated trial of the finished sweep, as recorded in the store.</summary>
    public IReadOnlyDictionary<int, string> TerminatedReasons { get; private set; } = new Dictionary<int, string>();

    public SweepRecord Running { get; private set; } = null!;

    public SweepRecord Live { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The dashboard's own store connection (for reading what the dashboard should show).</summary>
    public ISweepStore Store => _dashboardStore!;

    /// <summary>Lets the live sweep's first trial report its third interval and complete.</summary>
    public void ReleaseLiveTrial() => _liveRelease.TrySetResult();

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        _runnerStore = SqliteSweepStore.Open(StorePath);
        var finished = await SweepScenarios.RunFinishedAsync(_runnerStore, _stop.Token);
        await _runnerStore.LabelSweepAsync(finished.Sweep.Id, new Dictionary<string, string> { ["owner"] = "ana", ["stage"] = "baseline" }, "first full run", _stop.Token);
        Finished = (await _runnerStore.GetSweepAsync(finished.Sweep.Id, _stop.Token))!;
        TerminatedReasons = finished.Trials.Where(t => t.State == TrialState.Terminated).ToDictionary(t => t.Number, t => t.Message!);

        _running = Task.Run(() => SweepScenarios.RunRunningAsync(_runnerStore, _stop.Token));
        Running = await SweepScenarios.WaitForAsync(_runnerStore, SweepScenarios.RunningName, trials =>
            trials.Count(t => t.State == TrialState.Completed) == SweepScenarios.RunningCompleted &&
            trials.Count(t => t.State == TrialState.Running && t.Intervals == SweepScenarios.RunningIntervals) == SweepScenarios.RunningBlocked, _running, StartTimeout);

        _live = Task.Run(() => SweepScenarios.RunLiveAsync(_runnerStore, _liveRelease.Task, _stop.Token));
        Live = await SweepScenarios.WaitForAsync(_runnerStore, SweepScenarios.LiveName, trials =>
            trials.Count == 1 && trials[0].State == TrialState.Running && trials[0].Intervals == 2, _live, StartTimeout);

        _dashboardStore = SweepStores.Open(StorePath, create: false);
        App = DashboardApp.Build(_dashboardStore, new DashboardOptions { Port = 0, RefreshInterval = TimeSpan.FromMilliseconds(200) });
        await App.StartAsync();
        Address = DashboardApp.AddressOf(App);
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        await _stop.CancelAsync();
        foreach (var task in new[] { _running, _live })
        {
            if (task is not null)
            {
                await task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        if (_dashboardStore is not null)
        {
            await _dashboardStore.DisposeAsync();
        }

        if (_runnerStore is not null)
        {
            await _runnerStore.DisposeAsync();
        }

        _stop.Dispose();
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
