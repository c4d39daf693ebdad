using System.Diagnostics;
using System.Security.Cryptography;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Storage;

/// <summary>
/// A store on a read-only file system (a real tmpfs remounted read-only, which even root cannot write) is read by
/// the read commands as it is, and refused by the writing ones with exit 2 and the reason; a read-only folder for the
/// trials is refused the same way, before anything is recorded.
/// </summary>
public sealed class ReadOnlyStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<string> _mounts = [];

    public void Dispose()
    {
        foreach (var mount in Enumerable.Reverse(_mounts))
        {
            Run("umount", "-l", mount);
        }

        _dir.Dispose();
    }

    private string Project(string folder)
    {
        _dir.Write($"{folder}/trial.sh", "#!/bin/sh\necho \"##hypersweep[metric] {\\\"name\\\": \\\"score\\\", \\\"value\\\": $1}\"\n");
        return _dir.Write($"{folder}/sweep.yml", """
            type: sweep
            name: frozen
            trial:
              command: ./trial.sh ${{search_space.x}}
            search_space:
              x: {type: choice, values: [1, 2]}
            sampling_algorithm: grid
            objective: {primary_metric: score, goal: maximize}
            limits: {max_total_trials: 2}
            """);
    }

    [Fact]
    public async Task ReadCommandsReadAReadOnlyStore_AndRunIsRefusedWithTheReason()
    {
        var folder = MountTmpfs("project");
        Project("project");
        Assert.Equal(0, (await CliProcess.RunAsync(folder, "run", "sweep.yml")).ExitCode);
        Remount(folder, "ro");
        var store = Path.Combine(folder, ".hypersweep", "hypersweep.db");
        var before = Hash(store);

        var sweeps = await CliProcess.RunAsync(folder, "sweeps");
        var trials = await CliProcess.RunAsync(folder, "trials", "frozen");
        var best = await CliProcess.RunAsync(folder, "best", "frozen");
        var report = await CliProcess.RunAsync(folder, "report", "frozen", "-o", _dir["report.html"]);
        var reportHere = await CliProcess.RunAsync(folder, "report", "frozen");
        var run = await CliProcess.RunAsync(folder, "run", "sweep.yml");

        Assert.True(sweeps.ExitCode == 0 && sweeps.Stdout.Contains("frozen", StringComparison.Ordinal), sweeps.Output);
        Assert.True(trials.ExitCode == 0 && trials.Stdout.Contains("1-1  completed", StringComparison.Ordinal), trials.Output);
        Assert.True(best.ExitCode == 0 && best.Stdout.Contains("score = 2", StringComparison.Ordinal), best.Output);
        Assert.True(report.ExitCode == 0 && File.Exists(_dir["report.html"]), report.Output);
        Assert.Equal(2, reportHere.ExitCode);
        Assert.Contains("read-only file system writing " + Path.Combine(folder, "sweep-1-frozen.html"), reportHere.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"The store {store} is read-only (read-only file system for {store})", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
        Assert.Equal(before, Hash(store));
    }

    [Fact]
    public async Task AReadOnlyFolderForTheTrials_IsRefusedWithTheReason_BeforeAnythingIsRecorded()
    {
        Project("project");
        var sweeps = _dir.Sub("project/.hypersweep/sweeps");
        MountTmpfs("project/.hypersweep/sweeps");
        Remount(sweeps, "ro");

        var run = await CliProcess.RunAsync(_dir["project"], "run", "sweep.yml");
        var listed = await CliProcess.RunAsync(_dir["project"], "sweeps");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"Cannot create the folder for the trials of sweep 'frozen': read-only file system creating {Path.Combine(sweeps, "1")}", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("frozen", listed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASweepFolderThatCannotBeWritten_IsNamedAsSuch_NotTakenForAnotherRunningController()
    {
        Project("project");
        Assert.Equal(0, (await CliProcess.RunAsync(_dir["project"], "run", "sweep.yml")).ExitCode);
        var folder = MountTmpfs("project/.hypersweep/sweeps/1");
        Remount(folder, "ro");

        var resume = await CliProcess.RunAsync(_dir["project"], "resume-trials", "frozen", "0");

        Assert.Equal(2, resume.ExitCode);
        Assert.Contains($"its folder cannot be used: read-only file system opening {Path.Combine(folder, "controller.lock")}", resume.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("still being run by another", resume.Output, StringComparison.Ordinal);
    }

    private string MountTmpfs(string relative)
    {
        var path = _dir.Sub(relative);
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || Run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", path) != 0)
        {
            Assert.Skip("this machine does not allow mounting a tmpfs (needs root)");
        }

        _mounts.Add(path);
        return path;
    }

    private static void Remount(string path, string mode) => Assert.Equal(0, Run("mount", "-o", $"remount,{mode}", path));

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static int Run(string program, params string[] args)
    {
        using var process = Process.Start(program, args);
        process.WaitForExit();
        return process.ExitCode;
    }
}
