using System.Diagnostics;
using System.Globalization;
using Hypersweep.Storage;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Launching;

/// <summary>
/// No process a trial starts outlives it, through the real command: a trial leaves behind a child that ignores
/// SIGTERM and one that makes a session of its own with an empty environment, and however the trial ends (its
/// program exits, trial_timeout, early termination, Ctrl+C, the sweep's timeout, or the controller is SIGKILLed and
/// the sweep resumed), none of them is still running afterwards.
/// </summary>
public sealed class TrialProcessesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TrialProcessesTests()
    {
        // $1 is x. Every process ignores SIGTERM (ignored signals are inherited). The trial hangs when the file
        // 'hang' says 'all' or its x; before anything else, a run that finds an earlier attempt's processes alive
        // says so in still-running.txt.
        _dir.Write("leaky.sh", $$"""
            #!/bin/sh
            here='{{_dir.Path}}'
            trap '' TERM
            running_before=$(cat "$here/pids.txt" 2>/dev/null)
            echo $$ >> "$here/pids.txt"
            if [ -n "$running_before" ]; then
              for p in $running_before; do
                if [ -f /proc/$p/stat ] && ! grep -q ') Z' /proc/$p/stat; then echo "$p $(cat /proc/$p/stat)" >> "$here/still-running.txt"; fi
              done
            fi
            sleep 300 &
            echo $! >> "$here/pids.txt"
            setsid env -i /bin/sh -c "trap '' TERM; echo \$\$ >> '$here/pids.txt'; exec sleep 300" &
            sleep 1.5
            echo "##hypersweep[metric] {\"name\": \"score\", \"value\": $1}"
            hang=$(cat "$here/hang" 2>/dev/null)
            if [ "$hang" = all ] || [ "$hang" = "$1" ]; then sleep 300; fi
            """);
    }

    public void Dispose()
    {
        foreach (var pid in Pids().Where(IsRunning))
        {
            Signal("KILL", pid);
        }

        _dir.Dispose();
    }

    private string SweepFile(string limits, string values = "[1]", string? earlyTermination = null, int grace = 1) => _dir.Write("sweep.yml", $$$"""
        type: sweep
        name: leaky
        trial:
          command: ./leaky.sh ${{search_space.x}}
        search_space:
          x: {type: choice, values: {{{values}}}}
        sampling_algorithm: grid
        objective: {primary_metric: score, goal: maximize}
        limits: {max_concurrent_trials: 1, grace_period: {{{grace}}}, {{{limits}}}}
        {{{(earlyTermination is null ? "" : "early_termination: " + earlyTermination)}}}
        """);

    [Fact]
    public async Task WhenItsProgramExits_TheProcessesItLeftBehindEndToo()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "run", SweepFile("max_total_trials: 1"));

        Assert.True(run.ExitCode == 0, run.Output);
        AssertNoneRunning(expected: 3);
        await AssertTrialStatesAsync(TrialState.Completed);
    }

    [Fact]
    public async Task OnTrialTimeout_EveryProcessOfTheTrialEnds()
    {
        File.WriteAllText(_dir["hang"], "all");
        var run = await CliProcess.RunAsync(_dir.Path, "run", SweepFile("max_total_trials: 1, trial_timeout: 3"));

        Assert.True(run.ExitCode == 0, run.Output);
        AssertNoneRunning(expected: 3);
        await AssertTrialStatesAsync(TrialState.Canceled);
    }

    [Fact]
    public async Task OnEarlyTermination_EveryProcessOfTheTrialEnds()
    {
        File.WriteAllText(_dir["hang"], "1");
        var run = await CliProcess.RunAsync(_dir.Path, "run", SweepFile("max_total_trials: 2", values: "[2, 1]", earlyTermination: "{type: bandit, slack_amount: 0.5, evaluation_interval: 1}"));

        Assert.True(run.ExitCode == 0, run.Output);
        AssertNoneRunning(expected: 6);
        await AssertTrialStatesAsync(TrialState.Completed, TrialState.Terminated);
    }

    [Fact]
    public async Task OnTheSweepTimeout_EveryProcessOfTheTrialEnds()
    {
        File.WriteAllText(_dir["hang"], "all");
        var run = await CliProcess.RunAsync(_dir.Path, "run", SweepFile("max_total_trials: 1, timeout: 4"));

        Assert.True(run.ExitCode is 0 or 1, run.Output);
        AssertNoneRunning(expected: 3);
        await AssertTrialStatesAsync(TrialState.Canceled);
    }

    [Fact]
    public async Task OnCtrlC_EveryProcessOfTheTrialEnds()
    {
        File.WriteAllText(_dir["hang"], "all");
        using var process = CliProcess.Start(_dir.Path, ["run", SweepFile("max_total_trials: 1")], out var stdout, out var stderr);
        await WaitForPidsAsync(3, stdout, stderr);

        Signal("INT", process.Id);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 130, $"{stdout}{stderr}");
        AssertNoneRunning(expected: 3);
        await AssertTrialStatesAsync(TrialState.Canceled);
    }

    [Fact]
    public async Task ASecondCtrlC_QuitsAtOnce_AndKillsEveryProcessOfTheTrial()
    {
        File.WriteAllText(_dir["hang"], "all");
        using var process = CliProcess.Start(_dir.Path, ["run", SweepFile("max_total_trials: 1", grace: 60)], out var stdout, out var stderr);
        await WaitForPidsAsync(3, stdout, stderr);

        Signal("INT", process.Id);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Signal("INT", process.Id);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 130, $"{stdout}{stderr}");
        await WaitForAsync(() => !Pids().Any(IsRunning));
        AssertNoneRunning(expected: 3);
    }

    [Fact]
    public async Task AfterTheControllerIsKilled_ResumeEndsTheOldAttemptsProcesses_BeforeItRunsTheTrialAgain()
    {
        File.WriteAllText(_dir["hang"], "all");
        using (var process = CliProcess.Start(_dir.Path, ["run", SweepFile("max_total_trials: 1")], out var stdout, out var stderr))
        {
            await WaitForPidsAsync(3, stdout, stderr);
            await WaitUntilRecordedRunningAsync();
            await WaitUntilTrackedAsync(3);
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var left = Pids();
        Assert.True(left.Count(IsRunning) >= 3, "the SIGKILLed controller's trial processes should still run until resume finds them");
        File.Delete(_dir["hang"]);

        var resume = await CliProcess.RunAsync(_dir.Path, "resume", "leaky");

        Assert.True(resume.ExitCode == 0, resume.Output);
        Assert.False(File.Exists(_dir["still-running.txt"]), $"the re-run started while processes of the old attempt ran: {ReadOrEmpty("still-running.txt")}\ntrials: {await TrialMessagesAsync()}\n{resume.Output}");
        Assert.DoesNotContain(left, IsRunning);
        AssertNoneRunning(expected: 6);
        Assert.Contains("processes of it were still running and were stopped", resume.Output + await TrialMessagesAsync(), StringComparison.Ordinal);
    }

    /// <summary>Waits a moment for SIGKILLed processes to be gone (the kernel ends them asynchronously).</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private List<int> Pids() => File.Exists(_dir["pids.txt"])
        ? [.. File.ReadAllLines(_dir["pids.txt"]).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))]
        : [];

    private void AssertNoneRunning(int expected)
    {
        var pids = Pids();
        Assert.True(pids.Count == expected, $"the trials should have started {expected} processes, recorded {pids.Count}");
        var running = pids.Where(IsRunning).ToList();
        Assert.True(running.Count == 0, $"still running after the trial ended: {string.Join(", ", running.Select(Describe))}");
    }

    private async Task WaitForPidsAsync(int count, System.Text.StringBuilder stdout, System.Text.StringBuilder stderr)
    {
        var clock = Stopwatch.StartNew();
        while (Pids().Count < count || clock.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the trial did not start its processes: {stdout}{stderr}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until the store records the trial Running (with its process), as it is when a controller crashes mid-trial.</summary>
    private async Task WaitUntilRecordedRunningAsync()
    {
        var clock = Stopwatch.StartNew();
        while (!(await TrialMessagesAsync()).Contains(" Running:", StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the trial was never recorded Running");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Waits until the controller has noted the trial's processes in its folder's .processes: the one that leaves the
    /// session with an empty environment is found after a crash only through that note once its parent is gone.
    /// </summary>
    private async Task WaitUntilTrackedAsync(int count)
    {
        var record = _dir[".hypersweep/sweeps/1/trials/0/.processes"];
        var clock = Stopwatch.StartNew();
        while (!File.Exists(record) || File.ReadAllLines(record).Length < count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the controller never noted the trial's processes");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private async Task AssertTrialStatesAsync(params TrialState[] states)
    {
        await using var store = SqliteSweepStore.Open(_dir[".hypersweep/hypersweep.db"], create: false);
        var sweep = (await store.FindSweepAsync("leaky", TestContext.Current.CancellationToken))!;
        var trials = await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken);
        Assert.Equal(states, trials.Select(t => t.State));
    }

    private async Task<string> TrialMessagesAsync()
    {
        await using var store = SqliteSweepStore.Open(_dir[".hypersweep/hypersweep.db"], create: false);
        var sweep = (await store.FindSweepAsync("leaky", TestContext.Current.CancellationToken))!;
        return string.Join("\n", (await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken)).Select(t => $"{t.DisplayId} {t.State}: {t.Message}"));
    }

    private string ReadOrEmpty(string name) => File.Exists(_dir[name]) ? File.ReadAllText(_dir[name]) : string.Empty;

    private static bool IsRunning(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Describe(int pid)
    {
        try
        {
            return $"{pid} ({File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()})";
        }
        catch (IOException)
        {
            return pid.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
