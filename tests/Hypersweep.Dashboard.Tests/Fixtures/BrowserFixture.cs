using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Hypersweep.Dashboard.Tests.Fixtures.BrowserFixture))]

namespace Hypersweep.Dashboard.Tests.Fixtures;

/// <summary>
/// Headless Debian Chromium driven by Playwright (its executable path set; Playwright's own browser download is not
/// used). Launched on first use, so that without Chromium the browser tests fail with a clear message and the others run.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Chromium is looked for; HYPERSWEEP_CHROMIUM overrides it.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("HYPERSWEEP_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;
    private IBrowserContext? _noWebGL;

    /// <summary>Where screenshots are saved: screenshots/ beside the test assembly.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotFolder);
        foreach (var old in Directory.EnumerateFiles(ScreenshotFolder, "*.png"))
        {
            File.Delete(old);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Opens a page. Pages share one browser context, so the chart library is fetched and compiled once and then served
    /// from the browser's cache (revalidated by ETag), as for a user who keeps the dashboard open. Requests are not
    /// intercepted (that would turn the cache off); every request to another machine is recorded instead.
    /// </summary>
    public async Task<BrowserPage> OpenAsync() => Watch(await (await ContextAsync()).NewPageAsync());

    /// <summary>Records a page's requests to other machines and its script errors.</summary>
    private static BrowserPage Watch(IPage page)
    {
        var result = new BrowserPage(page);
        page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (!(url.Scheme is "data" or "blob" or "file" || (url.Scheme is "http" or "https" or "ws" && url.Host is "127.0.0.1" or "localhost")))
            {
                lock (result.External)
                {
                    result.External.Add(request.Url);
                }
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type is "error")
            {
                lock (result.Errors)
                {
                    result.Errors.Add("console: " + message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (result.Errors)
            {
                result.Errors.Add("page error: " + error);
            }
        };
        page.SetDefaultTimeout(20_000);
        return result;
    }

    /// <summary>A page in a second Chromium started with WebGL turned off (--disable-3d-apis), as on machines that have none.</summary>
    public async Task<BrowserPage> OpenWithoutWebGLAsync()
    {
        await ContextAsync();
        await _gate.WaitAsync();
        try
        {
            if (_noWebGL is null)
            {
                var browser = await _playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ChromiumPath,
                    Headless = true,
                    Args = [.. ChromiumArgs, "--disable-3d-apis"],
                    Timeout = 60_000,
                });
                _noWebGL = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, Locale = "en-US" });
            }
        }
        finally
        {
            _gate.Release();
        }

        return Watch(await _noWebGL.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_noWebGL?.Browser is { } noWebGL)
        {
            await noWebGL.CloseAsync();
        }

        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _gate.Dispose();
    }

    private async Task<IBrowserContext> ContextAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_context is not null)
            {
                return _context;
            }

            if (!File.Exists(ChromiumPath))
            {
                throw new InvalidOperationException(
                    $"The browser tests need Chromium at {ChromiumPath}, and it is not there. Install it with 'sudo scripts/install-browser.sh' " +
                    "(Debian's chromium package), or set HYPERSWEEP_CHROMIUM to a Chromium executable.");
            }

            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
                Timeout = 60_000,
            });
            _context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, Locale = "en-US" });
            return _context;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>A page, with what went wrong on it.</summary>
public sealed class BrowserPage(IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    /// <summary>Console errors and uncaught exceptions of the page's scripts.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Requests to other machines (the dashboard must need none: it works offline).</summary>
    public List<string> External { get; } = [];

    /// <summary>Saves a full-page screenshot under the screenshots folder and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Fails when the page logged errors, reached for another machine, or shows a JavaScript placeholder (null, undefined, NaN).</summary>
    public async Task AssertHealthyAsync()
    {
        Assert.True(Errors.Count == 0, "The page's scripts reported errors:\n" + string.Join("\n", Errors));
        Assert.True(External.Count == 0, "The page asked other machines for something (it must work offline):\n" + string.Join("\n", External));
        var text = await Page.EvaluateAsync<string>("() => document.body.innerText");
        var placeholder = System.Text.RegularExpressions.Regex.Match(text, @"\b(undefined|NaN|null)\b|\[object Object\]");
        Assert.False(placeholder.Success, $"The page shows '{placeholder.Value}' where a value should be: ...{(placeholder.Success ? text.Substring(Math.Max(0, placeholder.Index - 80), Math.Min(160, text.Length - Math.Max(0, placeholder.Index - 80))) : string.Empty)}...");
    }

    public async ValueTask DisposeAsync() => await Page.CloseAsync();
}
