using System.Text.Json;
using Hypersweep.Launching;
using Hypersweep.Launching.Slurm;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Sweeps;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Slurm;

/// <summary>
/// Sweeps whose trials are jobs on the real one-node Slurm cluster (scripts/start-slurm.sh: partition debug, two one-core
/// jobs at once). The tests of this class run one after another; the slow time-limit test runs beside them.
/// </summary>
public sealed class SlurmSweepTests : SqliteStoreTest
{
    public override async ValueTask InitializeAsync()
    {
        await SlurmCluster.RequireAsync();
        await base.InitializeAsync();
    }

    private SweepSpec Spec(string body, string launcher = "{type: slurm, partition: debug, cpus_per_task: 1, mem: 100M, time: 5}") =>
        SweepFile.Parse($"type: sweep\n{body.Replace("LAUNCHER", launcher, StringComparison.Ordinal)}", Dir["sweep.yml"]);

    private Task<SweepResult> RunAsync(SweepSpec spec, CancellationToken cancellationToken = default) =>
        new Sweep(spec) { Store = Store }.RunAsync(spec.Trial!.CreateLauncher(), cancellationToken == default ? TestContext.Current.CancellationToken : cancellationToken);

    private static string TrialDirectory(SweepResult result, TrialRecord trial) => result.Sweep.TrialDirectory(trial.Number);

    [Fact]
    public async Task EarlyTermination_TrialsRunAsSlurmJobs_AtMostMaxConcurrentAtOnce_AndTerminatedJobsEndCancelled()
    {
        // Poorer trials are slower per epoch (0.2: 0.7 s, 0.9: 0.35 s), so even when a good trial's job starts a few
        // seconds late on a loaded machine, it reaches each interval before the poor trial that runs beside it.
        Dir.Write("train.py", """
            import argparse, time, hypersweep
            p = argparse.ArgumentParser()
            p.add_argument("--quality", type=float)
            a = p.parse_args()
            for epoch in range(1, 11):
                time.sleep(0.3 + 0.5 * (1 - a.quality))
                hypersweep.log("accuracy", a.quality * epoch / 10, step=epoch)
            """);
        var spec = Spec($$$"""
            name: slurm-live
            trial:
              command: {{{Python.Executable}}} train.py --quality ${{search_space.quality}}
              launcher: LAUNCHER
            search_space:
              quality: {type: choice, values: [0.9, 0.2, 0.95, 0.1, 0.3]}
            sampling_algorithm: grid
            objective: {primary_metric: accuracy, goal: maximize}
            limits: {max_total_trials: 5, max_concurrent_trials: 2, grace_period: 5}
            early_termination: {type: bandit, slack_factor: 0.2, evaluation_interval: 1, delay_evaluation: 2}
            """);
        using var sampling = new CancellationTokenSource();
        var samples = SampleLiveJobsAsync(sampling.Token);

        var result = await RunAsync(spec);
        await sampling.CancelAsync();
        var seen = await samples;

        var jobs = result.Trials.ToDictionary(t => t.Parameters["quality"].AsDouble(), t => SlurmCluster.JobIdOf(TrialDirectory(result, t)));
        Assert.Equal(5, jobs.Values.Distinct().Count());
        var ours = jobs.Values.ToHashSet();
        var most = seen.Max(s => s.Count(ours.Contains));
        Assert.True(most <= 2, $"{most} of the sweep's jobs were pending or running at once; max_concurrent_trials is 2");
        Assert.True(most == 2, "two jobs never ran at once: the test shows nothing about the limit");

        var byQuality = result.Trials.ToDictionary(t => t.Parameters["quality"].AsDouble());
        Assert.Equal(SweepState.Completed, result.Sweep.State);
        Assert.Equal(0.95, result.Best!.Parameters["quality"].AsDouble());
        foreach (var good in new[] { 0.9, 0.95 })
        {
            Assert.Equal(TrialState.Completed, byQuality[good].State);
            Assert.Equal(10, byQuality[good].Intervals);
            Assert.Equal("COMPLETED", (await SlurmCluster.ShowJobAsync(jobs[good])).State);
        }

        foreach (var poor in new[] { 0.2, 0.1, 0.3 })
        {
            var trial = byQuality[poor];
            Assert.True(trial.State == TrialState.Terminated, $"trial {poor}: {trial.State} {trial.Message}");
            Assert.StartsWith("bandit at interval ", trial.Message, StringComparison.Ordinal);
            Assert.True(trial.Intervals < 10, $"a terminated trial ran to its end: {trial.Intervals} intervals");
            var job = await SlurmCluster.ShowJobAsync(jobs[poor]);
            Assert.True(job.State == "CANCELLED", $"the job of terminated trial {poor} ended {job.State}");
        }

        var metrics = await Store.GetMetricsAsync(byQuality[0.95].Id, TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(1, 10).Select(e => 0.95 * e / 10), metrics.Select(m => m.Value));
    }

    [Fact]
    public async Task JobThatFails_IsRecordedFailed_WithSlurmsStateExitCodeAndStderr_AfterItsMetrics()
    {
        Dir.Write("fail.py", """
            import sys, hypersweep
            hypersweep.log("loss", 0.5)
            print("ValueError: learning rate too high", file=sys.stderr)
            sys.exit(3)
            """);
        var spec = Spec($$$"""
            trial:
              command: {{{Python.Executable}}} fail.py
              launcher: LAUNCHER
            search_space: {lr: "uniform(0, 1)"}
            objective: {primary_metric: loss, goal: minimize}
            limits: {max_total_trials: 1}
            """);

        var result = await RunAsync(spec);

        var trial = Assert.Single(result.Trials);
        var jobId = SlurmCluster.JobIdOf(TrialDirectory(result, trial));
        Assert.Equal(TrialState.Failed, trial.State);
        Assert.Equal(3, trial.ExitCode);
        Assert.StartsWith($"FAILED: the job failed with exit code 3 (Slurm job {jobId}, reason NonZeroExitCode); stderr ends with:", trial.Message, StringComparison.Ordinal);
        Assert.EndsWith("ValueError: learning rate too high", trial.Message, StringComparison.Ordinal);
        Assert.Equal(0.5, trial.Value);
        Assert.Equal("FAILED", (await SlurmCluster.ShowJobAsync(jobId)).State);
    }

    [Fact]
    public async Task ImpossibleRequest_RefusedBySbatch_StopsTheSweepAtOnce_WithSbatchsMessage()
    {
        var spec = Spec($$$"""
            trial:
              command: {{{Python.Executable}}} -c pass
              launcher: LAUNCHER
            search_space: {lr: "uniform(0, 1)"}
            objective: {primary_metric: loss, goal: minimize}
            limits: {max_total_trials: 5, max_concurrent_trials: 2}
            """, "{type: slurm, partition: debug, cpus_per_task: 64}");
        var started = DateTime.UtcNow;

        var result = await RunAsync(spec);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the refusal was not immediate");
        Assert.Equal(SweepState.Failed, result.Sweep.State);
        var trial = Assert.Single(result.Trials);
        Assert.Equal(TrialState.Failed, trial.State);
        Assert.Equal("could not start the trial: sbatch refused the job: Batch job submission failed: More processors requested than permitted", trial.Message);
        Assert.Contains("could not start, so the sweep stopped", result.Sweep.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(TrialDirectory(result, trial), "slurm-job-id.txt")));
    }

    [Fact]
    public async Task TrialTimeoutAndCtrlC_CancelTheJobsInSlurm_AndTheTrialsAreCanceled()
    {
        Dir.Write("slow.py", """
            import time, hypersweep
            hypersweep.log("loss", 1.0)
            time.sleep(120)
            """);
        var spec = Spec($$$"""
            trial:
              command: {{{Python.Executable}}} slow.py
              launcher: LAUNCHER
            search_space: {lr: "uniform(0, 1)"}
            objective: {primary_metric: loss, goal: minimize}
            limits: {max_total_trials: 2, max_concurrent_trials: 1, trial_timeout: 3}
            """);
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var sweep = new Sweep(spec)
        {
            Store = Store,
            // The second trial is stopped as by Ctrl+C as soon as its job is submitted.
            OnUpdate = u =>
            {
                if (u.Kind == SweepUpdateKind.TrialStarted && u.Trial!.Number == 1)
                {
                    ctrlC.Cancel();
                }
            },
        };

        var result = await sweep.RunAsync(spec.Trial!.CreateLauncher(), ctrlC.Token);

        Assert.Equal(SweepState.Canceled, result.Sweep.State);
        Assert.Equal([TrialState.Canceled, TrialState.Canceled], result.Trials.Select(t => t.State));
        Assert.Equal("trial_timeout of 3 s reached", result.Trials[0].Message);
        Assert.Equal("canceled by the user", result.Trials[1].Message);
        foreach (var trial in result.Trials)
        {
            Assert.True(trial.Duration < TimeSpan.FromSeconds(30), $"trial {trial.Number} took {trial.Duration}");
            var job = await SlurmCluster.ShowJobAsync(SlurmCluster.JobIdOf(TrialDirectory(result, trial)));
            Assert.Equal("CANCELLED", job.State);
        }
    }

    [Fact]
    public async Task JobGetsTheTrialsArgumentsEnvironmentAndFolder_NoValueIsShellSyntax()
    {
        Dir.Write("code/show.py", """
            import json, os, sys
            print(json.dumps({"argv": sys.argv[1:], "cwd": os.getcwd(), "env": {k: v for k, v in os.environ.items() if k.startswith(("HYPERSWEEP_", "AZUREML_SWEEP_", "MY_", "SLURM_JOB_ID"))}}))
            """);
        var spec = Spec($$$"""
            trial:
              command: {{{Python.Executable}}} show.py --act ${{search_space.act}} '$HOME'
              code: code
              environment_variables: {MY_VAR: "x 'y' $z"}
              launcher: LAUNCHER
            search_space:
              act: {type: choice, values: ["it's a `test` $(id) \"q\""]}
              learning-rate: {type: choice, values: [0.5]}
            objective: {primary_metric: loss, goal: minimize}
            limits: {max_total_trials: 1}
            """);

        var result = await RunAsync(spec);

        var trial = Assert.Single(result.Trials);
        Assert.True(trial.State == TrialState.Completed, trial.Message);
        var directory = TrialDirectory(result, trial);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "stdout.txt")));
        var root = doc.RootElement;
        Assert.Equal(["--act", "it's a `test` $(id) \"q\"", "$HOME"], root.GetProperty("argv").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(Dir["code"], root.GetProperty("cwd").GetString());
        var env = root.GetProperty("env");
        Assert.Equal(SlurmCluster.JobIdOf(directory), env.GetProperty("SLURM_JOB_ID").GetString());
        Assert.Equal(trial.DisplayId, env.GetProperty("HYPERSWEEP_TRIAL_ID").GetString());
        Assert.Equal(Path.Combine(directory, "outputs"), env.GetProperty("HYPERSWEEP_OUTPUT_DIR").GetString());
        Assert.Equal("it's a `test` $(id) \"q\"", env.GetProperty("AZUREML_SWEEP_act").GetString());
        Assert.Equal("0.5", env.GetProperty("AZUREML_SWEEP_learning-rate").GetString());
        Assert.Equal("x 'y' $z", env.GetProperty("MY_VAR").GetString());
    }

    [Fact]
    public async Task Cli_LauncherSlurm_OverridesTheFile_AndIsRecordedForResume()
    {
        Dir.Write("train.py", "import hypersweep\nhypersweep.log('accuracy', 0.75)\n");
        Dir.Write("sweep.yml", $$$"""
            type: sweep
            name: cli-slurm
            trial:
              command: {{{Python.Executable}}} train.py
            search_space: {lr: "uniform(0, 1)"}
            objective: {primary_metric: accuracy, goal: maximize}
            limits: {max_total_trials: 1}
            """);

        var run = await CliProcess.RunAsync(Dir.Path, "run", "sweep.yml", "--launcher", "slurm", "--store", Dir["cli.db"]);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("trials run as Slurm jobs: default partition, 1 CPU", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("accuracy", run.Stdout, StringComparison.Ordinal);
        await using var store = SqliteSweepStore.Open(Dir["cli.db"]);
        var sweep = (await store.FindSweepAsync("cli-slurm", TestContext.Current.CancellationToken))!;
        Assert.NotNull(SweepFile.Parse(sweep.Spec, sweep.SpecPath!).Trial!.Slurm);
        Assert.Equal("COMPLETED", (await SlurmCluster.ShowJobAsync(SlurmCluster.JobIdOf(sweep.TrialDirectory(0)))).State);

        var bad = await CliProcess.RunAsync(Dir.Path, "run", "sweep.yml", "--launcher", "pbs", "--store", Dir["cli.db"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("pbs", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConditionalSpace_EachSlurmJobGetsExactlyTheParametersOfItsBranch()
    {
        // Fails (exit 3) when a job gets a parameter of another branch, or lacks one of its own, as words or AZUREML_SWEEP_*.
        Dir.Write("cond.py", """
            import os, sys
            args = sys.argv[1:]
            flags = {args[i][2:]: args[i + 1] for i in range(0, len(args), 2)}
            expected = {"sgd": {"optimizer", "momentum"}, "adam": {"optimizer", "beta1"}}[flags["optimizer"]]
            env = {k[len("AZUREML_SWEEP_"):] for k in os.environ if k.startswith("AZUREML_SWEEP_")}
            if set(flags) != expected or env != expected:
                print(f"expected {sorted(expected)}, got {sorted(flags)} and {sorted(env)}", file=sys.stderr)
                sys.exit(3)
            print('##hypersweep[metric] {"name": "score", "value": 1}', flush=True)
            """);
        Dir.Write("cond.yml", $$$"""
            type: sweep
            name: cond-slurm
            trial:
              command: {{{Python.Executable}}} cond.py --optimizer ${{search_space.optimizer}} --momentum ${{search_space.momentum}} --beta1 ${{search_space.beta1}}
            search_space:
              optimizer:
                type: choice
                values:
                  - value: sgd
                    search_space:
                      momentum: {type: choice, values: [0.5, 0.9]}
                  - value: adam
                    search_space:
                      beta1: {type: choice, values: [0.8, 0.9]}
            sampling_algorithm: grid
            objective: {primary_metric: score, goal: maximize}
            limits: {max_total_trials: 10, max_concurrent_trials: 2}
            """);

        var run = await CliProcess.RunAsync(Dir.Path, "run", "cond.yml", "--launcher", "slurm", "--store", Dir["cond.db"], "--plain");

        Assert.True(run.ExitCode == 0, run.Output);
        await using var store = SqliteSweepStore.Open(Dir["cond.db"]);
        var sweep = (await store.FindSweepAsync("cond-slurm", TestContext.Current.CancellationToken))!;
        var trials = await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken);
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.All(trials, t => Assert.Equal("COMPLETED", SlurmCluster.ShowJobAsync(SlurmCluster.JobIdOf(sweep.TrialDirectory(t.Number))).Result.State));
    }

    [Fact]
    public async Task OrphanedJob_OfAControllerThatDied_IsCancelledForResume()
    {
        Dir.Write("slow.py", "import time\ntime.sleep(120)\n");
        var spec = Spec($$$"""
            trial:
              command: {{{Python.Executable}}} slow.py
              launcher: LAUNCHER
            search_space: {lr: "uniform(0, 1)"}
            objective: {primary_metric: loss, goal: minimize}
            """);
        var launcher = (SlurmLauncher)spec.Trial!.CreateLauncher();
        var trialDirectory = Dir["orphan/trials/0"];
        var execution = await launcher.StartAsync(
            new TrialLaunch
            {
                Trial = new TrialRecord { Id = 1, SweepId = 99, Number = 0, Parameters = new ParameterSet([new("lr", ParameterValue.Of(0.5))]), State = TrialState.Queued, CreatedAt = DateTimeOffset.UtcNow },
                TrialDirectory = trialDirectory,
                OutputDirectory = Path.Combine(trialDirectory, "outputs"),
                SweepDirectory = Dir["orphan"],
            },
            new RecordingObserver(),
            TestContext.Current.CancellationToken);
        var jobId = ((SlurmTrialExecution)execution).JobId;

        Assert.Equal(jobId, await SlurmLauncher.CancelOrphanedJobAsync(trialDirectory, TimeProvider.System, TestContext.Current.CancellationToken));
        var exit = await execution.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.StartsWith($"CANCELLED: the job was cancelled outside Hypersweep (scancel by a user or an administrator) (Slurm job {jobId}", exit.Error, StringComparison.Ordinal);
        Assert.Equal("CANCELLED", (await SlurmCluster.ShowJobAsync(jobId)).State);
        Assert.Null(await SlurmLauncher.CancelOrphanedJobAsync(trialDirectory, TimeProvider.System, TestContext.Current.CancellationToken));
        Assert.Null(await SlurmLauncher.CancelOrphanedJobAsync(Dir["nowhere"], TimeProvider.System, TestContext.Current.CancellationToken));
    }

    /// <summary>The ids of the jobs pending or running, every 100 ms until canceled.</summary>
    private static async Task<List<IReadOnlyList<string>>> SampleLiveJobsAsync(CancellationToken cancellationToken)
    {
        var samples = new List<IReadOnlyList<string>>();
        while (!cancellationToken.IsCancellationRequested)
        {
            samples.Add(await SlurmCluster.LiveJobsAsync());
            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return samples;
    }
}
