using System.Diagnostics;
using Hypersweep.Storage;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Launching;

/// <summary>
/// Whatever a trial prints, the controller keeps it without running out of memory, reads the metric lines after an
/// enormous line, and fails at once, naming the cause, when the log cannot be written: through the real command.
/// </summary>
public sealed class OutputCaptureTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string SweepFile(string limits = "") => _dir.Write("sweep.yml", $$$"""
        type: sweep
        name: loud
        trial:
          command: ./trial.sh ${{search_space.x}}
        search_space:
          x: {type: choice, values: [1]}
        sampling_algorithm: grid
        objective: {primary_metric: score, goal: maximize}
        limits: {max_total_trials: 1, grace_period: 1{{{limits}}}}
        """);

    [Fact]
    public async Task A300MiBLineWithoutANewline_IsKeptInTheLog_TheMetricAfterItIsRead_AndMemoryStaysBounded()
    {
        // The trial's parent is the controller (setsid execs in place): the trial reports the controller's peak memory.
        _dir.Write("trial.sh", """
            #!/bin/sh
            head -c 314572800 /dev/zero | tr '\0' x
            printf '\n'
            echo '##hypersweep[metric] {"name": "score", "value": 1}'
            peak=$(awk '/VmHWM/ {print $2}' /proc/$PPID/status)
            echo "##hypersweep[metric] {\"name\": \"controller_peak_kib\", \"value\": $peak}"
            """);

        var run = await CliProcess.RunAsync(_dir.Path, "run", SweepFile());

        Assert.True(run.ExitCode == 0, run.Output);
        await using var store = SqliteSweepStore.Open(_dir[".hypersweep/hypersweep.db"], create: false);
        var sweep = (await store.FindSweepAsync("loud", TestContext.Current.CancellationToken))!;
        var trial = Assert.Single(await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken));
        Assert.Equal((TrialState.Completed, 1.0), (trial.State, trial.Value));
        var metrics = await store.GetMetricsAsync(trial.Id, TestContext.Current.CancellationToken);
        var peakMiB = metrics.Single(m => m.Name == "controller_peak_kib").Value / 1024;
        Assert.True(peakMiB < 400, $"the controller's memory peaked at {peakMiB:F0} MiB while a 300 MiB line went by");
        var log = Path.Combine(sweep.TrialDirectory(trial.Number), "stdout.txt");
        Assert.True(new FileInfo(log).Length > 300L * 1024 * 1024, "the long line is kept whole in stdout.txt");
        Assert.StartsWith("\n##hypersweep[metric] {\"name\": \"score\"", Tail(log, 300L * 1024 * 1024), StringComparison.Ordinal);
        Assert.Contains("stdout line 1 is 314572800 bytes long, more than the 1 MiB read for metrics: it is kept in stdout.txt but not read", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFullDisk_FailsTheTrialAndTheSweepAtOnce_NamingTheCause_AndKeepsTheRecord()
    {
        _dir.Write("trial.sh", """
            #!/bin/sh
            i=0
            while [ $i -lt 4000 ]; do
              echo "line $i: 1 kB of log ....................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................."
              i=$((i + 1))
            done
            echo '##hypersweep[metric] {"name": "score", "value": 1}'
            sleep 100
            """);
        var file = SweepFile(", trial_timeout: 90");
        var sweeps = _dir.Sub(".hypersweep/sweeps");
        if (!Mount(sweeps, "size=1m"))
        {
            Assert.Skip("this machine does not allow mounting a tmpfs (needs root)");
        }

        try
        {
            var clock = Stopwatch.StartNew();
            var run = await CliProcess.RunAsync(_dir.Path, "run", file);

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the sweep took {clock.Elapsed}: the full disk was not noticed at once\n{run.Output}");
            Assert.True(run.ExitCode == 1, run.Output);
            Assert.DoesNotContain("cannot rollback", run.Output, StringComparison.Ordinal);
            await using var store = SqliteSweepStore.Open(_dir[".hypersweep/hypersweep.db"], create: false);
            Assert.Equal("ok", await store.CheckIntegrityAsync());
            var sweep = (await store.FindSweepAsync("loud", TestContext.Current.CancellationToken))!;
            var trial = Assert.Single(await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken));
            var stdout = Path.Combine(sweep.TrialDirectory(trial.Number), "stdout.txt");
            Assert.Equal(TrialState.Failed, trial.State);
            Assert.Contains($"its output could not be kept: no space left on device writing {stdout}", trial.Message, StringComparison.Ordinal);
            Assert.Equal(SweepState.Failed, sweep.State);
            Assert.Contains("no space left on device writing", sweep.Message, StringComparison.Ordinal);
            Assert.Contains("no space left on device writing", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            Unmount(sweeps);
        }
    }

    [Fact]
    public async Task AStoreOnAFullDisk_EndsTheSweepAtOnce_NamingTheCause_AndLeavesNoTrialProcessRunning()
    {
        // The store's folder is a small tmpfs; the trials' folders, under it, a roomy one: only the store runs out of space.
        var project = _dir.Sub("project");
        if (!Mount(project, "size=600k"))
        {
            Assert.Skip("this machine does not allow mounting a tmpfs (needs root)");
        }

        var trials = _dir.Sub("project/.hypersweep/sweeps");
        Assert.True(Mount(trials, "size=16m"));
        try
        {
            // Pids go to a folder on the real disk; the metric lines fill the store's journal on the full one.
            _dir.Write("project/trial.sh", $$"""
                #!/bin/sh
                echo $$ >> '{{_dir["pids.txt"]}}'
                sleep 100 &
                echo $! >> '{{_dir["pids.txt"]}}'
                i=0
                while [ $i -lt 20000 ]; do echo '##hypersweep[metric] {"name": "score", "value": '$i'}'; i=$((i + 1)); done
                wait
                """);
            File.Copy(SweepFile(", trial_timeout: 90"), Path.Combine(project, "sweep.yml"));
            var clock = Stopwatch.StartNew();

            var run = await CliProcess.RunAsync(project, "run", "sweep.yml");

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"the sweep took {clock.Elapsed}: the full disk was not noticed at once\n{run.Output}");
            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains("no space left on device", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("cannot rollback", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
            var pids = File.ReadAllLines(_dir["pids.txt"]).Select(int.Parse).ToList();
            Assert.Equal(2, pids.Count);
            Assert.DoesNotContain(pids, pid => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z'));
        }
        finally
        {
            Unmount(trials);
            Unmount(project);
        }
    }

    /// <summary>The text of a file from a byte offset on.</summary>
    private static string Tail(string path, long offset)
    {
        using var stream = File.OpenRead(path);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static bool Mount(string path, string options)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return false;
        }

        using var mount = Process.Start("mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]);
        mount.WaitForExit();
        return mount.ExitCode == 0;
    }

    private static void Unmount(string path)
    {
        using var umount = Process.Start("umount", ["-l", path]);
        umount.WaitForExit();
    }
}
