using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hypersweep.Dashboard;
using Hypersweep.Dashboard.Tests.Fixtures;
using Hypersweep.Storage;
using Hypersweep.Trials;
using Microsoft.Playwright;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// The dashboard and the CLI on a large sweep (issue 17): a sweep of 10,000 trials with 20 values of two metrics each,
/// written through the store API into a real SQLite store (<see cref="LargeSweep"/>); the real dashboard (Kestrel on
/// 127.0.0.1) and headless Debian Chromium driven by Playwright. Measures (1) the sweep page's first view: from
/// navigation until the trials table has rows and every chart is drawn, on a fresh dashboard (nothing cached on the
/// server) and again on a reload; the bytes of API responses it fetched; (2) a live update: the running trial finishes,
/// and the time and API bytes until the page shows it; (3) <c>hypersweep trials SWEEP</c> and <c>--json</c> as
/// processes. Each run is kept under its --label (before, after) in bench/results/dashboard-scale.json.
/// </summary>
internal static class DashboardScaleBenchmark
{
    private const string Name = "dashboard-scale";
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>
    /// In the page, what a user sees without scrolling: the summary, the best trial, the trials table's rows (below the
    /// fold, counted anyway) and every chart that is at least partly inside the viewport drawn: Plotly's layout and its
    /// SVG, or the optimization history's preview (preview.js: the same points and best-so-far line on a canvas, shown
    /// until the interactive chart replaces it; since the preview, label after-preview, the first view counts it).
    /// </summary>
    private const string FirstView = """
        () => {
          const rows = document.querySelectorAll('#trials-table tbody tr').length;
          const inView = c => { const r = c.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; };
          const charts = [...document.querySelectorAll('section.card:not([hidden]) .chart')].filter(inView);
          return rows > 0 && document.querySelector('#summary h1') !== null && document.querySelector('#best').childElementCount > 0
            && charts.every(c => (c._fullLayout && c.querySelector('.main-svg')) || c.querySelector('canvas.chart-preview'));
        }
        """;

    /// <summary>In the page: the table has rows and every chart of a shown card is drawn, interactive (Plotly's layout and its SVG, no preview left), the metric chart with data.</summary>
    private const string Drawn = """
        () => {
          const rows = document.querySelectorAll('#trials-table tbody tr').length;
          const charts = [...document.querySelectorAll('section.card:not([hidden]) .chart')];
          const metric = document.getElementById('metric-chart');
          return rows > 0 && charts.every(c => c._fullLayout && c.querySelector('.main-svg') && !c.querySelector('canvas.chart-preview')) && metric.data && metric.data.length > 0;
        }
        """;

    /// <summary>
    /// Times the two milestones in the page by the browser's clock (from navigation start): before each frame both
    /// conditions are checked; a milestone is the start of the frame after the first one in which its condition held,
    /// i.e. when the frame showing it has been produced. Polling from Playwright instead lags by up to a second here,
    /// where the page, the software WebGL and the dashboard share 2 CPUs.
    /// </summary>
    private static readonly string Milestones = $$"""
        window.__milestones = { first_view: null, every_chart: null };
        document.addEventListener('DOMContentLoaded', () => {
          const conditions = { first_view: {{FirstView}}, every_chart: {{Drawn}} };
          const held = {};
          const frame = now => {
            for (const [name, holds] of Object.entries(conditions)) {
              if (window.__milestones[name] !== null) continue;
              if (held[name]) window.__milestones[name] = now;
              else if (holds()) held[name] = true;
            }
            if (window.__milestones.every_chart === null || window.__milestones.first_view === null) requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        });
        """;

    /// <summary>Waits until both milestones are reached and returns them in seconds (first view, every chart).</summary>
    private static async Task<(double FirstView, double EveryChart)> MilestonesAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.__milestones && window.__milestones.first_view !== null && window.__milestones.every_chart !== null", null, new PageWaitForFunctionOptions { PollingInterval = 50 });
        var ms = await page.EvaluateAsync<double[]>("() => [window.__milestones.first_view, window.__milestones.every_chart]");
        return (ms[0] / 1000, ms[1] / 1000);
    }

    public static async Task RunAsync(string[] args)
    {
        var trials = BenchArgs.Int(args, "--trials", 10_000);
        var runs = BenchArgs.Int(args, "--runs", 3);
        var label = BenchArgs.String(args, "--label") ?? "after";
        var profile = args.Contains("--profile");
        Console.WriteLine($"{Name}: {trials} trials, {runs} runs, label '{label}', on {MachineInfo.Describe()}");
        var clock = Stopwatch.StartNew();

        var dir = BenchPaths.Scratch(Name);
        var path = Path.Combine(dir, "hypersweep.db");
        SweepRecord sweep;
        var build = Stopwatch.StartNew();
        await using (var writer = SqliteSweepStore.Open(path))
        {
            sweep = await LargeSweep.CreateAsync(writer, trials);
        }

        Console.WriteLine($"  built the sweep in {build.Elapsed.TotalSeconds:0.0} s ({new FileInfo(path).Length / 1e6:0.0} MB)");

        var result = new JsonObject
        {
            ["trials"] = trials,
            ["machine"] = MachineInfo.Describe(),
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["commit"] = Git("rev-parse --short HEAD"),
        };
        if (profile)
        {
            await ProfileAsync(path, sweep);
            return;
        }

        result["cli"] = await CliAsync(dir, runs);
        result["page"] = await PageAsync(path, sweep, runs);
        Save(label, result, clock.Elapsed);
    }

    private static async Task<JsonObject> CliAsync(string dir, int runs)
    {
        var cli = new JsonObject();
        foreach (var (key, args) in new[] { ("table", new[] { "trials", LargeSweep.Name, "--store", "hypersweep.db" }), ("json", new[] { "trials", LargeSweep.Name, "--store", "hypersweep.db", "--json" }) })
        {
            var times = new List<double>();
            var bytes = 0;
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                var output = await HypersweepCli.RunAsync(dir, args);
                times.Add(watch.Elapsed.TotalSeconds);
                bytes = Encoding.UTF8.GetByteCount(output);
            }

            Console.WriteLine($"  hypersweep {string.Join(' ', args)}: median {Median(times):0.000} s ({string.Join(", ", times.Select(t => t.ToString("0.000", CultureInfo.InvariantCulture)))}), {bytes / 1e6:0.00} MB of output");
            cli[key] = new JsonObject { ["median_s"] = Median(times), ["runs_s"] = new JsonArray([.. times.Select(t => (JsonNode)t)]), ["output_bytes"] = bytes };
        }

        // The command started with nothing to do, for its own start-up time.
        var startup = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await HypersweepCli.RunAsync(dir, "--version");
            startup.Add(watch.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"  hypersweep --version (start-up): median {Median(startup):0.000} s");
        cli["startup_median_s"] = Median(startup);
        return cli;
    }

    /// <summary>Debian's headless Chromium, with software rendering (no GPU here).</summary>
    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    });

    private static readonly BrowserNewContextOptions Viewport = new() { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, Locale = "en-US" };

    private static async Task<JsonObject> PageAsync(string path, SweepRecord sweep, int runs)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var cold = new List<double>();
        var warm = new List<double>();
        var coldAll = new List<double>();
        var warmAll = new List<double>();
        var live = new List<double>();
        long firstBytes = 0, liveBytes = 0;
        for (var run = 0; run < runs; run++)
        {
            // A fresh copy of the store each run, so the live update finds its trial running.
            var copy = Path.Combine(Path.GetDirectoryName(path)!, $"run{run}.db");
            File.Copy(path, copy, overwrite: true);
            await using var store = SweepStores.Open(copy, create: false);
            await using var app = DashboardApp.Build(store, new DashboardOptions { Port = 0 });
            await app.StartAsync();
            var address = DashboardApp.AddressOf(app);
            await using var context = await browser.NewContextAsync(Viewport);
            await context.AddInitScriptAsync(Milestones);
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(180_000);
            var api = new ApiBytes(page);

            // Cold: the dashboard has read nothing yet (as right after 'hypersweep dashboard' starts); the chart library is fetched too.
            await page.GotoAsync(new Uri(address, $"/sweeps/{sweep.Id}").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            var (first, all) = await MilestonesAsync(page);
            cold.Add(first);
            coldAll.Add(all);
            await Task.Delay(500);
            firstBytes = api.Take();

            await page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.Commit });
            (first, all) = await MilestonesAsync(page);
            warm.Add(first);
            warmAll.Add(all);
            await Task.Delay(1000);
            api.Take();

            // Live: the running (last) trial logs its remaining values and completes; time until its row says so.
            var last = (await store.ListTrialsAsync(sweep.Id)).Single(t => t.State == TrialState.Running);
            await page.FillAsync("[data-filter='trial']", $"={last.Number}");
            await page.WaitForSelectorAsync($"tr[data-trial='{last.Number}'][data-state='Running']");
            var watch = Stopwatch.StartNew();
            await using (var writer = SqliteSweepStore.Open(copy))
            {
                watch.Restart();
                await writer.ChangeTrialStateAsync(last.Id, new TrialStateChange
                {
                    State = TrialState.Completed,
                    Time = LargeSweep.Start.AddDays(2),
                    ExitCode = 0,
                    Metrics = LargeSweep.Points(last.Parameters, last.Number, 5, LargeSweep.Intervals, LargeSweep.Start.AddDays(1)),
                });
            }

            await page.WaitForSelectorAsync($"tr[data-trial='{last.Number}'][data-state='Completed']");
            live.Add(watch.Elapsed.TotalSeconds);
            await Task.Delay(1000);
            liveBytes = api.Take();
            Console.WriteLine(FormattableString.Invariant($"  run {run + 1}: first view {cold[^1]:0.00} s, every chart {coldAll[^1]:0.00} s ({firstBytes / 1e6:0.00} MB of API responses), reload {warm[^1]:0.00} s, every chart {warmAll[^1]:0.00} s, live update {live[^1]:0.00} s ({liveBytes / 1e3:0.0} kB of API responses)"));
            await app.StopAsync();
        }

        return new JsonObject
        {
            ["first_view_median_s"] = Median(cold),
            ["first_view_runs_s"] = new JsonArray([.. cold.Select(t => (JsonNode)t)]),
            ["every_chart_median_s"] = Median(coldAll),
            ["every_chart_runs_s"] = new JsonArray([.. coldAll.Select(t => (JsonNode)t)]),
            ["reload_median_s"] = Median(warm),
            ["reload_runs_s"] = new JsonArray([.. warm.Select(t => (JsonNode)t)]),
            ["reload_every_chart_median_s"] = Median(warmAll),
            ["first_view_api_bytes"] = firstBytes,
            ["live_update_median_s"] = Median(live),
            ["live_update_api_bytes"] = liveBytes,
        };
    }

    /// <summary>Wraps Plotly.react in the page to time each chart's drawing (its synchronous part, and until its promise settles).</summary>
    private const string TimeCharts = """
        (() => {
          window.__charts = [];
          // The sweep page runs the library when its first view is on screen: wrapped as it is defined.
          const wrap = plotly => {
            const react = plotly.react;
            plotly.react = function (div, ...rest) {
              const start = performance.now();
              const done = react.call(this, div, ...rest);
              const sync = performance.now() - start;
              const entry = { id: div.id, start, sync, settled: null };
              window.__charts.push(entry);
              Promise.resolve(done).then(() => { entry.settled = performance.now() - start; });
              return done;
            };
          };
          let plotly;
          Object.defineProperty(window, 'Plotly', { configurable: true, get: () => plotly, set: value => { plotly = value; if (value && value.react) wrap(value); } });
        })()
        """;

    /// <summary>
    /// --profile: one cold first view, printing each /api request's server wait, transfer time and bytes (Resource
    /// Timing), each chart's Plotly.react time, and the page's own milestones. Writes nothing to bench/results.
    /// </summary>
    private static async Task ProfileAsync(string path, SweepRecord sweep)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        await using var store = SweepStores.Open(path, create: false);
        await using var app = DashboardApp.Build(store, new DashboardOptions { Port = 0 });
        await app.StartAsync();
        var address = DashboardApp.AddressOf(app);
        await using var context = await browser.NewContextAsync(Viewport);
        await context.AddInitScriptAsync(TimeCharts);
        await context.AddInitScriptAsync(Milestones);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(180_000);
        var started = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var watch = Stopwatch.StartNew();
        await page.GotoAsync(new Uri(address, $"/sweeps/{sweep.Id}").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        Console.WriteLine(FormattableString.Invariant($"  the page's time origin: {await page.EvaluateAsync<double>("() => performance.timeOrigin") - started:0} ms after the benchmark asked for the page"));
        await page.WaitForFunctionAsync(FirstView, null, new PageWaitForFunctionOptions { PollingInterval = 20 });
        Console.WriteLine(FormattableString.Invariant($"  first view as Playwright's polling sees it: {watch.Elapsed.TotalSeconds:0.00} s"));
        var inView = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('section.card:not([hidden]) .chart')].filter(c => { const r = c.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }).map(c => c.id)");
        Console.WriteLine($"  charts in the viewport: {string.Join(", ", inView)}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetDirectoryName(path)!, "first-view.png") });
        var (first, all) = await MilestonesAsync(page);
        Console.WriteLine(FormattableString.Invariant($"  by the page's frames: first view {first:0.00} s, every chart drawn {all:0.00} s (Playwright: {watch.Elapsed.TotalSeconds:0.00} s)"));
        await Task.Delay(1000);
        var report = await page.EvaluateAsync<string>("""
            () => {
              const lines = [];
              const nav = performance.getEntriesByType('navigation')[0];
              lines.push(`navigation: response end ${nav.responseEnd.toFixed(0)} ms, DOMContentLoaded ${nav.domContentLoadedEventEnd.toFixed(0)} ms, load ${nav.loadEventEnd.toFixed(0)} ms`);
              for (const m of performance.getEntriesByType('mark')) lines.push(`mark ${m.name}: ${m.startTime.toFixed(0)} ms`);
              for (const r of performance.getEntriesByType('resource')) {
                lines.push(`${r.name.replace(location.origin, '')}: start ${r.startTime.toFixed(0)} ms, wait ${(r.responseStart - r.requestStart).toFixed(0)} ms, transfer ${(r.responseEnd - r.responseStart).toFixed(0)} ms, end ${r.responseEnd.toFixed(0)} ms, ${(r.encodedBodySize / 1e3).toFixed(1)} kB`);
              }
              for (const c of window.__charts) {
                lines.push(`Plotly.react #${c.id}: at ${c.start.toFixed(0)} ms, ${c.sync.toFixed(0)} ms script${c.settled === null ? '' : `, settled after ${c.settled.toFixed(0)} ms`}`);
              }
              return lines.join('\n');
            }
            """);
        Console.WriteLine("  " + report.Replace("\n", "\n  ", StringComparison.Ordinal));
        await app.StopAsync();
    }

    /// <summary>Adds up the bodies of a page's /api/ responses (event streams left out: they never end).</summary>
    private sealed class ApiBytes
    {
        private long _bytes;

        public ApiBytes(IPage page) => page.Response += async (_, response) =>
        {
            if (response.Url.Contains("/api/", StringComparison.Ordinal) && !response.Url.Contains("/events", StringComparison.Ordinal))
            {
                try
                {
                    Interlocked.Add(ref _bytes, (await response.BodyAsync()).Length);
                }
                catch (PlaywrightException)
                {
                    // The page navigated away before the body was read.
                }
            }
        };

        public long Take() => Interlocked.Exchange(ref _bytes, 0);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Git(string arguments)
    {
        var info = new ProcessStartInfo("git", arguments) { WorkingDirectory = BenchPaths.BenchDirectory, RedirectStandardOutput = true };
        using var p = Process.Start(info)!;
        var text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return text;
    }

    /// <summary>Keeps this run under its label in dashboard-scale.json and writes dashboard-scale.md from every label there.</summary>
    private static void Save(string label, JsonObject result, TimeSpan elapsed)
    {
        var jsonPath = Path.Combine(BenchPaths.Results, Name + ".json");
        var all = File.Exists(jsonPath) ? JsonNode.Parse(File.ReadAllText(jsonPath))!.AsObject() : [];
        all[label] = result;
        File.WriteAllText(jsonPath, all.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

        var md = new StringBuilder();
        md.AppendLine("## Large sweeps: the dashboard and `hypersweep trials` on 10,000 trials");
        md.AppendLine();
        md.AppendLine(MachineInfo.RunLine(elapsed, $"{Name} --label {label}"));
        md.AppendLine();
        md.AppendLine($"A sweep of {result["trials"]} trials (5% terminated, 1% failed, one running), each with {LargeSweep.Intervals} values of `accuracy` and of `loss`, written through the store API into a SQLite store. " +
            "The real dashboard on 127.0.0.1 and headless Debian Chromium (Playwright), 1400x1000 viewport, on the same machine. *First view*: from navigation until what shows without scrolling is there (summary, best trial, every chart at least partly in the viewport drawn; since `after-preview` the optimization history's canvas preview, the same points and best-so-far line, counts as drawn) and the trials table has rows, on a dashboard that has read nothing yet (the chart library fetched too); " +
            "*every chart drawn*: until every chart of the page is drawn and interactive (Plotly's, no preview left; the metric chart with data), without scrolling; in the columns recorded before this criterion existed (`before` and `after`, timed by Playwright's polling) \"first view\" meant this; both are timed by the page's frames from navigation start; *reload*: the same page again; *live update*: the running trial logs its last values and completes in the store, until its row shows it; API bytes: the JSON bodies fetched. `hypersweep trials`: the whole command as a process (its start-up alone is the last row). Medians of 3 runs.");
        md.AppendLine();
        var labels = all.Select(p => p.Key).ToList();
        md.AppendLine($"| | {string.Join(" | ", labels)} |");
        md.AppendLine($"|---|{string.Concat(labels.Select(_ => "---:|"))}");
        void Row(string title, Func<JsonNode, string> cell) => md.AppendLine($"| {title} | {string.Join(" | ", labels.Select(l => cell(all[l]!)))} |");
        Row("commit", r => $"`{r["commit"]}`");
        Row("sweep page, first view", r => Seconds(r["page"]!["first_view_median_s"]));
        Row("sweep page, every chart drawn", r => Seconds(r["page"]!["every_chart_median_s"]));
        Row("sweep page, reload: first view", r => Seconds(r["page"]!["reload_median_s"]));
        Row("sweep page, reload: every chart drawn", r => Seconds(r["page"]!["reload_every_chart_median_s"]));
        Row("API JSON fetched for the first view", r => Megabytes(r["page"]!["first_view_api_bytes"]));
        Row("live update of one trial", r => Seconds(r["page"]!["live_update_median_s"]));
        Row("API JSON fetched for the live update", r => Megabytes(r["page"]!["live_update_api_bytes"]));
        Row("`hypersweep trials SWEEP`", r => Seconds(r["cli"]!["table"]!["median_s"]));
        Row("`hypersweep trials SWEEP --json`", r => Seconds(r["cli"]!["json"]!["median_s"]));
        Row("`hypersweep --version` (start-up)", r => Seconds(r["cli"]!["startup_median_s"]));
        File.WriteAllText(Path.Combine(BenchPaths.Results, Name + ".md"), md.ToString());
        Console.WriteLine($"wrote {jsonPath} and {Name}.md");
    }

    private static string Seconds(JsonNode? node) => node is null ? "–" : node.GetValue<double>().ToString("0.00 's'", CultureInfo.InvariantCulture);

    private static string Megabytes(JsonNode? node) => node is null ? "–" : (node.GetValue<long>() / 1e6).ToString("0.000 'MB'", CultureInfo.InvariantCulture);
}
