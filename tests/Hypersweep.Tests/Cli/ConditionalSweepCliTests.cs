using System.Text.Json;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Cli;

/// <summary>
/// A conditional search space end to end: real trial processes that check they get exactly their active parameters
/// (arguments, AZUREML_SWEEP_*, HYPERSWEEP_PARAMS), then the read commands, a report and a warm-started Bayesian sweep.
/// </summary>
public sealed class ConditionalSweepCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public ConditionalSweepCliTests()
    {
        // Fails (exit 3) unless exactly the parameters of its optimizer's branch are given, as words and in the environment.
        _dir.Write("cond.py", """
            import json, os, sys, time
            time.sleep(float(os.environ.get("COND_SLEEP", "0")))
            args = sys.argv[1:]
            flags = {args[i][2:]: args[i + 1] for i in range(0, len(args), 2)}
            expected = {"sgd": {"optimizer", "momentum", "lr"}, "adam": {"optimizer", "beta1", "amsgrad", "lr"}, "rmsprop": {"optimizer", "lr"}}[flags["optimizer"]]
            if flags.get("amsgrad") == "true":
                expected = expected | {"clip"}
            env = {k[len("AZUREML_SWEEP_"):] for k in os.environ if k.startswith("AZUREML_SWEEP_")}
            params = set(json.loads(os.environ["HYPERSWEEP_PARAMS"]))
            for what, got in (("arguments", set(flags)), ("AZUREML_SWEEP_*", env), ("HYPERSWEEP_PARAMS", params)):
                if got != expected:
                    print(f"{what}: expected {sorted(expected)}, got {sorted(got)} from {args}", file=sys.stderr)
                    sys.exit(3)
            score = {"sgd": float(flags.get("momentum", 0)), "adam": 0.5 + float(flags.get("beta1", 0)) / 10, "rmsprop": 0.2}[flags["optimizer"]]
            print('##hypersweep[metric] {"name": "score", "value": %r}' % score, flush=True)
            """);
    }

    public void Dispose() => _dir.Dispose();

    private string SweepFile(string name, string sampling, int trials, string extra = "") => _dir.Write($"{name}.yml", $$$"""
        type: sweep
        name: {{{name}}}
        trial:
          command: {{{Python.Executable}}} cond.py --optimizer ${{search_space.optimizer}} --momentum ${{search_space.momentum}} --beta1 ${{search_space.beta1}} --amsgrad ${{search_space.amsgrad}} --clip ${{search_space.clip}} --lr ${{search_space.lr}}
        search_space:
          lr: {type: choice, values: [0.01]}
          optimizer:
            type: choice
            values:
              - value: sgd
                search_space:
                  momentum: {type: choice, values: [0.5, 0.9]}
              - value: adam
                search_space:
                  beta1: {type: choice, values: [0.8, 0.9]}
                  amsgrad:
                    type: choice
                    values:
                      - value: true
                        search_space: {clip: {type: choice, values: [1, 10]}}
                      - false
              - rmsprop
        sampling_algorithm: {{{sampling}}}
        objective: {primary_metric: score, goal: maximize}
        limits: {max_total_trials: {{{trials}}}, max_concurrent_trials: 2}
        {{{extra}}}
        """);

    [Fact]
    public async Task ABayesianConditionalSweep_StoppedByItsTimeout_Resumes_AndEveryTrialGetsExactlyItsBranch()
    {
        var file = SweepFile("timed", "{type: bayesian, seed: 4}", 8);

        // Trials of 6 s: at most three rounds of the four fit in the timeout, and the trials running at it are canceled.
        // The resume gets the whole timeout again and its trials do not sleep; with timeouts of 3 s (trials of 1.2 s),
        // 6 s (2.5 s) and 10 s (4 s) a resume during the full suite on 2 cores ran out of it (trials then took 7 s to
        // start and report).
        var run = await CliProcess.RunAsync(_dir.Path, ["run", file, "--plain", "--set", "limits.timeout=20", "--set", "limits.grace_period=1"], new Dictionary<string, string> { ["COND_SLEEP"] = "6" });
        var resume = await CliProcess.RunAsync(_dir.Path, "resume", "timed", "--plain");
        var trials = await CliProcess.RunAsync(_dir.Path, "trials", "timed", "--json");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("timeout of 20 s reached", run.Stdout, StringComparison.Ordinal);
        Assert.True(resume.ExitCode == 0, resume.Output);
        Assert.True(resume.Stdout.Contains("max_total_trials (8) reached", StringComparison.Ordinal), resume.Output);
        using var json = JsonDocument.Parse(trials.Stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        // cond.py fails any trial that gets a parameter of another branch or lacks one of its own; none did, before or after the resume.
        Assert.DoesNotContain(rows, r => r.GetProperty("state").GetString() == "Failed");
        Assert.Contains(rows, r => r.GetProperty("state").GetString() == "Canceled");
        // The trials the timeout canceled count toward the budget (they ran); the resume samples the rest.
        Assert.Equal(8, rows.Count);
        Assert.True(rows.Count(r => r.GetProperty("state").GetString() == "Completed") > rows.Count(r => r.GetProperty("state").GetString() == "Canceled"), trials.Stdout);
    }

    [Fact]
    public async Task GridSweep_RunsEachBranchCombinationOnce_WithInactiveParametersAbsent_AndEveryCommandShowsThem()
    {
        var file = SweepFile("cond", "grid", 100);

        var validate = await CliProcess.RunAsync(_dir.Path, "validate", file);
        var validateJson = await CliProcess.RunAsync(_dir.Path, "validate", file, "--json");
        // Variables of another sweep's trial (a controller started inside one) are not handed on.
        var run = await CliProcess.RunAsync(_dir.Path, ["run", file], new Dictionary<string, string> { ["AZUREML_SWEEP_momentum"] = "0.1", ["AZUREML_SWEEP_beta1"] = "0.2" });
        var trials = await CliProcess.RunAsync(_dir.Path, "trials", "cond", "--json");
        var table = await CliProcess.RunAsync(_dir.Path, "trials", "cond", "--wide");
        var best = await CliProcess.RunAsync(_dir.Path, "best", "cond", "--json");
        var report = await CliProcess.RunAsync(_dir.Path, "report", "cond", "-o", _dir["report.html"]);

        Assert.Equal(0, validate.ExitCode);
        Assert.Contains("""
                optimizer: choice("sgd", "adam", "rmsprop")  one of 3 values: sgd, adam, rmsprop
                  when optimizer = sgd:
                    momentum: choice(0.5, 0.9)  one of 2 values: 0.5, 0.9
                  when optimizer = adam:
                    beta1: choice(0.8, 0.9)       one of 2 values: 0.8, 0.9
                    amsgrad: choice(true, false)  one of 2 values: true, false
                      when amsgrad = true:
                        clip: choice(1, 10)  one of 2 values: 1, 10
            """.ReplaceLineEndings("\n"), validate.Stdout, StringComparison.Ordinal);
        using (var described = JsonDocument.Parse(validateJson.Stdout))
        {
            var clip = described.RootElement.GetProperty("search_space").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "clip");
            Assert.Equal("amsgrad", clip.GetProperty("when").GetProperty("parameter").GetString());
            Assert.True(clip.GetProperty("when").GetProperty("value").GetBoolean());
            var lr = described.RootElement.GetProperty("search_space").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "lr");
            Assert.Equal(JsonValueKind.Null, lr.GetProperty("when").ValueKind);
        }

        // sgd: 2 + adam: 2 x (2 clips + false) = 6 + rmsprop: 1 = 9 trials, every one Completed (no process refused its arguments).
        Assert.True(run.ExitCode == 0, run.Output);
        using var json = JsonDocument.Parse(trials.Stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(9, rows.Count);
        Assert.All(rows, r => Assert.Equal("completed", r.GetProperty("state").GetString()?.ToLowerInvariant()));
        var sets = rows.Select(r => string.Join(",", r.GetProperty("parameters").EnumerateObject().Select(p => p.Name))).ToList();
        Assert.Equal(2, sets.Count(s => s == "lr,optimizer,momentum"));
        Assert.Equal(4, sets.Count(s => s == "lr,optimizer,beta1,amsgrad,clip"));
        Assert.Equal(2, sets.Count(s => s == "lr,optimizer,beta1,amsgrad"));
        Assert.Equal(1, sets.Count(s => s == "lr,optimizer"));
        Assert.Equal(9, rows.Select(r => r.GetProperty("parameters").GetRawText()).Distinct().Count());
        // The table shows an inactive parameter as a blank cell.
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("momentum  beta1  amsgrad  clip", table.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"rmsprop +0\.2 ", table.Stdout);
        // The best is sgd with momentum 0.9; its arguments have no --beta1, --amsgrad or --clip words.
        using var bestJson = JsonDocument.Parse(best.Stdout);
        var b = bestJson.RootElement.GetProperty("best");
        Assert.Equal(0.9, b.GetProperty("parameters").GetProperty("momentum").GetDouble());
        Assert.Equal(["cond.py", "--optimizer", "sgd", "--momentum", "0.9", "--lr", "0.01"], b.GetProperty("arguments").EnumerateArray().Skip(1).Select(a => a.GetString()));
        Assert.True(report.ExitCode == 0, report.Output);
        Assert.True(File.Exists(_dir["report.html"]));
    }

    [Fact]
    public async Task BayesianSweep_WarmStartedFromAConditionalSweep_RunsAndKeepsTheTree()
    {
        var first = SweepFile("first", "{type: random, seed: 5}", 6);
        var second = SweepFile("second", "{type: bayesian, seed: 5}", 4, "resume_from: first");

        var one = await CliProcess.RunAsync(_dir.Path, "run", first);
        var two = await CliProcess.RunAsync(_dir.Path, "run", second);
        var trials = await CliProcess.RunAsync(_dir.Path, "trials", "second", "--json");

        Assert.True(one.ExitCode == 0, one.Output);
        Assert.True(two.ExitCode == 0, two.Output);
        using var json = JsonDocument.Parse(trials.Stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal("completed", r.GetProperty("state").GetString()?.ToLowerInvariant()));
    }
}
