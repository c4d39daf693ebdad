using System.Diagnostics;
using System.Text.Json;
using Hypersweep.Storage;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Cli;

/// <summary>The hypersweep command as a user runs it: a real process, real trial processes, a real SQLite file.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public CliTests()
    {
        _dir.Write("train.py", """
            import argparse, sys, time
            import hypersweep
            p = argparse.ArgumentParser()
            p.add_argument("--x", type=float)
            p.add_argument("--k", type=int)
            p.add_argument("--sleep", type=float, default=0)
            a = p.parse_args()
            if a.k == 3 and a.x > 0.8:
                print("Traceback: k=3 does not converge", file=sys.stderr)
                sys.exit(4)
            print("started", flush=True)
            for epoch in range(1, 4):
                time.sleep(a.sleep)
                hypersweep.log("score", -(a.x - 0.3) ** 2 - 0.01 * a.k + 0.001 * epoch)
            hypersweep.log("loss", (a.x - 0.3) ** 2)
            """);
    }

    public void Dispose() => _dir.Dispose();

    private string SweepFile(string name = "demo", int trials = 6, string extra = "", double sleep = 0) => _dir.Write($"{name}.yml", $$$"""
        type: sweep
        name: {{{name}}}
        trial:
          command: {{{Python.Executable}}} train.py --x ${{search_space.x}} --k ${{search_space.k}} --sleep {{{sleep}}}
        search_space:
          x: {type: uniform, min_value: 0, max_value: 1}
          k: {type: choice, values: [1, 2, 3]}
        sampling_algorithm: {type: random, seed: 3}
        objective: {primary_metric: score, goal: maximize}
        limits: {max_total_trials: {{{trials}}}, max_concurrent_trials: 2, grace_period: 5}
        {{{extra}}}
        """);

    /// <summary>
    /// A sweep NAME.yml whose trials (<c>./step.sh --x X</c>) wait while the file 'slow' exists (created here; delete it
    /// to let them go on), then log score = <paramref name="score"/> (a shell expression; by default x).
    /// </summary>
    private string WaitingSweep(string name, string limits, string score = "$2")
    {
        _dir.Write("slow", string.Empty);
        _dir.Write("step.sh", $"#!/bin/sh\nwhile [ -f slow ]; do sleep 0.1; done\necho \"##hypersweep[metric] {{\\\"name\\\": \\\"score\\\", \\\"value\\\": {score}}}\"\n");
        return _dir.Write($"{name}.yml", $$$"""
            type: sweep
            name: {{{name}}}
            trial:
              command: ./step.sh --x ${{search_space.x}}
            search_space:
              x: {type: uniform, min_value: 0, max_value: 1}
            sampling_algorithm: {type: random, seed: 3}
            objective: {primary_metric: score, goal: maximize}
            limits: {{{{limits}}}}
            """);
    }

    [Fact]
    public async Task Run_RunsTheSweepToTheEnd_AndTheReadCommandsShowWhatHappened()
    {
        var file = SweepFile(trials: 8);

        var run = await CliProcess.RunAsync(_dir.Path, "run", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Sweep 'demo' (id 1)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("completed: max_total_trials (8) reached", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Best trial: 1-", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("done 8/8", run.Stdout, StringComparison.Ordinal);

        var trials = await CliProcess.RunAsync(_dir.Path, "trials", "demo");
        Assert.Equal(0, trials.ExitCode);
        var rows = trials.Stdout.Split('\n').Where(l => l.StartsWith("1-", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, rows.Count);
        Assert.Contains("id   state", trials.Stdout, StringComparison.Ordinal);

        var best = await CliProcess.RunAsync(_dir.Path, "best", "demo", "--json");
        Assert.Equal(0, best.ExitCode);
        using var json = JsonDocument.Parse(best.Stdout);
        var b = json.RootElement.GetProperty("best");
        var x = b.GetProperty("parameters").GetProperty("x").GetDouble();
        var k = b.GetProperty("parameters").GetProperty("k").GetInt32();
        Assert.Equal(["train.py", "--x", x.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--k", k.ToString(System.Globalization.CultureInfo.InvariantCulture), "--sleep", "0"], b.GetProperty("arguments").EnumerateArray().Skip(1).Select(a => a.GetString()));
        Assert.Equal(-((x - 0.3) * (x - 0.3)) - (0.01 * k) + 0.003, b.GetProperty("primary_metric").GetProperty("value").GetDouble(), 9);
        Assert.Equal((x - 0.3) * (x - 0.3), b.GetProperty("metrics").GetProperty("loss").GetDouble(), 9);

        await using var store = SqliteSweepStore.Open(_dir[".hypersweep/hypersweep.db"], create: false);
        var recorded = await store.ListTrialsAsync(1, TestContext.Current.CancellationToken);
        var bestRecorded = recorded.Where(t => t.Value is not null).MaxBy(t => t.Value)!;
        Assert.Equal(bestRecorded.DisplayId, b.GetProperty("id").GetString());

        var sweeps = await CliProcess.RunAsync(_dir.Path, "sweeps");
        Assert.Contains("demo", sweeps.Stdout, StringComparison.Ordinal);
        Assert.Contains("8/8", sweeps.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricValuesThatOverflow_AreRecordedAndShown_ButNeverRankedBest()
    {
        // k=1 logs 1e309 as a JSON number, k=2 the string "1e400": both overflow to Infinity, which under maximize
        // would beat every real value. k=3 logs 0.25, the only value that can be ranked.
        _dir.Write("overflow.py", """
            import sys
            k = int(sys.argv[1])
            value = {1: '1e309', 2: '"1e400"', 3: '0.25'}[k]
            print('##hypersweep[metric] {"name": "score", "value": ' + value + '}', flush=True)
            """);
        var file = _dir.Write("overflow.yml", $$$"""
            type: sweep
            name: overflow
            trial:
              command: {{{Python.Executable}}} overflow.py ${{search_space.k}}
            search_space:
              k: {type: choice, values: [1, 2, 3]}
            sampling_algorithm: grid
            objective: {primary_metric: score, goal: maximize}
            limits: {max_total_trials: 3, max_concurrent_trials: 1}
            """);

        var run = await CliProcess.RunAsync(_dir.Path, "run", file);
        var best = await CliProcess.RunAsync(_dir.Path, "best", "overflow", "--json");
        var trials = await CliProcess.RunAsync(_dir.Path, "trials", "overflow", "--json");
        var table = await CliProcess.RunAsync(_dir.Path, "trials", "overflow");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Best trial: 1-2", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, best.ExitCode);
        using (var json = JsonDocument.Parse(best.Stdout))
        {
            Assert.Equal("1-2", json.RootElement.GetProperty("best").GetProperty("id").GetString());
            Assert.Equal(0.25, json.RootElement.GetProperty("best").GetProperty("primary_metric").GetProperty("value").GetDouble());
        }

        Assert.Equal(0, trials.ExitCode);
        using (var json = JsonDocument.Parse(trials.Stdout))
        {
            var all = json.RootElement.EnumerateArray().ToList();
            Assert.Equal(["Completed", "Completed", "Completed"], all.Select(t => t.GetProperty("state").GetString()));
            Assert.Equal([JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Number], all.Select(t => t.GetProperty("value").ValueKind));
            Assert.All(all, t => Assert.Equal(1, t.GetProperty("intervals").GetInt32()));
        }

        Assert.Equal(0, table.ExitCode);
        Assert.Equal(2, table.Stdout.Split('\n').Count(l => l.StartsWith("1-", StringComparison.Ordinal) && l.Contains("not finite", StringComparison.Ordinal)));
        Assert.Equal(2, run.Stdout.Split('\n').Count(l => l.Contains("completed  score=not finite", StringComparison.Ordinal)));
        await using var store = SqliteSweepStore.Open(_dir[".hypersweep/hypersweep.db"], create: false);
        var recorded = await store.ListTrialsAsync(1, TestContext.Current.CancellationToken);
        foreach (var trial in recorded.Take(2))
        {
            var metrics = await store.GetMetricsAsync(trial.Id, TestContext.Current.CancellationToken);
            Assert.Equal(double.PositiveInfinity, Assert.Single(metrics).Value);
        }
    }

    [Fact]
    public async Task FailingTrials_AreRecordedWithTheirReason_AndTheSweepGoesOn()
    {
        var file = SweepFile(trials: 12);

        var run = await CliProcess.RunAsync(_dir.Path, "run", file, "--store", _dir["s"]);
        var trials = await CliProcess.RunAsync(_dir.Path, "trials", "demo", "--store", _dir["s"], "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(trials.Stdout);
        var all = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(12, all.Count);
        var failed = all.Where(t => t.GetProperty("state").GetString() == "Failed").ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, t =>
        {
            Assert.Equal(4, t.GetProperty("exit_code").GetInt32());
            Assert.Contains("Traceback: k=3 does not converge", t.GetProperty("message").GetString(), StringComparison.Ordinal);
        });
        Assert.Contains(all, t => t.GetProperty("state").GetString() == "Completed");

        // Parameters read at six significant digits in progress lines and the table (full precision in --json).
        Assert.Matches(@"started    x=[0-9.]{1,8} k=[123]\r?\n", run.Stdout);
        Assert.DoesNotMatch(@"x=0\.0*[1-9]\d{6,}", run.Stdout);
        Assert.Contains(all, t => t.GetProperty("parameters").GetProperty("x").GetRawText().Length > 10);

        // The progress and the trials table say why, with the program's own last words, not a cut-off header.
        Assert.Matches(@"trial 1-\d+ failed .*  exit code 4: Traceback: k=3 does not converge", run.Stdout);
        var table = await CliProcess.RunAsync(_dir.Path, "trials", "demo", "--store", _dir["s"]);
        Assert.Contains("exit code 4: Traceback: k=3 does not converge", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("stderr ends with:", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneTrial_IsShownInFull_ByItsNumberOrItsId_WithHistoryArgumentsMetricsAndStderr()
    {
        var file = SweepFile(trials: 12);
        Assert.Equal(0, (await CliProcess.RunAsync(_dir.Path, "run", file, "--store", _dir["s"])).ExitCode);
        using var list = JsonDocument.Parse((await CliProcess.RunAsync(_dir.Path, "trials", "demo", "--store", _dir["s"], "--json")).Stdout);
        var failed = list.RootElement.EnumerateArray().First(t => t.GetProperty("state").GetString() == "Failed");
        var completed = list.RootElement.EnumerateArray().First(t => t.GetProperty("state").GetString() == "Completed");
        var failedId = failed.GetProperty("id").GetString()!;

        var byNumber = await CliProcess.RunAsync(_dir.Path, "trials", "demo", failed.GetProperty("number").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", _dir["s"]);
        var byId = await CliProcess.RunAsync(_dir.Path, "trials", failedId, "--store", _dir["s"]);

        Assert.Equal(0, byNumber.ExitCode);
        Assert.Equal(byNumber.Stdout, byId.Stdout);
        Assert.Contains($"Trial {failedId} of sweep 'demo'", byNumber.Stdout, StringComparison.Ordinal);
        Assert.Contains("failed, exit code 4", byNumber.Stdout, StringComparison.Ordinal);
        Assert.Contains("Why:        exit code 4: Traceback: k=3 does not converge", byNumber.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"History:\n(.*\n)*? +\S+ \S+  running\n +\S+ \S+  failed +exit code 4: Traceback: k=3 does not converge\n", byNumber.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("stderr (last 1 lines):\n    Traceback: k=3 does not converge", byNumber.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains(" train.py --x ", byNumber.Stdout, StringComparison.Ordinal);

        var json = await CliProcess.RunAsync(_dir.Path, "trials", completed.GetProperty("id").GetString()!, "--store", _dir["s"], "--json");
        using var one = JsonDocument.Parse(json.Stdout);
        Assert.Equal("Completed", one.RootElement.GetProperty("state").GetString());
        Assert.Equal(3, one.RootElement.GetProperty("metrics").GetProperty("score").GetArrayLength());
        Assert.Equal(["Running", "Completed"], one.RootElement.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("state").GetString()).TakeLast(2).ToArray());

        var missing = await CliProcess.RunAsync(_dir.Path, "trials", "demo", "99", "--store", _dir["s"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("has no trial '99': give a trial number from 0 to 11", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importance_RanksTheParameterThatDrivesTheMetricFirst_InTextAndJson()
    {
        // score depends on x (strongly) and k (0.01 per step), as train.py logs it; 40 trials are enough to see it.
        var file = SweepFile(trials: 40);
        Assert.Equal(0, (await CliProcess.RunAsync(_dir.Path, "run", file, "--store", _dir["s"], "--quiet")).ExitCode);

        var text = await CliProcess.RunAsync(_dir.Path, "importance", "demo", "--store", _dir["s"]);
        var json = await CliProcess.RunAsync(_dir.Path, "importance", "demo", "--store", _dir["s"], "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("how much each parameter mattered to score (PED-ANOVA over the best 10% of the finished trials; sums to 1)", text.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n  x  0\.\d{3}  #+\r?\n  k  0\.\d{3}", text.Stdout);
        using var doc = JsonDocument.Parse(json.Stdout);
        var importance = doc.RootElement.GetProperty("importance");
        Assert.Equal("ped-anova", doc.RootElement.GetProperty("method").GetString());
        Assert.True(importance.GetProperty("x").GetDouble() > importance.GetProperty("k").GetDouble());
        Assert.Equal(1.0, importance.EnumerateObject().Sum(p => p.Value.GetDouble()), 9);
    }

    [Fact]
    public async Task NameAndSeedOptions_OverrideTheFile_AndNameMeansTheLatestSweep()
    {
        var file = SweepFile(trials: 2);

        await CliProcess.RunAsync(_dir.Path, "run", file, "--name", "mine", "--seed", "11");
        await CliProcess.RunAsync(_dir.Path, "run", file, "--name", "mine", "--seed", "11");
        var best = await CliProcess.RunAsync(_dir.Path, "best", "mine", "--json");

        using var json = JsonDocument.Parse(best.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("sweep").GetProperty("id").GetInt32());
        Assert.Equal(11, json.RootElement.GetProperty("sweep").GetProperty("seed").GetInt32());
    }

    [Fact]
    public async Task BadSweepFile_ExitsWith2_ListsEveryProblem_WithoutAStackTrace_AndStartsNothing()
    {
        var file = _dir.Write("bad.yml", """
            type: sweep
            trial: {command: python3 train.py}
            search_space:
              lr: {type: uniform, min_value: 1, max_value: 0}
            objective: {primary_metric: acc, goal: up}
            limits: {max_total_trials: 0}
            """);

        var run = await CliProcess.RunAsync(_dir.Path, "run", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.yml has 3 problems", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("bad.yml:4:48: search_space.lr.max_value: uniform needs min_value < max_value, got min_value=1, max_value=0.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("bad.yml:5:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("bad.yml:6:", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir[".hypersweep"]), "nothing may be started or recorded for a bad file");
    }

    [Theory]
    [InlineData("run", "missing.yml", "missing.yml: the file does not exist")]
    [InlineData("trials", "demo", "There is no Hypersweep store at")]
    [InlineData("validate", "missing.yml", "the file does not exist")]
    public async Task MissingInputs_ExitWith2AndSayWhatIsMissing(string command, string argument, string expected)
    {
        var run = await CliProcess.RunAsync(_dir.Path, command, argument);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSweep_And_UnreadableStore_AreClearErrors()
    {
        await CliProcess.RunAsync(_dir.Path, "run", SweepFile(trials: 1));
        _dir.Write("junk.db", new string('x', 4096));

        var unknown = await CliProcess.RunAsync(_dir.Path, "best", "nope");
        var junk = await CliProcess.RunAsync(_dir.Path, "sweeps", "--store", _dir["junk.db"]);
        var badOption = await CliProcess.RunAsync(_dir.Path, "trials");

        Assert.Equal((2, 2, 2), (unknown.ExitCode, junk.ExitCode, badOption.ExitCode));
        Assert.Contains("No sweep named or numbered 'nope'", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("demo (id 1)", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("is not a SQLite database", junk.Stderr, StringComparison.Ordinal);
        Assert.Contains("Required argument 'sweep' missing", badOption.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandThatCannotStart_StopsTheSweepAtOnce_InsteadOfBurningTheBudget()
    {
        var file = _dir.Write("nostart.yml", """
            type: sweep
            trial:
              command: definitely-not-installed-trainer --x ${{search_space.x}}
            search_space: {x: "uniform(0, 1)"}
            objective: {primary_metric: acc, goal: maximize}
            limits: {max_total_trials: 50, max_concurrent_trials: 1}
            """);

        var run = await CliProcess.RunAsync(_dir.Path, "run", file);
        var trials = await CliProcess.RunAsync(_dir.Path, "trials", "1", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("could not start", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("'definitely-not-installed-trainer' was not found", run.Stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(trials.Stdout);
        Assert.Single(json.RootElement.EnumerateArray());
    }

    [Fact]
    public async Task CtrlC_CancelsRunningTrials_RecordsThemCanceled_AndExitsWith130()
    {
        var file = SweepFile(trials: 10, sleep: 30);
        using var process = CliProcess.Start(_dir.Path, ["run", file], out var stdout, out _);
        var clock = Stopwatch.StartNew();
        while (CountOf(stdout, " started ") < 2)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the trials did not start: " + stdout);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await Task.Delay(500, TestContext.Current.CancellationToken);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal(130, process.ExitCode);
        await using var store = SqliteSweepStore.Open(_dir[".hypersweep/hypersweep.db"], create: false);
        var sweep = (await store.FindSweepAsync("demo", TestContext.Current.CancellationToken))!;
        var trials = await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken);
        Assert.Equal(SweepState.Canceled, sweep.State);
        Assert.True(trials.Count >= 2, stdout.ToString());
        Assert.All(trials.Where(t => t.State != TrialState.Failed), t => Assert.Equal((TrialState.Canceled, "canceled by the user"), (t.State, t.Message)));
        Assert.All(trials.Where(t => t.State == TrialState.Canceled), t => Assert.Equal(128 + 15, t.ExitCode));
    }

    [Fact]
    public async Task Resume_ContinuesASweepThatReachedItsTimeout_ButNotOneThatUsedItsBudget()
    {
        // The first run ends by its timeout with the trials waiting.
        var file = WaitingSweep("timed", "max_total_trials: 4, max_concurrent_trials: 2, timeout: 1, grace_period: 1");
        var run = await CliProcess.RunAsync(_dir.Path, "run", file);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("completed: timeout of 1 s reached", run.Stdout, StringComparison.Ordinal);
        File.Delete(_dir["slow"]);

        var resume = await CliProcess.RunAsync(_dir.Path, "resume", "timed");
        var again = await CliProcess.RunAsync(_dir.Path, "resume", "timed");

        Assert.True(resume.ExitCode == 0, resume.Output);
        Assert.Contains("completed: max_total_trials (4) reached", resume.Stdout, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("Sweep 'timed' (id 1) has already completed (max_total_trials (4) reached); there is nothing to resume.", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATrialRunAgainFromItsCheckpoint_IsShownWithTheArgumentsItReallyGot()
    {
        // The timeout cancels the waiting trials; run again with --resume-from, a trial scores 100.
        var file = WaitingSweep("ckpt", "max_total_trials: 2, max_concurrent_trials: 2, timeout: 1, grace_period: 1", score: "$([ \"$3\" = --resume-from ] && echo 100 || echo $2)");
        var run = await CliProcess.RunAsync(_dir.Path, "run", file);
        Assert.True(run.ExitCode == 0, run.Output);
        File.Delete(_dir["slow"]);

        var resume = await CliProcess.RunAsync(_dir.Path, "resume-trials", "ckpt", "0");
        var best = await CliProcess.RunAsync(_dir.Path, "best", "ckpt");

        Assert.True(resume.ExitCode == 0, resume.Output);
        await using var store = SqliteSweepStore.Open(_dir[".hypersweep/hypersweep.db"], create: false);
        var sweep = (await store.FindSweepAsync("ckpt", TestContext.Current.CancellationToken))!;
        var rerun = (await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken)).Single(t => t.ResumedFrom is not null);
        var checkpoint = rerun.Invocation!.Environment["HYPERSWEEP_RESUME_FROM"];
        Assert.Equal(["./step.sh", "--x", rerun.Parameters["x"].ToString(), "--resume-from", checkpoint], rerun.Invocation.Arguments);
        Assert.Equal(rerun.DisplayId, rerun.Invocation.Environment["HYPERSWEEP_TRIAL_ID"]);
        Assert.Contains($"Arguments: ./step.sh --x {rerun.Parameters["x"]} --resume-from {checkpoint}", best.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResumeAfterCtrlC_RunsTheCanceledTrialsAgain_WithoutUsingUpTheBudget()
    {
        // The first run is stopped with the trials waiting, and the resume finishes them.
        var file = WaitingSweep("ctrlc", "max_total_trials: 4, max_concurrent_trials: 2, grace_period: 1");
        using var process = CliProcess.Start(_dir.Path, ["run", file], out var stdout, out var stderr);
        var clock = Stopwatch.StartNew();
        while (CountOf(stdout, " started ") < 2)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the trials did not start: " + stdout);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 130, $"{stdout}{stderr}");
        Assert.Contains("done 0/4, running 0, failed 0, 2 canceled", stdout.ToString(), StringComparison.Ordinal);
        File.Delete(_dir["slow"]);

        var resume = await CliProcess.RunAsync(_dir.Path, "resume", "ctrlc");

        Assert.True(resume.ExitCode == 0, resume.Output);
        Assert.Contains("resuming: 0 of 4 trials done", resume.Stdout, StringComparison.Ordinal);
        Assert.Contains("done 4/4, running 0, failed 0, 2 canceled", resume.Stdout, StringComparison.Ordinal);
        await using var store = SqliteSweepStore.Open(_dir[".hypersweep/hypersweep.db"], create: false);
        var sweep = (await store.FindSweepAsync("ctrlc", TestContext.Current.CancellationToken))!;
        var trials = await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken);
        var canceled = trials.Where(t => t.State == TrialState.Canceled).ToList();
        Assert.Equal(2, canceled.Count);
        Assert.Equal(4, trials.Count(t => t.State == TrialState.Completed));
        Assert.All(canceled, c => Assert.Single(trials, t => t.RetryOf == c.Id && t.State == TrialState.Completed && t.Parameters.Equals(c.Parameters)));
    }

    [Theory]
    [InlineData("trial_timeout: 4300000", "limits.trial_timeout", "got 4300000")]
    [InlineData("timeout: 1e12", "limits.timeout", "got 1000000000000")]
    [InlineData("grace_period: 5000000", "limits.grace_period", "got 5000000")]
    public async Task DurationsTheTimersCannotWait_AreRejectedByValidateAndRun_WithTheAllowedRange(string limit, string field, string got)
    {
        var file = _dir.Write("long.yml", $$$"""
            type: sweep
            name: long
            trial:
              command: {{{Python.Executable}}} train.py --x ${{search_space.x}} --k 1
            search_space:
              x: {type: uniform, min_value: 0, max_value: 1}
            objective: {primary_metric: score, goal: maximize}
            limits: {max_total_trials: 2, {{{limit}}}}
            """);

        var validate = await CliProcess.RunAsync(_dir.Path, "validate", file);
        var run = await CliProcess.RunAsync(_dir.Path, "run", file);

        foreach (var result in new[] { validate, run })
        {
            var output = result.Stdout + result.Stderr;
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"long.yml:8:", output, StringComparison.Ordinal);
            Assert.Contains(field, output, StringComparison.Ordinal);
            Assert.Contains("at most 4294967", output, StringComparison.Ordinal);
            Assert.Contains(got, output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(_dir[".hypersweep/hypersweep.db"]) && (await CliProcess.RunAsync(_dir.Path, "sweeps")).Stdout.Contains("long", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("./missing-trainer", "was not found (no executable file at")]
    [InlineData("./folder", "is a directory")]
    [InlineData("./plain.py", "is not executable")]
    [InlineData("definitely-not-installed-trainer", "was not found (not on PATH)")]
    public async Task AProgramThatCannotStart_IsReportedByValidate_WithExit2_AndStopsRunAtOnce(string program, string expected)
    {
        Directory.CreateDirectory(_dir["folder"]);
        _dir.Write("plain.py", "print('never runs')");
        var file = _dir.Write("bad-program.yml", $$$"""
            type: sweep
            name: bad-program
            trial:
              command: {{{program}}} --x ${{search_space.x}}
            search_space:
              x: {type: uniform, min_value: 0, max_value: 1}
            objective: {primary_metric: score, goal: maximize}
            limits: {max_total_trials: 5}
            """);

        var validate = await CliProcess.RunAsync(_dir.Path, "validate", file);
        var run = await CliProcess.RunAsync(_dir.Path, "run", file);

        Assert.Equal(2, validate.ExitCode);
        Assert.Contains("bad-program.yml: trial.command: ", validate.Stderr + validate.Stdout, StringComparison.Ordinal);
        Assert.Contains(expected, validate.Stderr + validate.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", validate.Stderr + validate.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("could not start", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 trials: 0 completed, 1 failed", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStoreUnderAFile_AndAnEmptyFile_AreClearErrors_AndTheEmptyFileStaysEmpty()
    {
        _dir.Write("not-a-folder", "x");
        _dir.Write("empty.db", string.Empty);

        var under = await CliProcess.RunAsync(_dir.Path, "run", SweepFile(), "--store", "not-a-folder/s.db");
        var empty = await CliProcess.RunAsync(_dir.Path, "sweeps", "--store", "empty.db");

        Assert.Equal(2, under.ExitCode);
        Assert.Contains($"cannot be created: {_dir["not-a-folder"]} is a file, not a folder", under.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", under.Stderr + under.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains($"{_dir["empty.db"]} is an empty file, not a Hypersweep store", empty.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(_dir["empty.db"]).Length);
    }

    [Fact]
    public async Task Validate_DescribesAValidFile()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "validate", SweepFile());

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("is a valid sweep file: 'demo'", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("x: uniform(0, 1)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("k: choice(1, 2, 3)", run.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"x: uniform\(0, 1\) +from 0 to 1", run.Stdout);
        Assert.Matches(@"k: choice\(1, 2, 3\) +one of 3 values: 1, 2, 3", run.Stdout);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task Validate_WarnsAboutLogBoundsThatLookLikeValues_ShowingWhatIsSampled_AndRunSaysSoToo()
    {
        var file = _dir.Write("log.yml", """
            type: sweep
            name: log
            trial:
              command: python3 train.py --x ${{search_space.x}} --k 1
            search_space:
              x: {type: loguniform, min_value: 0.0001, max_value: 0.1}
            objective: {primary_metric: score, goal: maximize}
            limits: {max_total_trials: 1}
            """);

        var validate = await CliProcess.RunAsync(_dir.Path, "validate", file);
        var run = await CliProcess.RunAsync(_dir.Path, "run", file, "--store", _dir["s"]);

        Assert.Equal(0, validate.ExitCode);
        Assert.Matches(@"x: loguniform\(0.0001, 0.1\) +from 1.0001 to 1.10517", validate.Stdout);
        const string Warning = "loguniform(0.0001, 0.1) samples exp(uniform(0.0001, 0.1)), from 1.0001 to 1.10517: loguniform's bounds are exponents (HyperDrive's semantics). If you meant values from 0.0001 to 0.1, write loguniform(-9.21034, -2.30259).";
        Assert.Contains($"warning: {file}:6: search_space.x: {Warning}", validate.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(Warning, run.Stderr, StringComparison.Ordinal);

        var json = await CliProcess.RunAsync(_dir.Path, "validate", file, "--json");
        using var doc = JsonDocument.Parse(json.Stdout);
        var x = doc.RootElement.GetProperty("search_space")[0];
        Assert.Equal(("x", "loguniform(0.0001, 0.1)", "from 1.0001 to 1.10517"), (x.GetProperty("name").GetString(), x.GetProperty("expression").GetString(), x.GetProperty("samples").GetString()));
        Assert.EndsWith(Warning, doc.RootElement.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("maximize", doc.RootElement.GetProperty("objective").GetProperty("goal").GetString());
    }

    private static int CountOf(System.Text.StringBuilder text, string what)
    {
        lock (text)
        {
            var s = text.ToString();
            var count = 0;
            for (var i = s.IndexOf(what, StringComparison.Ordinal); i >= 0; i = s.IndexOf(what, i + 1, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }
    }
}
