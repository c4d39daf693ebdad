using System.Diagnostics;
using Hypersweep.Storage;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.AzureMlV1;

/// <summary>
/// v1 drivers beyond the example: warm start (resume_from) and resume_child_runs, Bayesian sampling, Ctrl+C in the
/// driver, and a compute_target mapped to the test Slurm cluster. Each driver is a real Python process with the
/// package `hypersweep python-path` writes, calling the real tool.
/// </summary>
public sealed class AzureMlV1SweepTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private string? _package;

    public AzureMlV1SweepTests()
    {
        _dir.Write("config.json", """{"subscription_id": "s", "resource_group": "g", "workspace_name": "w"}""");
        // A training script that logs a falling loss for --epochs epochs (x is the hyperparameter), sleeping between them.
        _dir.Write("src/train.py", """
            import argparse, time
            from azureml.core.run import Run
            p = argparse.ArgumentParser()
            p.add_argument("--x", type=float)
            p.add_argument("--epochs", type=int, default=4)
            p.add_argument("--sleep", type=float, default=0.05)
            a = p.parse_args()
            run = Run.get_context()
            for epoch in range(1, a.epochs + 1):
                run.log("loss", (a.x - 0.3) ** 2 + 1.0 / epoch)
                time.sleep(a.sleep)
            """);
    }

    public void Dispose() => _dir.Dispose();

    private async Task<string> PackageAsync()
    {
        if (_package is null)
        {
            var target = Path.Combine(_dir.Path, "python-package");
            var result = await CliProcess.RunAsync(_dir.Path, ["python-path"], new Dictionary<string, string> { ["HYPERSWEEP_PYTHON_DIR"] = target });
            Assert.True(result.ExitCode == 0, result.Output);
            _package = result.Stdout.Trim();
        }

        return _package;
    }

    /// <summary>A driver: the common v1 preamble, then <paramref name="body"/> (which has ws, exp, src and the hyperdrive names).</summary>
    private string Driver(string name, string body, string arguments = "[\"--epochs\", 4]") => _dir.Write(name, $$"""
        from azureml.core import Experiment, Run, ScriptRunConfig, Workspace
        from azureml.train.hyperdrive import *
        ws = Workspace.from_config()
        exp = Experiment(ws, "v1-tests")
        src = ScriptRunConfig(source_directory="src", script="train.py", arguments={{arguments}}, compute_target="cpu-cluster")
        {{body}}
        """);

    private async Task<Process> StartAsync(string driver, StringWriterBox output)
    {
        var info = new ProcessStartInfo(Python.Executable) { WorkingDirectory = _dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(driver);
        info.Environment["PYTHONPATH"] = await PackageAsync();
        info.Environment["HYPERSWEEP_CLI"] = CliProcess.CommandLine;
        info.Environment["PYTHONUNBUFFERED"] = "1";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<string> RunAsync(string driver)
    {
        var output = new StringWriterBox();
        using var process = await StartAsync(driver, output);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(4), TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, output.ToString());
        return output.ToString();
    }

    private static string Printed(string output, string label) =>
        output.Split('\n').Single(l => l.StartsWith(label + ": ", StringComparison.Ordinal))[(label.Length + 2)..].Trim();

    private async Task<(SweepRecord Sweep, IReadOnlyList<TrialRecord> Trials)> SweepAsync(string name)
    {
        await using var store = await SweepStores.OpenAsync(Path.Combine(_dir.Path, ".hypersweep", "hypersweep.db"), create: false, TestContext.Current.CancellationToken);
        var sweep = (await store.FindSweepAsync(name, TestContext.Current.CancellationToken))!;
        return (sweep, await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ResumeFromAndResumeChildRuns_WarmStartTheNewSweep_AndRerunTheStoppedChildFirst()
    {
        // The first sweep stops most children after two epochs (truncation of 75%), so there are Canceled children.
        var first = await RunAsync(Driver("first.py", """
            config = HyperDriveConfig(run_config=src, hyperparameter_sampling=RandomParameterSampling({"--x": uniform(0, 1)}, properties={"seed": 1}),
                                      policy=TruncationSelectionPolicy(truncation_percentage=75, evaluation_interval=1, delay_evaluation=2),
                                      primary_metric_name="loss", primary_metric_goal=PrimaryMetricGoal.MINIMIZE, max_total_runs=6, max_concurrent_runs=1)
            run = exp.submit(config)
            run.wait_for_completion()
            stopped = [c for c in run.get_children() if c.get_status() == "Canceled"]
            print("First: " + run.id)
            print("Stopped: " + stopped[0].id)
            """));
        var firstId = Printed(first, "First");
        var stoppedId = Printed(first, "Stopped");

        var second = await RunAsync(Driver("second.py", $$"""
            from azureml.train.hyperdrive import HyperDriveRun
            previous = HyperDriveRun(exp, "{{firstId}}")
            config = HyperDriveConfig(run_config=src, hyperparameter_sampling=RandomParameterSampling({"--x": uniform(0, 1)}, properties={"seed": 2}),
                                      primary_metric_name="loss", primary_metric_goal=PrimaryMetricGoal.MINIMIZE, max_total_runs=3, max_concurrent_runs=1,
                                      resume_from=previous, resume_child_runs=[Run(exp, "{{stoppedId}}")])
            run = exp.submit(config)
            run.wait_for_completion()
            print("Second: " + run.id)
            """));

        var (firstSweep, firstTrials) = await SweepAsync(firstId);
        var (sweep, trials) = await SweepAsync(Printed(second, "Second"));
        Assert.Equal(SweepState.Completed, sweep.State);
        Assert.Equal([firstSweep.Id], sweep.WarmStart);
        var resumed = firstTrials.Single(t => t.Number == int.Parse(stoppedId[(stoppedId.LastIndexOf('_') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TrialState.Terminated, resumed.State);
        Assert.Equal(resumed.Id, trials[0].ResumedFrom);
        Assert.Equal(resumed.Parameters, trials[0].Parameters);
        Assert.Equal(SweepState.Completed, firstSweep.State);
    }

    [Fact]
    public async Task ABayesianDriver_SamplesWithTheModel_AndGetChildrenSortedPutsTheBestFirst()
    {
        var output = await RunAsync(Driver("bayes.py", """
            config = HyperDriveConfig(run_config=src, hyperparameter_sampling=BayesianParameterSampling({"--x": uniform(0, 1)}),
                                      primary_metric_name="loss", primary_metric_goal=PrimaryMetricGoal.MINIMIZE, max_total_runs=12, max_concurrent_runs=1)
            run = exp.submit(config)
            run.wait_for_completion()
            rows = run.get_children_sorted_by_primary_metric()
            print("Run: " + run.id)
            print("Sorted: " + ",".join("%.9f" % r["best_primary_metric"] for r in rows))
            print("Best: " + run.get_best_run_by_primary_metric().id)
            """, arguments: "[\"--epochs\", 1, \"--sleep\", 0]"));

        var (sweep, trials) = await SweepAsync(Printed(output, "Run"));
        Assert.Equal("bayesian", sweep.Sampler);
        Assert.Equal(12, trials.Count);
        var sorted = Printed(output, "Sorted").Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(sorted.Order(), sorted);
        var best = trials.MinBy(t => t.Value)!;
        Assert.Equal($"{sweep.Name}_{best.Number}", Printed(output, "Best"));
        // The model's suggestions close in on x = 0.3, which random draws over [0, 1] would rarely come this near.
        Assert.InRange(best.Parameters["x"].AsDouble(), 0.25, 0.35);
    }

    [Fact]
    public async Task CtrlCInTheDriver_CancelsTheSweep_AndStopsItsTrials()
    {
        var output = new StringWriterBox();
        using var driver = await StartAsync(Driver("long.py", """
            config = HyperDriveConfig(run_config=src, hyperparameter_sampling=RandomParameterSampling({"--x": uniform(0, 1)}),
                                      primary_metric_name="loss", primary_metric_goal=PrimaryMetricGoal.MINIMIZE, max_total_runs=20, max_concurrent_runs=2)
            run = exp.submit(config)
            print("Run: " + run.id, flush=True)
            run.wait_for_completion(show_output=True)
            """, arguments: "[\"--epochs\", 100, \"--sleep\", 0.5]"), output);
        var clock = Stopwatch.StartNew();
        while (!output.ToString().Contains(" started ", StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"no trial started:\n{output}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        using (var kill = Process.Start("kill", ["-INT", driver.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await driver.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.NotEqual(0, driver.ExitCode);
        Assert.Contains("KeyboardInterrupt", output.ToString(), StringComparison.Ordinal);
        var (sweep, trials) = await SweepAsync(Printed(output.ToString(), "Run"));
        Assert.Equal(SweepState.Canceled, sweep.State);
        Assert.All(trials, t => Assert.True(t.State.IsFinished(), $"{t.DisplayId} is still {t.State}"));
        Assert.Contains(trials, t => t.State == TrialState.Canceled);
        Assert.True(trials.Count < 20, "the sweep went on after Ctrl+C");
    }

    [Fact]
    public async Task AComputeTargetMappedToSlurm_RunsEachChildAsASlurmJob()
    {
        // The same driver; only the workspace configuration maps its compute target to the test cluster.
        _dir.Write("config.json", """{"workspace_name": "w", "compute_targets": {"cpu-cluster": {"type": "slurm", "partition": "debug", "poll_interval": 0.2}}}""");
        var output = await RunAsync(Driver("slurm.py", """
            config = HyperDriveConfig(run_config=src, hyperparameter_sampling=GridParameterSampling({"--x": choice(0.1, 0.3)}),
                                      primary_metric_name="loss", primary_metric_goal=PrimaryMetricGoal.MINIMIZE, max_total_runs=2, max_concurrent_runs=2)
            run = exp.submit(config)
            run.wait_for_completion()
            print("Run: " + run.id)
            print("Best: " + run.get_best_run_by_primary_metric().get_details()["runDefinition"]["arguments"][-1])
            """, arguments: "[\"--epochs\", 2, \"--sleep\", 0]"));

        var (sweep, trials) = await SweepAsync(Printed(output, "Run"));
        Assert.Equal(SweepState.Completed, sweep.State);
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.All(trials, t => Assert.True(File.Exists(Path.Combine(sweep.TrialDirectory(t.Number), "slurm-job-id.txt")), $"trial {t.DisplayId} was not a Slurm job"));
        Assert.Equal("0.3", Printed(output, "Best"));
    }

    /// <summary>Lines of a process's output, collected from its reader threads.</summary>
    private sealed class StringWriterBox
    {
        private readonly System.Text.StringBuilder _text = new();

        public void Add(string? line)
        {
            if (line is not null)
            {
                lock (_text)
                {
                    _text.AppendLine(line);
                }
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}
