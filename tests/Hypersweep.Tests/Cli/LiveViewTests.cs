using System.Diagnostics;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Cli;

/// <summary>
/// On a terminal, run shows a live view (progress bar, time left, best so far, the running trials); with NO_COLOR or
/// --plain, the log lines stay. The terminal is a real pseudo-terminal (util-linux `script`).
/// </summary>
public sealed class LiveViewTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public LiveViewTests()
    {
        _dir.Write("train.py", """
            import argparse, time, hypersweep
            p = argparse.ArgumentParser()
            p.add_argument("--x", type=float)
            a = p.parse_args()
            for epoch in range(1, 6):
                time.sleep(0.3)
                hypersweep.log("score", -(a.x - 0.3) ** 2 + 0.01 * epoch)
            """);
        _dir.Write("sweep.yml", """
            type: sweep
            name: live
            trial:
              command: python3 train.py --x ${{search_space.x}}
            search_space:
              x: {type: uniform, min_value: 0, max_value: 1}
            sampling_algorithm: {type: random, seed: 3}
            objective: {primary_metric: score, goal: maximize}
            limits: {max_total_trials: 4, max_concurrent_trials: 2}
            """);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Runs `hypersweep run` on a pseudo-terminal and returns what the terminal received.</summary>
    private async Task<string> RunOnATerminalAsync(params (string Name, string Value)[] environment)
    {
        var transcript = Path.Combine(_dir.Path, "terminal.txt");
        var info = new ProcessStartInfo("script") { WorkingDirectory = _dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-q", "-f", "-e", "-c", $"{CliProcess.CommandLine} run sweep.yml --store s", transcript })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["TERM"] = "xterm-256color";
        info.Environment.Remove("NO_COLOR");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        Assert.Equal(0, process.ExitCode);
        return await File.ReadAllTextAsync(transcript, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task OnATerminal_RunShowsTheLiveView_ThenTheSummary()
    {
        var screen = await RunOnATerminalAsync();

        Assert.Contains("\u001b[", screen, StringComparison.Ordinal);
        Assert.Contains("━", screen, StringComparison.Ordinal);
        Assert.Matches(@"[0-4]/4 done, [0-2] running, 0 failed", screen);
        Assert.Contains("left", screen, StringComparison.Ordinal);
        Assert.Contains("running for", screen, StringComparison.Ordinal);
        Assert.Contains("interval", screen, StringComparison.Ordinal);
        Assert.Matches(@"best .*score=", screen);
        Assert.Contains("4/4 done", screen, StringComparison.Ordinal);
        Assert.DoesNotContain(" started    x=", screen, StringComparison.Ordinal);
        Assert.Contains("Sweep 'live' (id 1) completed: max_total_trials (4) reached.", screen, StringComparison.Ordinal);
        Assert.Contains("Best trial: 1-", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnATerminal_TheTrialsTableFitsItsWidth_AndWideShowsItWhole()
    {
        // Trials that fail with a long message make the table much wider than the terminal.
        _dir.Write("fail.py", """
            import sys
            print("ValueError: the learning rate makes the loss diverge; " + "details " * 20, file=sys.stderr)
            sys.exit(3)
            """);
        _dir.Write("wide.yml", """
            type: sweep
            name: wide
            trial:
              command: python3 fail.py --x ${{search_space.x}}
            search_space:
              x: {type: uniform, min_value: 0, max_value: 1}
            objective: {primary_metric: score, goal: maximize}
            limits: {max_total_trials: 3, max_concurrent_trials: 1}
            """);
        await CliProcess.RunAsync(_dir.Path, "run", "wide.yml", "--store", "s", "--quiet");

        async Task<string[]> TrialsOnASixtyColumnTerminal(string extra)
        {
            var transcript = Path.Combine(_dir.Path, "table.txt");
            var info = new ProcessStartInfo("script") { WorkingDirectory = _dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-q", "-e", "-c", $"stty cols 60; {CliProcess.CommandLine} trials wide --store s {extra}", transcript })
            {
                info.ArgumentList.Add(a);
            }

            info.Environment["TERM"] = "xterm";
            using var process = Process.Start(info)!;
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
            Assert.Equal(0, process.ExitCode);
            return (await File.ReadAllTextAsync(transcript, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n").Split('\n');
        }

        var fitted = await TrialsOnASixtyColumnTerminal(string.Empty);
        var wide = await TrialsOnASixtyColumnTerminal("--wide");

        var rows = fitted.Where(l => l.StartsWith("1-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, l => Assert.True(l.Length <= 60, $"{l.Length}: {l}"));
        Assert.All(rows, l => Assert.EndsWith("…", l.TrimEnd(), StringComparison.Ordinal));
        Assert.Contains(wide, l => l.StartsWith("1-", StringComparison.Ordinal) && l.Contains("details details", StringComparison.Ordinal) && l.Length > 100);
    }

    [Theory]
    [InlineData("NO_COLOR", "1")]
    [InlineData("TERM", "dumb")]
    public async Task WithNoColorOrADumbTerminal_TheLogLinesStay(string name, string value)
    {
        var screen = await RunOnATerminalAsync((name, value));

        Assert.Contains(" started    x=", screen, StringComparison.Ordinal);
        Assert.Contains("done 4/4", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("━", screen, StringComparison.Ordinal);
        Assert.Contains("Sweep 'live' (id 1) completed", screen, StringComparison.Ordinal);
    }
}
