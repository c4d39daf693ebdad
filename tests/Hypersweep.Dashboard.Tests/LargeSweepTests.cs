using System.Text.Json;
using Hypersweep.Dashboard.Tests.Fixtures;
using Hypersweep.Storage;
using Hypersweep.Trials;
using Microsoft.Playwright;

namespace Hypersweep.Dashboard.Tests;

/// <summary>
/// A sweep of 10,000 trials (issue 17) in real headless Chromium: the page shows its first rows and every chart in
/// seconds, not the half minute of one chart trace per trial; a trial that finishes arrives as one changed row, merged
/// without reloading the page; the metric chart's aggregate (the best curves over a quantile band) is the store's data.
/// </summary>
/// <remarks>
/// Runs alone (<see cref="TimedPageTests"/>): beside the other test classes' browsers on a 2-core machine, the first
/// view's time guard measured the machine's load (31 and 33 s in two runs of the whole suite; every chart drawn takes
/// about 4.5 s in bench/'s dashboard-scale, which runs alone).
/// </remarks>
[Collection(nameof(TimedPageTests))]
public sealed class LargeSweepTests(LargeSweepFixture sweep, BrowserFixture browser) : IClassFixture<LargeSweepFixture>
{
    private const string Drawn = """
        () => document.querySelectorAll('#trials-table tbody tr').length > 0
          && [...document.querySelectorAll('section.card:not([hidden]) .chart')].every(c => c._fullLayout && c.querySelector('.main-svg'))
          && document.getElementById('metric-chart').data && document.getElementById('metric-chart').data.length > 0
        """;

    private static int Running => LargeSweepFixture.Trials - 1;

    [Fact]
    public async Task Page_ShowsAPageOfRows_AndEveryChart_WithinSeconds()
    {
        await using var page = await browser.OpenAsync();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await page.Page.GotoAsync(new Uri(sweep.Address, $"/sweeps/{sweep.Sweep.Id}").ToString());
        await page.Page.WaitForFunctionAsync(Drawn, null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        var elapsed = watch.Elapsed;

        Assert.Equal(100, await page.Page.Locator("#trials-table tbody tr").CountAsync());
        Assert.Equal($"{LargeSweepFixture.Trials} trials", await page.Page.Locator("#trial-count").InnerTextAsync());
        Assert.Equal($"rows 1–100 of {LargeSweepFixture.Trials}", await page.Page.Locator("#page-info").InnerTextAsync());
        await page.Page.Locator("#page-next").ClickAsync();
        Assert.Equal("100", await page.Page.Locator("#trials-table tbody tr").First.GetAttributeAsync("data-trial"));
        // Every trial with a value is in the charts that show trials as points, each chart a few traces.
        var withValue = (await sweep.Store.ListTrialsAsync(sweep.Sweep.Id, TestContext.Current.CancellationToken)).Count(t => t.Value is not null);
        Assert.Equal(withValue, await page.Page.EvaluateAsync<int>("() => document.getElementById('history-chart').data.find(t => t.meta.role === 'values').y.length"));
        Assert.Equal(withValue, await page.Page.EvaluateAsync<int>("() => document.getElementById('scatter-chart').data.reduce((n, t) => n + t.x.length, 0)"));
        Assert.InRange(await page.Page.EvaluateAsync<int>("() => document.getElementById('scatter-chart').data.length"), 1, 6);
        Assert.InRange(await page.Page.EvaluateAsync<int>("() => document.getElementById('metric-chart').data.length"), 4, 3 + 10 + 10);
        await page.ScreenshotAsync("large-sweep");
        await page.AssertHealthyAsync();
        // A guard against the old behaviour (about 40 s before issue 17's changes), not the target: the target (1 s) is
        // measured by bench/'s dashboard-scale and reported in bench/RESULTS.md; here the machine may run other tests at once.
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"The page took {elapsed.TotalSeconds:0.0} s to show its rows and charts.");
    }

    [Fact]
    public async Task HistoryPreview_ShowsEveryTrialWithAValue_ThenTheInteractiveChartReplacesIt()
    {
        await using var page = await browser.OpenAsync();
        // The chart library is held back until the preview has been checked, as on a slow first load.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.Page.RouteAsync("**/assets/plotly.min.js", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await page.Page.GotoAsync(new Uri(sweep.Address, $"/sweeps/{sweep.Sweep.Id}").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.Page.WaitForSelectorAsync("#history-chart canvas.chart-preview", new PageWaitForSelectorOptions { Timeout = 60_000 });
        var withValue = (await sweep.Store.ListTrialsAsync(sweep.Sweep.Id, TestContext.Current.CancellationToken)).Count(t => t.Value is not null);
        Assert.Equal(withValue.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Page.GetAttributeAsync("#history-chart canvas.chart-preview", "data-points"));
        Assert.False(await page.Page.EvaluateAsync<bool>("() => !!window.Plotly || !!document.getElementById('history-chart')._fullLayout"));
        var best = await page.Page.GetAttributeAsync("#history-chart canvas.chart-preview", "data-best");
        await page.Page.Locator("#history-chart").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "large-sweep-history-preview.png") });

        release.SetResult();
        await page.Page.WaitForFunctionAsync("() => { const c = document.getElementById('history-chart'); return c._fullLayout && c.querySelector('.main-svg') && !c.querySelector('canvas.chart-preview'); }", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        // The interactive chart shows the same points and the same best-so-far line.
        Assert.Equal(withValue, await page.Page.EvaluateAsync<int>("() => document.getElementById('history-chart').data.find(t => t.meta.role === 'values').y.length"));
        Assert.Equal(best, (await page.Page.EvaluateAsync<int>("() => document.getElementById('history-chart').data.find(t => t.meta.role === 'best').y.length")).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Page.Locator("#history-chart").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "large-sweep-history-interactive.png") });
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task TrialThatFinishes_ArrivesAsTheOneChangedRow_WithoutReloadingThePage()
    {
        await using var page = await browser.OpenAsync();
        var changes = new List<JsonElement>();
        page.Page.Response += async (_, response) =>
        {
            if (response.Url.Contains($"/api/sweeps/{sweep.Sweep.Id}/changes", StringComparison.Ordinal))
            {
                var body = JsonDocument.Parse(await response.BodyAsync()).RootElement.Clone();
                lock (changes)
                {
                    changes.Add(body);
                }
            }
        };
        await page.Page.GotoAsync(new Uri(sweep.Address, $"/sweeps/{sweep.Sweep.Id}").ToString());
        await page.Page.WaitForFunctionAsync(Drawn, null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        await page.Page.FillAsync("[data-filter='trial']", $"={Running}");
        await page.Page.WaitForSelectorAsync($"tr[data-trial='{Running}'][data-state='Running']");
        await page.Page.EvaluateAsync("() => { window.hsSamePage = true; }");
        int before;
        lock (changes)
        {
            before = changes.Count;
            Assert.True(changes[0].GetProperty("full").GetBoolean());
            Assert.Equal(LargeSweepFixture.Trials, changes[0].GetProperty("trials").GetArrayLength());
        }

        var trial = (await sweep.Writer.GetTrialAsync(sweep.Sweep.Id, Running, TestContext.Current.CancellationToken))!;
        await sweep.Writer.ChangeTrialStateAsync(trial.Id, new TrialStateChange
        {
            State = TrialState.Completed,
            Time = LargeSweep.Start.AddDays(2),
            ExitCode = 0,
            Metrics = LargeSweep.Points(trial.Parameters, trial.Number, 5, LargeSweep.Intervals, LargeSweep.Start.AddDays(1)),
        }, TestContext.Current.CancellationToken);

        await page.Page.WaitForSelectorAsync($"tr[data-trial='{Running}'][data-state='Completed']");
        Assert.True(await page.Page.EvaluateAsync<bool>("() => window.hsSamePage === true"), "The page was reloaded.");
        await Assertions.Expect(page.Page.Locator($"tr[data-trial='{Running}']")).ToContainTextAsync(LargeSweep.Intervals.ToString(System.Globalization.CultureInfo.InvariantCulture));
        JsonElement update;
        lock (changes)
        {
            update = changes.Skip(before).Last(c => c.GetProperty("trials").GetArrayLength() > 0);
        }

        Assert.False(update.GetProperty("full").GetBoolean());
        Assert.Equal(LargeSweepFixture.Trials, update.GetProperty("total").GetInt32());
        var rows = update.GetProperty("trials").EnumerateArray().ToList();
        var row = Assert.Single(rows);
        Assert.Equal(Running, row.GetProperty("number").GetInt32());
        Assert.Equal("Completed", row.GetProperty("state").GetString());
        Assert.Equal(1, await page.Page.Locator("#trials-table tbody tr").CountAsync());
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task FirstView_IsTheSummaryTheBestTheFirstPageOfRowsAndEveryValue_AsTheFullViewsHaveThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var api = $"/api/sweeps/{sweep.Sweep.Id}";
        var first = await GetAsync($"{api}/first-view");
        var detail = await GetAsync(api);
        var best = await GetAsync($"{api}/best");
        var rows = (await GetAsync($"{api}/trials")).EnumerateArray().Take(100).Select(r => r.GetRawText());

        Assert.Equal(LargeSweepFixture.Trials, first.GetProperty("total").GetInt32());
        foreach (var field in new[] { "sweep", "parameters", "metrics", "version", "spec", "objectives" })
        {
            Assert.Equal(detail.GetProperty(field).GetRawText(), first.GetProperty("detail").GetProperty(field).GetRawText());
        }

        Assert.Equal(best.GetRawText(), first.GetProperty("best").GetRawText());
        Assert.Equal(rows, first.GetProperty("trials").EnumerateArray().Select(r => r.GetRawText()));
        var valued = (await sweep.Store.ListTrialsAsync(sweep.Sweep.Id, ct)).Where(t => t.Value is not null).OrderBy(t => t.Number).ToList();
        var history = first.GetProperty("history");
        Assert.Equal(valued.Select(t => t.Number), history.GetProperty("numbers").EnumerateArray().Select(n => n.GetInt32()));
        Assert.Equal(valued.Select(t => t.Value!.Value), history.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(valued.Select(t => t.State.ToString()), history.GetProperty("states").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(0, history.GetProperty("infeasible").GetArrayLength());
    }

    [Fact]
    public async Task MetricChart_DrawsTheBestCurvesOverTheQuantileBandOfEveryTrial_AsTheStoreHasThem()
    {
        await using var page = await browser.OpenAsync();
        await page.Page.GotoAsync(new Uri(sweep.Address, $"/sweeps/{sweep.Sweep.Id}").ToString());
        await page.Page.WaitForFunctionAsync(Drawn, null, new PageWaitForFunctionOptions { Timeout = 60_000 });

        var trials = await sweep.Store.ListTrialsAsync(sweep.Sweep.Id, TestContext.Current.CancellationToken);
        var metrics = await sweep.Store.GetSweepMetricsAsync(sweep.Sweep.Id, LargeSweep.Metric, TestContext.Current.CancellationToken);
        var atStep = metrics.Values.SelectMany(points => points).GroupBy(p => p.Step!.Value).OrderBy(g => g.Key).ToList();
        Assert.Equal(atStep.Select(g => (double)g.Key), await Band(page, "band-median", "x"));
        foreach (var (role, q) in new[] { ("band-low", 0.1), ("band-median", 0.5), ("band-high", 0.9) })
        {
            var expected = atStep.Select(g => Quantile([.. g.Select(p => p.Value).Order()], q)).ToList();
            var drawn = await Band(page, role, "y");
            Assert.Equal(expected.Count, drawn.Length);
            Assert.All(expected.Zip(drawn), pair => Assert.Equal(pair.First, pair.Second, 1e-9));
        }

        // The curves: the ten best trials by accuracy and the running ones, each its own values.
        var best = trials.Where(t => t.Value is not null).OrderByDescending(t => t.Value).Take(10).Select(t => t.Number);
        var running = trials.Where(t => t.State == TrialState.Running).Select(t => t.Number);
        var curves = await page.Page.EvaluateAsync<int[]>("() => document.getElementById('metric-chart').data.filter(t => t.meta && t.meta.number !== undefined).map(t => t.meta.number)");
        Assert.Equal(best.Concat(running).Distinct().Order(), curves.Order());
        var top = trials.Where(t => t.Value is not null).MaxBy(t => t.Value)!;
        var drawnTop = await page.Page.EvaluateAsync<double[]>($"() => document.getElementById('metric-chart').data.find(t => t.meta && t.meta.number === {top.Number}).y");
        Assert.Equal(metrics[top.Id].Select(p => p.Value), drawnTop);
        Assert.Contains($"of {LargeSweepFixture.Trials} trials", await page.Page.Locator("#metric-chart .gtitle").TextContentAsync() ?? string.Empty, StringComparison.Ordinal);
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task ChangesApi_SendsEveryRowFirst_ThenOnlyTheRunningOnes_AndEveryRowForACursorOfAnotherProcess()
    {
        var first = await GetAsync($"/api/sweeps/{sweep.Sweep.Id}/changes");
        Assert.True(first.GetProperty("full").GetBoolean());
        Assert.Equal(LargeSweepFixture.Trials, first.GetProperty("trials").GetArrayLength());
        var cursor = first.GetProperty("cursor").GetString()!;

        var next = await GetAsync($"/api/sweeps/{sweep.Sweep.Id}/changes?since={Uri.EscapeDataString(cursor)}");
        Assert.False(next.GetProperty("full").GetBoolean());
        var running = (await sweep.Store.ListTrialsAsync(sweep.Sweep.Id, TestContext.Current.CancellationToken)).Where(t => t.State == TrialState.Running).Select(t => t.Number);
        Assert.Equal(running, next.GetProperty("trials").EnumerateArray().Select(r => r.GetProperty("number").GetInt32()));

        var stranger = await GetAsync($"/api/sweeps/{sweep.Sweep.Id}/changes?since=0badc0de-5");
        Assert.True(stranger.GetProperty("full").GetBoolean());
        Assert.Equal(LargeSweepFixture.Trials, stranger.GetProperty("trials").GetArrayLength());
    }

    private async Task<JsonElement> GetAsync(string url) =>
        JsonDocument.Parse(await sweep.Http.GetStringAsync(url, TestContext.Current.CancellationToken)).RootElement.Clone();

    private static Task<double[]> Band(BrowserPage page, string role, string axis) =>
        page.Page.EvaluateAsync<double[]>($"() => document.getElementById('metric-chart').data.find(t => t.meta && t.meta.role === '{role}').{axis}");

    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}

/// <summary>The tests whose timing is asserted: they run after the others, one at a time.</summary>
[CollectionDefinition(nameof(TimedPageTests), DisableParallelization = true)]
public sealed class TimedPageTests;
