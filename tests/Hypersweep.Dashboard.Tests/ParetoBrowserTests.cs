using System.Net.Http.Json;
using System.Text.Json;
using Hypersweep.Dashboard.Tests.Fixtures;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.Sweeps;
using Hypersweep.Trials;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Hypersweep.Dashboard.Tests;

/// <summary>
/// Multi-objective sweeps on the dashboard and in the report, in real Chromium over a real SQLite store: two objectives
/// with a constraint (a scatter with the front highlighted and infeasible trials crossed) and three objectives (one line
/// per front trial across the objectives), and the hypervolume over finished trials.
/// </summary>
public sealed class ParetoBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const int Trials = 12;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hypersweep-pareto-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private SqliteSweepStore _store = null!;
    private WebApplication _app = null!;
    private Uri _address = null!;
    private SweepResult _two = null!;
    private SweepResult _three = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _store = SqliteSweepStore.Open(Path.Combine(_root, "hypersweep.db"));
        // size 1..6 on a grid with two tweaks: accuracy and latency both grow with size; memory breaks 4000 above size 4.
        _two = await new Sweep(Spec("two", [new Objective("latency_ms", Goal.Minimize)], [new Constraint("memory_mb", ConstraintBound.AtMost, 4000)])) { Store = _store }.RunAsync((trial, _) =>
        {
            var size = trial.GetInt32("size");
            var tweak = trial.GetDouble("tweak");
            trial.Report("memory_mb", 1000 * size, 1);
            trial.Report("accuracy", 0.5 + (0.08 * size) - (0.1 * Math.Abs(tweak - 0.5)), 1);
            trial.Report("latency_ms", 10 * size, 1);
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken);
        _three = await new Sweep(Spec("three", [new Objective("latency_ms", Goal.Minimize), new Objective("size_mb", Goal.Minimize)], [])) { Store = _store }.RunAsync((trial, _) =>
        {
            var size = trial.GetInt32("size");
            var tweak = trial.GetDouble("tweak");
            trial.Report("accuracy", 0.5 + (0.08 * size) - (0.1 * Math.Abs(tweak - 0.5)), 1);
            trial.Report("latency_ms", 10 * size * (1 + tweak), 1);
            trial.Report("size_mb", 100 * size * (2 - tweak), 1);
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken);
        _app = DashboardApp.Build(_store, new DashboardOptions { Port = 0 });
        await _app.StartAsync();
        _address = DashboardApp.AddressOf(_app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static SweepSpec Spec(string name, IReadOnlyList<Objective> more, IReadOnlyList<Constraint> constraints) => new()
    {
        Name = name,
        SearchSpace = new SearchSpace { { "size", Distributions.Choice(1L, 2L, 3L, 4L, 5L, 6L) }, { "tweak", Distributions.Choice(0.5, 0.9) } },
        Objective = new Objective("accuracy", Goal.Maximize),
        SecondaryObjectives = more,
        Constraints = constraints,
        Sampling = new SamplingSpec(SamplingAlgorithm.Grid),
        Limits = new SweepLimits { MaxTotalTrials = Trials, MaxConcurrentTrials = 1 },
    };

    [Fact]
    public async Task TwoObjectives_FrontIsHighlighted_InfeasibleTrialsAreCrossed_AndTheHypervolumeGrows()
    {
        using var http = new HttpClient { BaseAddress = _address };
        var front = await http.GetFromJsonAsync<JsonElement>($"/api/sweeps/{_two.Sweep.Id}/front", TestContext.Current.CancellationToken);
        // Sizes 1..4 with tweak 0.5 are the front (tweak 0.9 has the same latency and less accuracy; 5 and 6 are infeasible).
        var expected = _two.Trials.Where(t => t.Parameters["size"].AsInt64() <= 4 && t.Parameters["tweak"].AsDouble() == 0.5).Select(t => t.Number).Order().ToArray();
        Assert.Equal(expected, front.GetProperty("front").EnumerateArray().Select(e => e.GetInt32()).Order());
        var hv = front.GetProperty("hypervolume").EnumerateArray().Select(p => p.GetProperty("hypervolume").GetDouble()).ToList();
        Assert.Equal(Trials, hv.Count);
        Assert.True(hv.Zip(hv.Skip(1)).All(p => p.Second >= p.First), "the hypervolume never shrinks as trials finish");

        await using var page = await browser.OpenAsync();
        await page.Page.GotoAsync(new Uri(_address, $"/sweeps/{_two.Sweep.Id}").AbsoluteUri);
        await page.Page.WaitForFunctionAsync("() => document.getElementById('front-chart').data && document.getElementById('hypervolume-chart').data");

        Assert.False(await page.Page.Locator("#front-card").IsHiddenAsync());
        Assert.Equal(4, await Points(page, "front"));
        Assert.Equal(4, await Points(page, "infeasible"));
        Assert.Equal(4, await Points(page, "others"));
        Assert.Equal(12, await page.Page.Locator("#front-chart .scatterlayer .point").CountAsync());
        await Assertions.Expect(page.Page.Locator("#front-info")).ToContainTextAsync("4 trials on the front");
        await Assertions.Expect(page.Page.Locator("#front-info")).ToContainTextAsync("memory_mb <= 4000");
        Assert.Equal(Trials, await page.Page.EvaluateAsync<int>("() => document.getElementById('hypervolume-chart').data[0].y.length"));
        // The table says which trials are on the front and why the others are infeasible.
        await Assertions.Expect(page.Page.Locator("#trials-table tr.titles")).ToContainTextAsync("latency_ms (last, minimize)");
        await Assertions.Expect(page.Page.Locator("#trials-table tbody td.note").Filter(new() { HasText = "infeasible: memory_mb = 5000 breaks memory_mb <= 4000" })).ToHaveCountAsync(2);
        await page.ScreenshotAsync("pareto-two");
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task ThreeObjectives_EachFrontTrialIsALineAcrossTheObjectives_InTheDashboardAndTheOfflineReport()
    {
        var frontCount = Pareto.ParetoFront.Of(_three.Trials, _three.Sweep.Objectives).Count;
        Assert.True(frontCount >= 3, $"the scenario has a front of {frontCount}");
        var path = Path.Combine(_root, "report.html");
        await File.WriteAllTextAsync(path, await Report.SweepReport.RenderAsync(_store, _three.Sweep.Id, cancellationToken: TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

        foreach (var url in new[] { new Uri(_address, $"/sweeps/{_three.Sweep.Id}").AbsoluteUri, new Uri(path).AbsoluteUri })
        {
            await using var page = await browser.OpenAsync();
            await page.Page.GotoAsync(url);
            await page.Page.WaitForFunctionAsync("() => document.getElementById('front-chart').data && document.getElementById('hypervolume-chart').data");

            Assert.Equal(frontCount, await page.Page.EvaluateAsync<int>("() => document.getElementById('front-chart').data.length"));
            Assert.Equal(3, await page.Page.EvaluateAsync<int>("() => document.getElementById('front-chart').data[0].x.length"));
            Assert.Equal(frontCount, await page.Page.Locator("#front-chart .scatterlayer .trace").CountAsync());
            Assert.Equal(["accuracy (maximize)", "latency_ms (minimize)", "size_mb (minimize)"], await page.Page.EvaluateAsync<string[]>("() => document.getElementById('front-chart').layout.xaxis.ticktext"));
            await page.ScreenshotAsync(url.StartsWith("file:", StringComparison.Ordinal) ? "pareto-three-report" : "pareto-three");
            await page.AssertHealthyAsync();
        }
    }

    private static Task<int> Points(BrowserPage page, string role) =>
        page.Page.EvaluateAsync<int>($"() => document.getElementById('front-chart').data.find(t => t.meta.role === '{role}').x.length");
}
