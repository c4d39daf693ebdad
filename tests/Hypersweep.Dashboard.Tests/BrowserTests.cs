using Hypersweep.Dashboard.Tests.Fixtures;
using Microsoft.Playwright;

namespace Hypersweep.Dashboard.Tests;

/// <summary>
/// The dashboard in real headless Chromium over the real store: tables, chart traces and parallel-coordinates axes
/// with the right counts, live updates, the trial page and the offline report. Every page must load nothing from other
/// machines and log no script error; each test saves a screenshot under screenshots/.
/// </summary>
public sealed class BrowserTests(DashboardFixture dashboard, BrowserFixture browser)
{
    private const string TableRows = "#trials-table tbody tr";

    [Fact]
    public async Task SweepsPage_ListsEverySweep_WithStateProgressAndBest()
    {
        await using var page = await OpenAsync("/");

        await page.Page.WaitForFunctionAsync("() => document.querySelectorAll('#sweeps-table tbody tr[data-sweep]').length === 3");
        var finished = page.Page.Locator($"#sweeps-table tr[data-sweep='{dashboard.Finished.Id}']");
        await Assertions.Expect(finished).ToContainTextAsync(SweepScenarios.FinishedName);
        await Assertions.Expect(finished).ToContainTextAsync("completed");
        await Assertions.Expect(finished).ToContainTextAsync("10/10 done");
        await Assertions.Expect(finished).ToContainTextAsync("bandit");
        // Its tags and note (hypersweep tag) under its name; the others have none.
        Assert.Equal(["owner=ana", "stage=baseline"], await finished.Locator(".chip.tag").AllInnerTextsAsync());
        await Assertions.Expect(finished.Locator(".note")).ToHaveTextAsync("first full run");
        Assert.Equal(2, await page.Page.Locator("#sweeps-table .chip.tag").CountAsync());
        var running = page.Page.Locator($"#sweeps-table tr[data-sweep='{dashboard.Running.Id}']");
        await Assertions.Expect(running).ToContainTextAsync("running");
        await Assertions.Expect(running).ToContainTextAsync("2 running");
        await page.ScreenshotAsync("sweeps");
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task FinishedSweepPage_ShowsTheTable_TheMetricTraces_AndOneAxisPerParameterPlusTheMetric()
    {
        await using var page = await OpenSweepAsync(dashboard.Finished.Id, SweepScenarios.FinishedTrials);

        Assert.Equal(SweepScenarios.FinishedTrials, await Count(page, TableRows));
        Assert.Equal(["owner=ana", "stage=baseline"], await page.Page.Locator("#summary .chip.tag").AllInnerTextsAsync());
        await Assertions.Expect(page.Page.Locator("#summary .note")).ToHaveTextAsync("first full run");
        Assert.Equal(SweepScenarios.FinishedTrials, await page.Page.EvaluateAsync<int>("() => document.getElementById('metric-chart').data.length"));
        Assert.Equal(SweepScenarios.FinishedTrials, await Count(page, "#metric-chart .scatterlayer .trace"));
        // Terminated trials are dotted and end in a cross, visibly unlike the others.
        Assert.Equal(SweepScenarios.Terminated.Count, await page.Page.EvaluateAsync<int>("() => document.getElementById('metric-chart').data.filter(t => t.line.dash === 'dot').length"));
        Assert.Equal(SweepScenarios.Terminated.Count, await page.Page.EvaluateAsync<int>("() => document.getElementById('metric-chart').data.filter(t => t.marker.symbol[t.marker.symbol.length - 1] === 'x').length"));
        Assert.Equal(SweepScenarios.Terminated.Count, await Count(page, "#trials-table tbody tr.row-terminated"));
        Assert.Equal(dashboard.TerminatedReasons[3], await page.Page.Locator("#trials-table tbody tr.row-terminated td.note").First.InnerTextAsync());

        // Parallel coordinates: learning_rate, layers, optimizer and the metric, one line per trial with a value, colored by it.
        Assert.Equal(4, await page.Page.EvaluateAsync<int>("() => document.getElementById('parcoords-chart').data[0].dimensions.length"));
        Assert.Equal(4, await Count(page, "#parcoords-chart g.y-axis"));
        Assert.Equal(SweepScenarios.FinishedTrials, await page.Page.EvaluateAsync<int>("() => document.getElementById('parcoords-chart').data[0].line.color.length"));
        Assert.Equal(["learning_rate (log)", "layers", "optimizer", "accuracy (maximize)"],
            await page.Page.EvaluateAsync<string[]>("() => document.getElementById('parcoords-chart').data[0].dimensions.map(d => d.label)"));

        // The scatter: every trial with a value, grouped by state.
        Assert.Equal(SweepScenarios.FinishedTrials, await page.Page.EvaluateAsync<int>("() => document.getElementById('scatter-chart').data.reduce((n, t) => n + t.x.length, 0)"));
        // Charts have titles and axis labels.
        // The trials log each value with its epoch as the step, so the x-axis is the step they gave.
        Assert.Contains("accuracy per step", await page.Page.Locator("#metric-chart .gtitle").TextContentAsync() ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("step (as logged)", await page.Page.Locator("#metric-chart .xtitle").TextContentAsync());
        var terminatedSteps = await page.Page.EvaluateAsync<int[]>("() => document.getElementById('metric-chart').data.find(t => t.meta.state === 'Terminated').x");
        Assert.Equal("1,2,3", string.Join(",", terminatedSteps));
        // The best trial, with its metrics and arguments.
        await Assertions.Expect(page.Page.Locator("#best")).ToContainTextAsync("--learning_rate");
        await Assertions.Expect(page.Page.Locator("#best")).ToContainTextAsync("loss");
        // Optimization history: every trial's value and the best so far, which never gets worse (accuracy is maximized).
        Assert.Equal(SweepScenarios.FinishedTrials, await page.Page.EvaluateAsync<int>("() => document.getElementById('history-chart').data.find(t => t.meta.role === 'values').y.length"));
        Assert.True(await page.Page.EvaluateAsync<bool>("() => { const b = document.getElementById('history-chart').data.find(t => t.meta.role === 'best').y; return b.every((v, i) => i === 0 || v >= b[i - 1]); }"));
        Assert.Equal(
            await page.Page.EvaluateAsync<double>("() => Math.max(...document.getElementById('history-chart').data.find(t => t.meta.role === 'values').y)"),
            await page.Page.EvaluateAsync<double>("() => { const b = document.getElementById('history-chart').data.find(t => t.meta.role === 'best').y; return b[b.length - 1]; }"));
        await page.Page.Locator("#history-axis").SelectOptionAsync("time");
        await page.Page.WaitForFunctionAsync("() => document.getElementById('history-chart').layout.xaxis.type === 'date'");
        // Slices: one panel per parameter, each with a dot for every trial with a value, learning_rate on a log axis.
        Assert.Equal(["learning_rate", "layers", "optimizer"], await page.Page.EvaluateAsync<string[]>("() => document.getElementById('slices-chart').data.map(t => t.meta.parameter)"));
        Assert.All(await page.Page.EvaluateAsync<int[]>("() => document.getElementById('slices-chart').data.map(t => t.x.length)"), n => Assert.Equal(SweepScenarios.FinishedTrials, n));
        Assert.Equal("log", await page.Page.EvaluateAsync<string>("() => document.getElementById('slices-chart').layout.xaxis.type"));
        // Contour: an interpolated surface over learning_rate and layers with every trial on top; a choice works as an axis too.
        Assert.Equal(SweepScenarios.FinishedTrials, await page.Page.EvaluateAsync<int>("() => document.getElementById('contour-chart').data.find(t => t.meta.role === 'trials').x.length"));
        Assert.Equal(40, await page.Page.EvaluateAsync<int>("() => document.getElementById('contour-chart').data.find(t => t.meta.role === 'surface').z.length"));
        await page.Page.Locator("#contour-y").SelectOptionAsync("optimizer");
        await page.Page.WaitForFunctionAsync("() => document.getElementById('contour-chart').layout.yaxis.ticktext && document.getElementById('contour-chart').layout.yaxis.ticktext.includes('adam')");
        // The empirical distribution of accuracy climbs to every trial; the timeline has a bar per trial on this host.
        Assert.Equal(SweepScenarios.FinishedTrials, await page.Page.EvaluateAsync<int>("() => document.getElementById('edf-chart').data[0].x.length"));
        Assert.Equal(1.0, await page.Page.EvaluateAsync<double>("() => { const y = document.getElementById('edf-chart').data[0].y; return y[y.length - 1]; }"));
        Assert.Equal(SweepScenarios.FinishedTrials, await page.Page.EvaluateAsync<int>("() => document.getElementById('timeline-chart').data.reduce((n, t) => n + t.meta.trials, 0)"));
        Assert.Equal(SweepScenarios.Terminated.Count, await page.Page.EvaluateAsync<int>("() => document.getElementById('timeline-chart').data.find(t => t.meta.state === 'Terminated').meta.trials"));
        // Its axis is the time the trials ran (this year), not Plotly's epoch.
        Assert.StartsWith(DateTime.Now.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Page.EvaluateAsync<string>("() => String(document.getElementById('timeline-chart')._fullLayout.xaxis.range[0])"), StringComparison.Ordinal);
        Assert.Equal(Environment.MachineName, await page.Page.EvaluateAsync<string>("() => document.getElementById('timeline-chart').data[0].y[0]"));
        // Parameter importance: a bar per parameter, computed on the server.
        await Assertions.Expect(page.Page.Locator("#importance tr[data-parameter]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Page.Locator("#importance")).ToContainTextAsync("PED-ANOVA");
        await page.ScreenshotAsync("sweep-finished");
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task FinishedSweepPage_DownloadsTheTrialsAsCsv_WithParametersObjectiveAndEveryMetric()
    {
        await using var page = await OpenSweepAsync(dashboard.Finished.Id, SweepScenarios.FinishedTrials);

        var download = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.Locator("#download-csv").ClickAsync());
        var path = Path.Combine(dashboard.Root, "trials.csv");
        await download.SaveAsAsync(path);
        var lines = (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.EndsWith("-trials.csv", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal("trial,id,state,learning_rate,layers,optimizer,accuracy (best),loss (last),intervals,duration_seconds,started_at,ended_at,message", lines[0]);
        Assert.Equal(SweepScenarios.FinishedTrials + 1, lines.Length);
        var trials = await dashboard.Store.ListTrialsAsync(dashboard.Finished.Id, TestContext.Current.CancellationToken);
        var first = lines[1].Split(',');
        Assert.Equal(trials[0].DisplayId, first[1]);
        Assert.Equal(trials[0].Parameters["optimizer"].ToString(), first[5]);
        Assert.Equal(trials[0].Value!.Value, double.Parse(first[6], System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(SweepScenarios.Terminated.Count, lines.Count(l => l.Split(',')[2] == "Terminated"));
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task FinishedSweepPage_ColumnsCanBeHidden_AndStayHiddenAfterAReload()
    {
        await using var page = await OpenSweepAsync(dashboard.Finished.Id, SweepScenarios.FinishedTrials);
        var headers = () => page.Page.Locator("#trials-table tr.titles th").AllInnerTextsAsync();
        Assert.Contains("optimizer", await headers());
        var cells = await page.Page.Locator(TableRows).First.Locator("td").CountAsync();

        await page.Page.Locator("#columns-menu summary").ClickAsync();
        await page.Page.Locator("#column-choices input[data-column='p:optimizer']").UncheckAsync();

        Assert.DoesNotContain("optimizer", await headers());
        Assert.Equal(cells - 1, await page.Page.Locator(TableRows).First.Locator("td").CountAsync());
        Assert.Contains("why it ended", await headers());
        await page.Page.ReloadAsync();
        await page.Page.WaitForFunctionAsync($"() => document.querySelectorAll('{TableRows}').length === {SweepScenarios.FinishedTrials}");
        Assert.DoesNotContain("optimizer", await headers());

        await page.Page.Locator("#columns-menu summary").ClickAsync();
        await page.Page.Locator("#column-choices input[data-column='p:optimizer']").CheckAsync();
        Assert.Contains("optimizer", await headers());
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task FinishedSweepPage_TrialsTickedInTheTable_AreComparedSideBySide()
    {
        await using var page = await OpenSweepAsync(dashboard.Finished.Id, SweepScenarios.FinishedTrials);
        var trials = await dashboard.Store.ListTrialsAsync(dashboard.Finished.Id, TestContext.Current.CancellationToken);
        Assert.True(await page.Page.Locator("#compare-card").IsHiddenAsync());

        await page.Page.Locator("#trials-table input[data-compare='0']").CheckAsync();
        await page.Page.Locator("#trials-table input[data-compare='2']").CheckAsync();

        await Assertions.Expect(page.Page.Locator("#compare-card")).ToBeVisibleAsync();
        Assert.Equal(["", trials[0].DisplayId, trials[2].DisplayId], await page.Page.Locator("#compare-table thead th").AllInnerTextsAsync());
        await Assertions.Expect(page.Page.Locator("#compare-table tbody")).ToContainTextAsync("learning_rate");
        await Assertions.Expect(page.Page.Locator("#compare-table tbody")).ToContainTextAsync("loss (last)");
        Assert.Equal(1, await page.Page.Locator("#compare-table td.best-cell").CountAsync());
        await page.Page.WaitForFunctionAsync("() => document.getElementById('compare-chart').data && document.getElementById('compare-chart').data.length === 2");

        await page.Page.Locator("#clear-compare").ClickAsync();
        Assert.True(await page.Page.Locator("#compare-card").IsHiddenAsync());
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task Pages_DrawFromTheirFirstFetch_EvenWhenTheLiveStreamNeverOpens()
    {
        // The event stream hangs, as behind a proxy that buffers it: the pages must not wait for it.
        await using var page = await browser.OpenAsync();
        await page.Page.RouteAsync("**/events", _ => Task.CompletedTask);

        await page.Page.GotoAsync(new Uri(dashboard.Address, $"/sweeps/{dashboard.Finished.Id}").ToString());
        await page.Page.WaitForFunctionAsync($"() => document.querySelectorAll('{TableRows}').length === {SweepScenarios.FinishedTrials}", null, new() { Timeout = 15000 });
        await page.Page.GotoAsync(new Uri(dashboard.Address, "/").ToString());
        await Assertions.Expect(page.Page.Locator("body")).ToContainTextAsync(SweepScenarios.FinishedName);
        await page.Page.GotoAsync(new Uri(dashboard.Address, $"/sweeps/{dashboard.Finished.Id}/trials/3").ToString());
        await Assertions.Expect(page.Page.Locator("body")).ToContainTextAsync("accuracy");
    }

    [Fact]
    public async Task FinishedSweepPage_TableSortsByAColumn_AndFiltersByStateAndNumber()
    {
        await using var page = await OpenSweepAsync(dashboard.Finished.Id, SweepScenarios.FinishedTrials);
        var best = (await dashboard.Store.ListTrialsAsync(dashboard.Finished.Id, TestContext.Current.CancellationToken)).MaxBy(t => t.Value ?? double.MinValue)!;

        await page.Page.Locator("#trials-table th[data-key='value']").ClickAsync();
        Assert.Equal(best.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Page.Locator(TableRows).First.GetAttributeAsync("data-trial"));
        await page.Page.Locator("#trials-table th[data-key='value']").ClickAsync();
        Assert.Equal(best.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Page.Locator(TableRows).Last.GetAttributeAsync("data-trial"));

        await page.Page.Locator("#trials-table select[data-filter='state']").SelectOptionAsync("Terminated");
        Assert.Equal(SweepScenarios.Terminated.Count, await Count(page, TableRows));
        await page.Page.Locator("#trials-table select[data-filter='state']").SelectOptionAsync(string.Empty);
        await page.Page.Locator("#trials-table input[data-filter='intervals']").FillAsync("<4");
        Assert.Equal(SweepScenarios.Terminated.Count + 1, await Count(page, TableRows));
        await page.Page.Locator("#trials-table input[data-filter='p:optimizer']").FillAsync("adam");
        var adamShort = (await dashboard.Store.ListTrialsAsync(dashboard.Finished.Id, TestContext.Current.CancellationToken))
            .Count(t => t.Intervals < 4 && t.Parameters["optimizer"].AsString() == "adam");
        Assert.Equal(adamShort, await Count(page, TableRows));
        await page.Page.Locator("#clear-filters").ClickAsync();
        Assert.Equal(SweepScenarios.FinishedTrials, await Count(page, TableRows));
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task FinishedSweepPage_WithoutWebGL_DrawsParallelCoordinatesAsLines_OnePerTrialAcrossEveryAxis()
    {
        await using var page = await browser.OpenWithoutWebGLAsync();
        await page.Page.GotoAsync(new Uri(dashboard.Address, $"/sweeps/{dashboard.Finished.Id}").AbsoluteUri);
        await page.Page.WaitForFunctionAsync("() => document.getElementById('parcoords-chart').data");

        Assert.False(await page.Page.EvaluateAsync<bool>("() => HSCharts.hasWebGL()"));
        // Without WebGL a parcoords trace draws nothing; the fallback draws one SVG line per trial with a value.
        Assert.Equal(SweepScenarios.FinishedTrials, await page.Page.EvaluateAsync<int>("() => document.getElementById('parcoords-chart').data.filter(t => t.type === 'scatter' && t.x.length === 4).length"));
        Assert.Equal(SweepScenarios.FinishedTrials, await Count(page, "#parcoords-chart .scatterlayer .trace"));
        Assert.Equal(["learning_rate (log)", "layers", "optimizer", "accuracy (maximize)"],
            await page.Page.EvaluateAsync<string[]>("() => document.getElementById('parcoords-chart').layout.xaxis.ticktext"));
        await Assertions.Expect(page.Page.Locator("#brush-info")).ToContainTextAsync("no WebGL");
        await Assertions.Expect(page.Page.Locator(TableRows)).ToHaveCountAsync(SweepScenarios.FinishedTrials);
        await page.ScreenshotAsync("sweep-without-webgl");
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task FinishedSweepPage_BrushingTheMetricAxis_KeepsOnlyThoseTrialsInTheTable()
    {
        await using var page = await OpenSweepAsync(dashboard.Finished.Id, SweepScenarios.FinishedTrials);

        // Drag with the mouse along the upper part of the metric axis, as a user brushes.
        var brush = page.Page.Locator("#parcoords-chart .axis-brush").Nth(3);
        await brush.ScrollIntoViewIfNeededAsync();
        var box = (await brush.BoundingBoxAsync())!;
        var x = box.X + (box.Width / 2);
        await page.Page.Mouse.MoveAsync(x, box.Y + 20);
        await page.Page.Mouse.DownAsync();
        await page.Page.Mouse.MoveAsync(x, box.Y + (box.Height * 0.2f), new MouseMoveOptions { Steps = 5 });
        await page.Page.Mouse.MoveAsync(x, box.Y + (box.Height * 0.45f), new MouseMoveOptions { Steps = 5 });
        await page.Page.Mouse.UpAsync();

        await page.Page.WaitForFunctionAsync($"() => document.querySelectorAll('{TableRows}').length < {SweepScenarios.FinishedTrials}");
        var range = await page.Page.EvaluateAsync<double[]>("() => { const r = document.getElementById('parcoords-chart').data[0].dimensions[3].constraintrange; return Array.isArray(r[0]) ? r[0] : r; }");
        var inside = (await dashboard.Store.ListTrialsAsync(dashboard.Finished.Id, TestContext.Current.CancellationToken))
            .Count(t => t.Value >= range.Min() && t.Value <= range.Max());
        Assert.InRange(inside, 1, SweepScenarios.FinishedTrials - 1);
        Assert.Equal(inside, await Count(page, TableRows));
        await Assertions.Expect(page.Page.Locator("#brush-info")).ToContainTextAsync($"{inside} trials inside the selection");
        await page.ScreenshotAsync("sweep-finished-brushed");

        await page.Page.Locator("#clear-brush").ClickAsync();
        await page.Page.WaitForFunctionAsync($"() => document.querySelectorAll('{TableRows}').length === {SweepScenarios.FinishedTrials}");
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task RunningSweepPage_ShowsCompletedAndRunningTrials_WithTheirLatestValues()
    {
        const int trials = SweepScenarios.RunningCompleted + SweepScenarios.RunningBlocked;
        await using var page = await OpenSweepAsync(dashboard.Running.Id, trials);

        Assert.Equal(SweepScenarios.RunningBlocked, await Count(page, "#trials-table tbody tr.row-running"));
        Assert.Equal(trials, await page.Page.EvaluateAsync<int>("() => document.getElementById('metric-chart').data.length"));
        Assert.Equal(SweepScenarios.RunningBlocked, await page.Page.EvaluateAsync<int>(
            $"() => document.getElementById('metric-chart').data.filter(t => t.name.endsWith('running') && t.y.length === {SweepScenarios.RunningIntervals}).length"));
        Assert.Equal(3, await page.Page.EvaluateAsync<int>("() => document.getElementById('parcoords-chart').data[0].dimensions.length"));
        Assert.Equal(3, await Count(page, "#parcoords-chart g.y-axis"));
        await Assertions.Expect(page.Page.Locator("#summary")).ToContainTextAsync("minimize val_loss");
        await Assertions.Expect(page.Page.Locator("#live")).ToHaveTextAsync("live");

        await page.Page.Locator("#metric-select").SelectOptionAsync("train_loss");
        await page.Page.WaitForFunctionAsync("() => document.querySelector('#metric-chart .gtitle').textContent.startsWith('train_loss')");
        Assert.Equal(trials, await page.Page.EvaluateAsync<int>("() => document.getElementById('metric-chart').data.length"));
        await page.Page.Locator("#metric-select").SelectOptionAsync("val_loss");
        await page.ScreenshotAsync("sweep-running");
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task LiveSweepPage_UpdatesWithoutReloading_WhenATrialReportsAndFinishes()
    {
        await using var page = await OpenSweepAsync(dashboard.Live.Id, 1);
        Assert.Equal(2, await page.Page.EvaluateAsync<int>("() => document.getElementById('metric-chart').data[0].y.length"));
        await page.Page.EvaluateAsync("() => { window.__notReloaded = true; }");

        dashboard.ReleaseLiveTrial();

        await page.Page.WaitForFunctionAsync(
            $"() => document.querySelectorAll('{TableRows}').length === 2 && document.querySelector('{TableRows}[data-trial=\"0\"]').dataset.state === 'Completed' && document.getElementById('metric-chart').data[0].y.length === 3",
            null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        Assert.True(await page.Page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page updated in place, without a reload");
        await Assertions.Expect(page.Page.Locator("#best")).ToContainTextAsync($"trial {dashboard.Live.Id}-0");
        await page.ScreenshotAsync("sweep-live-updated");
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task TrialPage_ShowsParametersEveryMetricSeriesTheStateHistoryAndTheLogs()
    {
        await using var page = await OpenAsync($"/sweeps/{dashboard.Finished.Id}/trials/3");

        await page.Page.WaitForFunctionAsync("() => [...document.querySelectorAll('#metric-charts .chart')].filter(c => c.data && c.data.length === 1).length === 2");
        Assert.Equal(["accuracy", "loss"], await page.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#metric-charts .chart')].map(c => c.dataset.metric)"));
        Assert.Equal(SweepScenarios.TerminatedIntervals, await page.Page.EvaluateAsync<int>("() => document.querySelector('#metric-charts .chart').data[0].y.length"));
        Assert.Equal(["Queued", "Running", "Terminated"], await page.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#history-table tbody tr')].map(r => r.dataset.state)"));
        Assert.Equal(3, await Count(page, "#params-table tbody tr"));
        await Assertions.Expect(page.Page.Locator("#trial-message")).ToHaveTextAsync(dashboard.TerminatedReasons[3]);
        await Assertions.Expect(page.Page.Locator("#stdout")).ToContainTextAsync("epoch 3: accuracy=");
        await Assertions.Expect(page.Page.Locator("#stderr")).ToContainTextAsync("no GPU found");
        await Assertions.Expect(page.Page.Locator("#files")).ToContainTextAsync("stdout.txt");
        await Assertions.Expect(page.Page.Locator("#arguments")).ToContainTextAsync("--optimizer");
        await page.ScreenshotAsync("trial-terminated");
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task TrialPage_OfARunningTrial_ShowsItsLogSoFar()
    {
        await using var page = await OpenAsync($"/sweeps/{dashboard.Running.Id}/trials/{SweepScenarios.RunningCompleted}");

        await Assertions.Expect(page.Page.Locator("#stdout")).ToContainTextAsync("waiting for the next batch of data");
        await Assertions.Expect(page.Page.Locator("#summary .badge")).ToHaveTextAsync("running");
        Assert.Equal(2, await Count(page, "#metric-charts .chart"));
        await page.ScreenshotAsync("trial-running");
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task Report_OpensFromAFileWithNoNetwork_WithTheSameTableAndCharts()
    {
        var path = Path.Combine(dashboard.Root, "report-browser.html");
        var html = await Report.SweepReport.RenderAsync(dashboard.Store, dashboard.Finished.Id, cancellationToken: TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(path, html, TestContext.Current.CancellationToken);
        await using var page = await browser.OpenAsync();

        await page.Page.GotoAsync(new Uri(path).AbsoluteUri);
        await page.Page.WaitForFunctionAsync(
            $"() => document.querySelectorAll('{TableRows}').length === {SweepScenarios.FinishedTrials} && document.getElementById('parcoords-chart').data && document.getElementById('scatter-chart').data && document.getElementById('metric-chart').data");
        Assert.Equal(SweepScenarios.FinishedTrials, await page.Page.EvaluateAsync<int>("() => document.getElementById('metric-chart').data.length"));
        Assert.Equal(4, await Count(page, "#parcoords-chart g.y-axis"));
        await page.Page.Locator("#metric-select").SelectOptionAsync("loss");
        await page.Page.WaitForFunctionAsync("() => document.querySelector('#metric-chart .gtitle').textContent.startsWith('loss')");
        Assert.Equal(SweepScenarios.FinishedTrials, await page.Page.EvaluateAsync<int>("() => document.getElementById('metric-chart').data.length"));
        await page.Page.Locator("#metric-select").SelectOptionAsync("accuracy");
        await Assertions.Expect(page.Page.Locator("#store")).ToContainTextAsync("report generated");
        await Assertions.Expect(page.Page.Locator("#importance tr[data-parameter]")).ToHaveCountAsync(3);
        Assert.Equal(0, await Count(page, "a[href^='/']"));
        await page.ScreenshotAsync("report");
        await page.AssertHealthyAsync();
    }

    [Fact]
    public async Task WithAToken_TheAddressWithTheTokenShowsTheData_DropsTheTokenFromTheAddressBar_AndSetsNoCookie()
    {
        const string Token = "browser-test-token-0123456789abcdef";
        await using var app = DashboardApp.Build(dashboard.Store, new DashboardOptions { Port = 0, Token = Token, RefreshInterval = TimeSpan.FromMilliseconds(200) });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = new Uri($"http://127.0.0.1:{DashboardApp.AddressOf(app).Port}/");
        await using var page = await browser.OpenAsync();

        await page.Page.GotoAsync(new Uri(address, $"/sweeps/{dashboard.Finished.Id}?token={Token}").ToString());
        await page.Page.WaitForFunctionAsync($"() => document.querySelectorAll('{TableRows}').length === {SweepScenarios.FinishedTrials}");
        await Assertions.Expect(page.Page.Locator("#live")).ToHaveTextAsync("live");

        Assert.DoesNotContain("token", page.Page.Url, StringComparison.Ordinal);
        Assert.Empty(await page.Page.Context.CookiesAsync([address.ToString()]));
        // The next page, opened without the token, has it from this origin's storage; its file links carry it for downloads.
        await page.Page.GotoAsync(new Uri(address, $"/sweeps/{dashboard.Finished.Id}/trials/0").ToString());
        await page.Page.WaitForFunctionAsync("() => document.querySelectorAll('#files a').length > 0");
        var download = await page.Page.EvaluateAsync<int>("async () => (await fetch(document.querySelector('#files a').href)).status");
        Assert.Equal(200, download);
        Assert.Empty(await page.Page.Context.CookiesAsync([address.ToString()]));
        await page.AssertHealthyAsync();
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    private async Task<BrowserPage> OpenAsync(string path)
    {
        var page = await browser.OpenAsync();
        await page.Page.GotoAsync(new Uri(dashboard.Address, path).ToString());
        return page;
    }

    private async Task<BrowserPage> OpenSweepAsync(long sweepId, int rows)
    {
        var page = await OpenAsync($"/sweeps/{sweepId}");
        // The page draws the charts in view first and the others once it is idle: wait for every chart of a shown card.
        await page.Page.WaitForFunctionAsync(
            $"() => document.querySelectorAll('{TableRows}').length === {rows} && document.getElementById('metric-chart').data && document.getElementById('parcoords-chart').data && document.getElementById('scatter-chart').data" +
            " && [...document.querySelectorAll('section.card:not([hidden]) .chart')].every(c => c.data)");
        return page;
    }

    private static Task<int> Count(BrowserPage page, string selector) => page.Page.Locator(selector).CountAsync();
}
