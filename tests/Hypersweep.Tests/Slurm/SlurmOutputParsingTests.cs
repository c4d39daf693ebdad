using System.Diagnostics;
using System.Text.Json;
using Hypersweep.Launching.Slurm;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Slurm;

/// <summary>What the launcher reads from Slurm's commands, and the batch script it writes; no cluster needed.</summary>
public sealed class SlurmOutputParsingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Scontrol_GivesStateReasonExitCodeAndTimeLimit()
    {
        const string line = "JobId=7 JobName=hypersweep-1-0 UserId=root(0) GroupId=root(0) JobState=TIMEOUT Reason=TimeLimit Dependency=(null) Requeue=0 ExitCode=0:15 RunTime=00:01:12 TimeLimit=00:01:00 TimeMin=N/A StdOut=/tmp/a b/stdout.txt Power= \n";

        var job = SlurmJobInfo.ParseScontrol(line)!;

        Assert.Equal(new SlurmJobInfo("7", "TIMEOUT", "TimeLimit", 0, 15, TimeSpan.FromMinutes(1), "scontrol"), job);
        Assert.Equal(143, job.ExitCode);
        Assert.Null(SlurmJobInfo.ParseScontrol("slurm_load_jobs error: Invalid job id specified"));
        Assert.Equal((5, 0), SlurmJobInfo.ParseExitCode("5:0"));
        Assert.Equal(new TimeSpan(2, 3, 4, 5), SlurmJobInfo.ParseDuration("2-03:04:05"));
        Assert.Null(SlurmJobInfo.ParseDuration("UNLIMITED"));
    }

    [Fact]
    public void Squeue_GivesBaseStatesOfEveryJobItKnows()
    {
        var jobs = SlurmJobStatus.ParseQueue("2|FAILED|NonZeroExitCode\n6|RUNNING|None\n8|CANCELLED by 0|None\n9|PENDING|Resources\n");

        Assert.Equal(["2", "6", "8", "9"], jobs.Keys.Order());
        Assert.Equal(new SlurmJobStatus("2", "FAILED", "NonZeroExitCode"), jobs["2"]);
        Assert.Equal(new SlurmJobStatus("6", "RUNNING", null), jobs["6"]);
        Assert.Equal("CANCELLED", jobs["8"].State);
        Assert.True(jobs["8"].IsFinal);
        Assert.False(jobs["9"].IsFinal);
        Assert.False(new SlurmJobStatus("1", "COMPLETING", null).IsFinal);
    }

    [Fact]
    public void SacctAndTheJobCompletionLog_AreFallbacks()
    {
        Assert.Equal(new SlurmJobInfo("12", "OUT_OF_MEMORY", null, 0, 125, TimeSpan.FromHours(1), "sacct"), SlurmJobInfo.ParseSacct("12|OUT_OF_MEMORY|0:125|None|01:00:00\n", "12"));
        string[] log =
        [
            "JobId=2 UserId=root(0) GroupId=root(0) Name=j.sh JobState=COMPLETED Partition=debug TimeLimit=1 StartTime=x ExitCode=0:0 ",
            "JobId=22 UserId=root(0) GroupId=root(0) Name=j.sh JobState=FAILED Partition=debug TimeLimit=UNLIMITED ExitCode=1:0 ",
            "JobId=2 UserId=root(0) GroupId=root(0) Name=j.sh JobState=FAILED Partition=debug TimeLimit=5 StartTime=x DerivedExitCode=0:0 ExitCode=5:0 ",
        ];

        Assert.Equal(new SlurmJobInfo("2", "FAILED", null, 5, 0, TimeSpan.FromMinutes(5), "log"), SlurmJobInfo.ParseJobCompLog(log, "2", "log"));
        Assert.Null(SlurmJobInfo.ParseJobCompLog(log, "3", "log"));
    }

    [Theory]
    [InlineData("TIMEOUT", "TimeLimit", 0, 15, "TIMEOUT: the job reached its time limit of 1 minute (Slurm job 7, killed by signal 15, reason TimeLimit)")]
    [InlineData("FAILED", "NonZeroExitCode", 5, 0, "FAILED: the job failed with exit code 5 (Slurm job 7, reason NonZeroExitCode)")]
    [InlineData("OUT_OF_MEMORY", null, 0, 125, "OUT_OF_MEMORY: the job ran out of memory (mem: 500M) (Slurm job 7, killed by signal 125)")]
    [InlineData("NODE_FAIL", "NodeDown", 0, 0, "NODE_FAIL: the node running the job failed (Slurm job 7, reason NodeDown)")]
    [InlineData("CANCELLED", null, 0, 15, "CANCELLED: the job was cancelled outside Hypersweep (scancel by a user or an administrator) (Slurm job 7, killed by signal 15)")]
    public void EndStates_AreExplainedWithSlurmsReason(string state, string? reason, int status, int signal, string expected)
    {
        var job = new SlurmJobInfo("7", state, reason, status, signal, TimeSpan.FromMinutes(1), "scontrol");

        Assert.Equal(expected, SlurmLauncher.Describe(job, new SlurmSettings { Memory = "500M" }, cancelRequested: false));
        Assert.Equal("1 hour 30 minutes", SlurmJobInfo.Describe(TimeSpan.FromMinutes(90)));
        Assert.Equal("2 days", SlurmJobInfo.Describe(TimeSpan.FromDays(2)));
    }

    [Fact]
    public void Script_RunsTheArgumentsExactly_WithTheTrialsEnvironment_NothingInAValueIsShellSyntax()
    {
        var show = _dir.Write("show.py", """
            import json, os, sys
            print(json.dumps({"argv": sys.argv[1:], "env": {k: v for k, v in os.environ.items() if k.startswith(("WEIRD", "AZUREML_", "GONE", "SAME"))}}))
            """);
        string[] nasty = ["it's", "$HOME", "`id`", "a b", "\"q\"", "back\\slash", "new\nline", "; rm -rf /", "*", ""];
        var inherited = new Dictionary<string, string> { ["SAME"] = "kept", ["GONE"] = "removed" };
        var environment = new Dictionary<string, string>
        {
            ["SAME"] = "kept",
            ["WEIRD_1"] = string.Join("|", nasty),
            ["AZUREML_SWEEP_learning-rate"] = "0.1 $(id)",
        };
        var script = _dir.Write("job.sh", SlurmBatchScript.Script("1-0", ["--output=/x"], environment, inherited, [Python.Executable, show, .. nasty]));

        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.Environment["SAME"] = "kept";
        info.Environment["GONE"] = "removed";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(nasty, doc.RootElement.GetProperty("argv").EnumerateArray().Select(a => a.GetString()));
        var env = doc.RootElement.GetProperty("env").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { ["SAME"] = "kept", ["WEIRD_1"] = string.Join("|", nasty), ["AZUREML_SWEEP_learning-rate"] = "0.1 $(id)" }, env);
        Assert.DoesNotContain("export SAME", File.ReadAllText(script), StringComparison.Ordinal);
    }

    [Fact]
    public void SbatchArguments_PutPathsAndResourcesInTheirOwnArguments()
    {
        var args = SlurmBatchScript.Arguments(new SlurmSettings { Partition = "debug", TimeLimit = "5", SbatchOptions = ["--qos=normal"] }, "hypersweep-1-0", "/code dir", "/runs/100%/stdout.txt", "/runs/100%/stderr.txt", "/runs/job.sh");

        Assert.Equal(
            ["--job-name=hypersweep-1-0", "--output=/runs/100%%/stdout.txt", "--error=/runs/100%%/stderr.txt", "--open-mode=append", "--chdir=/code dir", "--no-requeue", "--partition=debug", "--cpus-per-task=1", "--time=5", "--qos=normal", "/runs/job.sh"],
            args);
    }
}
