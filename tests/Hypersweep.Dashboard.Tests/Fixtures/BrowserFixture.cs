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

    /// <summary>Where screenshots are saved: screenshots/ beside the test assembly.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotFolder);
        return ValueTask.CompletedTask;
    }

    /// <summary>Opens a page in a fresh context where every request that is not to this machine is blocked and recorded.</summary>
    public async Task<BrowserPage> OpenAsync(int width = 1400, int height = 1000)
    {
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "en-US" });
        var page = await context.NewPageAsync();
        var result = new BrowserPage(context, page);
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "data" or "blob" or "file" || (url.Scheme is "http" or "https" && url.Host is "127.0.0.1" or "localhost"))
            {
                await route.ContinueAsync();
                return;
            }

            lock (result.Blocked)
            {
                result.Blocked.Add(route.Request.Url);
            }

            await route.AbortAsync();
        });
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

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _gate.Dispose();
    }

    private async Task<IBrowser> BrowserAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_browser is not null)
            {
                return _browser;
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
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>A page in its own browser context, with what went wrong on it.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    /// <summary>Console errors and uncaught exceptions of the page's scripts.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Requests to other machines, which were blocked (the dashboard must need none).</summary>
    public List<string> Blocked { get; } = [];

    /// <summary>Saves a full-page screenshot under the screenshots folder and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Fails when the page logged errors or tried to reach another machine.</summary>
    public void AssertHealthy()
    {
        Assert.True(Errors.Count == 0, "The page's scripts reported errors:\n" + string.Join("\n", Errors));
        Assert.True(Blocked.Count == 0, "The page tried to load from other machines (it must work offline):\n" + string.Join("\n", Blocked));
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
