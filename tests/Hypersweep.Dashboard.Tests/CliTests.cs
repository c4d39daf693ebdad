using System.Diagnostics;
using System.Text.RegularExpressions;
using Hypersweep.Dashboard.Tests.Fixtures;

namespace Hypersweep.Dashboard.Tests;

/// <summary>The <c>hypersweep dashboard</c> and <c>hypersweep report</c> commands, run as the real program.</summary>
public sealed partial class CliTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Report_WritesOneSelfContainedHtmlFile()
    {
        var output = Path.Combine(fixture.Root, "out", "report.html");

        var (exit, stdout, stderr) = await RunAsync(["report", SweepScenarios.FinishedName, "--store", fixture.StorePath, "--out", output]);

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains($"to {output}", stdout, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken);
        Assert.Contains("window.HYPERSWEEP_REPORT", html, StringComparison.Ordinal);
        Assert.Contains("parcoords", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalReference(), html);
    }

    [Fact]
    public async Task Report_OfAnUnknownSweep_ExitsWith2AndNamesTheSweeps()
    {
        var (exit, _, stderr) = await RunAsync(["report", "no-such-sweep", "--store", fixture.StorePath]);

        Assert.Equal(2, exit);
        Assert.Contains("No sweep named or numbered 'no-such-sweep'", stderr, StringComparison.Ordinal);
        Assert.Contains(SweepScenarios.FinishedName, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_OnABusyPort_SaysSoInOneLine_WithoutAStackTrace()
    {
        var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)busy.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

            var (exit, stdout, stderr) = await RunAsync(["dashboard", "--store", fixture.StorePath, "--port", port]);

            Assert.Equal(2, exit);
            Assert.Equal(string.Empty, stdout);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"hypersweep: cannot listen on 127.0.0.1:{port}", line, StringComparison.Ordinal);
        }
        finally
        {
            busy.Stop();
        }
    }

    [Fact]
    public async Task Dashboard_OnAnotherAddressWithoutAToken_ExitsWith2()
    {
        var (exit, _, stderr) = await RunAsync(["dashboard", "--store", fixture.StorePath, "--address", "0.0.0.0"], environment: ("HYPERSWEEP_DASHBOARD_TOKEN", string.Empty));

        Assert.Equal(2, exit);
        Assert.Contains("--token", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_ServesTheStore_UntilInterrupted()
    {
        using var process = Start(["dashboard", "--store", fixture.StorePath, "--port", "0"]);
        try
        {
            string? address = null;
            while (address is null && await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken) is { } line)
            {
                address = OpenLine().Match(line) is { Success: true } m ? m.Groups[1].Value : null;
            }

            Assert.NotNull(address);
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var sweeps = await http.GetStringAsync("/api/sweeps", TestContext.Current.CancellationToken);
            Assert.Contains(SweepScenarios.FinishedName, sweeps, StringComparison.Ordinal);

            using var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static Process Start(IEnumerable<string> args, (string Name, string Value)? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hypersweep.Cli.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (environment is { } env)
        {
            info.Environment[env.Name] = env.Value;
        }

        return Process.Start(info)!;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, (string Name, string Value)? environment = null)
    {
        using var process = Start(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    // A script, style sheet or image loaded from another machine (a link in the chart library's code is not a load).
    [GeneratedRegex("""<(script|link|img)\b[^>]*\b(src|href)=["']?(https?:)?//""")]
    private static partial Regex ExternalReference();

    [GeneratedRegex(@"open (http://\S+/)")]
    private static partial Regex OpenLine();
}
