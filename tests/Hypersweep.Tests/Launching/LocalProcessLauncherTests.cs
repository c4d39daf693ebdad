using System.Diagnostics;
using System.Text.Json;
using Hypersweep.Launching;
using Hypersweep.Space;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Launching;

public sealed class LocalProcessLauncherTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly ParameterSet Parameters = new([new("lr", ParameterValue.Of(0.01)), new("act", ParameterValue.Of("leaky relu")), new("n", ParameterValue.Of(3L))]);

    private TrialLaunch Launch(string? resumeFrom = null) => new()
    {
        Trial = new TrialRecord { Id = 11, SweepId = 4, Number = 7, Parameters = Parameters, State = TrialState.Queued, CreatedAt = DateTimeOffset.UtcNow },
        TrialDirectory = _dir["sweep/trials/7"],
        OutputDirectory = _dir["sweep/trials/7/outputs"],
        SweepDirectory = _dir["sweep"],
        ResumeFrom = resumeFrom,
    };

    private async Task<(TrialExit Exit, RecordingObserver Recorder)> RunAsync(string command, IReadOnlyDictionary<string, string>? env = null, string? resumeFrom = null, string? regexPattern = null)
    {
        var launcher = new LocalProcessLauncher(new TrialTemplate
        {
            Command = CommandTemplate.Parse(command),
            CodeDirectory = _dir.Path,
            EnvironmentVariables = env ?? new Dictionary<string, string>(),
            RegexMetrics = regexPattern is null ? null : new RegexMetricSettings(regexPattern == "default" ? null : regexPattern, null),
        });
        var recorder = new RecordingObserver();
        var execution = await launcher.StartAsync(Launch(resumeFrom), recorder);
        var exit = await execution.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        return (exit, recorder);
    }

    [Fact]
    public async Task Trial_GetsItsParametersAsArgumentsAndEnvironment_WithoutAShell()
    {
        _dir.Write("show.py", """
            import json, os, sys
            print(json.dumps({"argv": sys.argv[1:], "cwd": os.getcwd(), "env": {k: v for k, v in os.environ.items() if k.startswith(("HYPERSWEEP_", "AZUREML_", "MY_"))}}))
            """);

        var (exit, _) = await RunAsync($"{Python.Executable} show.py --act ${{{{search_space.act}}}} --lr=${{{{search_space.lr}}}} '$HOME'", new Dictionary<string, string> { ["MY_VAR"] = "x y" });

        Assert.True(exit.Succeeded, exit.Error);
        using var doc = JsonDocument.Parse(File.ReadAllText(_dir["sweep/trials/7/stdout.txt"]));
        var root = doc.RootElement;
        Assert.Equal(["--act", "leaky relu", "--lr=0.01", "$HOME"], root.GetProperty("argv").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(_dir.Path, root.GetProperty("cwd").GetString());
        var env = root.GetProperty("env");
        Assert.Equal("4-7", env.GetProperty("HYPERSWEEP_TRIAL_ID").GetString());
        Assert.Equal(Parameters, ParameterSet.FromJson(env.GetProperty("HYPERSWEEP_PARAMS").GetString()!));
        Assert.Equal(_dir["sweep/trials/7/outputs"], env.GetProperty("HYPERSWEEP_OUTPUT_DIR").GetString());
        Assert.True(Directory.Exists(_dir["sweep/trials/7/outputs"]));
        Assert.Equal("0.01", env.GetProperty("AZUREML_SWEEP_lr").GetString());
        Assert.Equal("x y", env.GetProperty("MY_VAR").GetString());
        Assert.False(env.TryGetProperty("HYPERSWEEP_RESUME_FROM", out _));
    }

    [Fact]
    public async Task CommandWithoutPlaceholders_GetsParametersAppendedHyperDriveStyle()
    {
        _dir.Write("args.py", "import sys; print(' | '.join(sys.argv[1:]))");

        var (exit, _) = await RunAsync($"{Python.Executable} args.py --epochs 3");

        Assert.True(exit.Succeeded, exit.Error);
        Assert.Equal("--epochs | 3 | --lr | 0.01 | --act | leaky relu | --n | 3", File.ReadAllText(_dir["sweep/trials/7/stdout.txt"]).Trim());
    }

    [Fact]
    public async Task ResumingTrial_GetsResumeFromArgumentAndEnvironment()
    {
        _dir.Write("resume.py", "import os, sys; print(sys.argv[-2], sys.argv[-1], os.environ['HYPERSWEEP_RESUME_FROM'])");

        var (exit, _) = await RunAsync($"{Python.Executable} resume.py ${{{{search_space.n}}}}", resumeFrom: "/ckpt/7");

        Assert.True(exit.Succeeded, exit.Error);
        Assert.Equal("--resume-from /ckpt/7 /ckpt/7", File.ReadAllText(_dir["sweep/trials/7/stdout.txt"]).Trim());
    }

    [Fact]
    public async Task MetricLines_AreReportedInOrder_AndMalformedOnesAreWarnedAbout()
    {
        _dir.Write("metrics.py", """
            import hypersweep
            print("ordinary output")
            for epoch in range(1, 4):
                hypersweep.log("accuracy", epoch / 10)
            hypersweep.log("loss", float("nan"), step=9)
            print('##hypersweep[metric] {"name": "accuracy"}')
            """);

        var (exit, recorder) = await RunAsync($"{Python.Executable} metrics.py");

        Assert.True(exit.Succeeded, exit.Error);
        Assert.Equal([("accuracy", 0.1, 0L), ("accuracy", 0.2, 1L), ("accuracy", 0.3, 2L)], recorder.Metrics.Take(3).Select(m => (m.Name, m.Value, m.Step!.Value)));
        Assert.True(double.IsNaN(recorder.Metrics[3].Value));
        Assert.Equal(9, recorder.Metrics[3].Step);
        Assert.Contains("malformed metric line", Assert.Single(recorder.Warnings), StringComparison.Ordinal);
        Assert.Contains("ordinary output", File.ReadAllText(_dir["sweep/trials/7/stdout.txt"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HyperDriveV1Script_ReportsThroughTheAzureMlRunShim_Unchanged()
    {
        _dir.Write("train.py", """
            import argparse
            from azureml.core.run import Run
            from azureml.core import Run as SameRun
            parser = argparse.ArgumentParser()
            parser.add_argument("--lr", type=float)
            parser.add_argument("--act")
            parser.add_argument("--n", type=int)
            args = parser.parse_args()
            run = Run.get_context()
            assert run is SameRun.get_context()
            print("run id", run.id)
            run.log("accuracy", 0.5 + args.lr)
            run.log_list("accuracy", [0.6, 0.7])
            run.log_row("cm", tp=3, fp=1)
            run.tag("note", "x")
            run.complete()
            """);

        var (exit, recorder) = await RunAsync($"{Python.Executable} train.py");

        Assert.True(exit.Succeeded, exit.Error);
        Assert.Equal(["accuracy", "accuracy", "accuracy", "cm.tp", "cm.fp"], recorder.Metrics.Select(m => m.Name));
        Assert.Equal([0.51, 0.6, 0.7, 3, 1], recorder.Metrics.Select(m => m.Value));
        Assert.Contains("run id 4-7", File.ReadAllText(_dir["sweep/trials/7/stdout.txt"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegexCollector_ReadsNameEqualsValue_FromProgramsThatCannotBeChanged()
    {
        _dir.Write("legacy.sh", "#!/bin/sh\necho 'epoch 1: accuracy=0.81 loss=0.52'\necho 'epoch 2: accuracy=0.85 loss=4.1e-1'\n");

        var (exit, recorder) = await RunAsync("./legacy.sh", regexPattern: "default");

        Assert.True(exit.Succeeded, exit.Error);
        Assert.Equal([("accuracy", 0.81), ("loss", 0.52), ("accuracy", 0.85), ("loss", 0.41)], recorder.Metrics.Select(m => (m.Name, m.Value)));
    }

    [Fact]
    public async Task FailingTrial_ReportsItsExitCodeAndTheTailOfStderr()
    {
        _dir.Write("fail.py", """
            import sys
            for i in range(40):
                print("noise", i, file=sys.stderr)
            print("ValueError: learning rate too high", file=sys.stderr)
            sys.exit(3)
            """);

        var (exit, _) = await RunAsync($"{Python.Executable} fail.py");

        Assert.False(exit.Succeeded);
        Assert.Equal(3, exit.ExitCode);
        Assert.Contains("exit code 3", exit.Error, StringComparison.Ordinal);
        Assert.EndsWith("ValueError: learning rate too high", exit.Error!.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("noise 5\n", exit.Error, StringComparison.Ordinal);
        Assert.Contains("noise 0", File.ReadAllText(_dir["sweep/trials/7/stderr.txt"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingCommand_FailsToStartWithAClearMessage()
    {
        var (exit, _) = await RunAsync("no-such-program-hypersweep --x 1");

        Assert.True(exit.StartFailed);
        Assert.Contains("'no-such-program-hypersweep' was not found", exit.Error, StringComparison.Ordinal);
        Assert.Contains("not on PATH", exit.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RelativeProgramPath_IsResolvedAgainstTheCodeFolder()
    {
        _dir.Write("bin/run.sh", "#!/bin/sh\necho from-code-folder\n");

        var (exit, _) = await RunAsync("bin/run.sh");

        Assert.True(exit.Succeeded, exit.Error);
        Assert.Equal("from-code-folder", File.ReadAllText(_dir["sweep/trials/7/stdout.txt"]).Trim());
    }

    [Fact]
    public async Task Stop_SendsSigtermFirst_SoTheProgramCanCleanUp()
    {
        _dir.Write("graceful.py", """
            import signal, sys, time
            def bye(*_):
                print("got SIGTERM", flush=True)
                sys.exit(5)
            signal.signal(signal.SIGTERM, bye)
            print("ready", flush=True)
            time.sleep(60)
            """);
        var launcher = new LocalProcessLauncher(new TrialTemplate { Command = CommandTemplate.Parse($"{Python.Executable} graceful.py"), CodeDirectory = _dir.Path });
        var execution = await launcher.StartAsync(Launch(), new RecordingObserver());
        await WaitForAsync(() => File.Exists(_dir["sweep/trials/7/stdout.txt"]) && File.ReadAllText(_dir["sweep/trials/7/stdout.txt"]).Contains("ready", StringComparison.Ordinal));

        var clock = Stopwatch.StartNew();
        execution.Stop(TimeSpan.FromSeconds(20));
        var exit = await execution.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(5, exit.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the program should end on SIGTERM, not wait for SIGKILL ({clock.Elapsed})");
        Assert.Contains("got SIGTERM", File.ReadAllText(_dir["sweep/trials/7/stdout.txt"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_KillsTheWholeTreeAfterTheGracePeriod_WhenSigtermIsIgnored()
    {
        _dir.Write("stubborn.sh", "#!/bin/sh\ntrap '' TERM\necho $$ > pids.txt\nsleep 60 &\necho $! >> pids.txt\nwait\nwait\n");
        var launcher = new LocalProcessLauncher(new TrialTemplate { Command = CommandTemplate.Parse("./stubborn.sh"), CodeDirectory = _dir.Path });
        var execution = await launcher.StartAsync(Launch(), new RecordingObserver());
        await WaitForAsync(() => File.Exists(_dir["pids.txt"]) && File.ReadAllLines(_dir["pids.txt"]).Length == 2);
        var pids = File.ReadAllLines(_dir["pids.txt"]).Select(int.Parse).ToArray();

        var clock = Stopwatch.StartNew();
        execution.Stop(TimeSpan.FromSeconds(1));
        var exit = await execution.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(128 + 9, exit.ExitCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"SIGKILL came before the grace period ended ({clock.Elapsed})");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the tree was not killed promptly ({clock.Elapsed})");
        await WaitForAsync(() => !pids.Any(IsAlive));
    }

    private static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].TrimStart().StartsWith('Z');

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "timed out waiting for the trial");
            await Task.Delay(20);
        }
    }
}
