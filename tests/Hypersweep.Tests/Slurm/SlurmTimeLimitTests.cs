using Hypersweep.SweepFiles;
using Hypersweep.Sweeps;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Slurm;

/// <summary>
/// A job that Slurm kills at its time limit. Slurm's limits are whole minutes and it checks them about every 30 s, so
/// this takes 60 to 100 s; it is a class of its own so that it runs beside <see cref="SlurmSweepTests"/>.
/// </summary>
public sealed class SlurmTimeLimitTests : SqliteStoreTest
{
    public override async ValueTask InitializeAsync()
    {
        await SlurmCluster.RequireAsync();
        await base.InitializeAsync();
    }

    [Fact]
    public async Task JobOverItsTimeLimit_IsRecordedFailed_WithSlurmsTimeoutReason()
    {
        Dir.Write("slow.py", """
            import time, hypersweep
            hypersweep.log("loss", 0.25)
            time.sleep(300)
            """);
        var spec = SweepFile.Parse($$$"""
            type: sweep
            trial:
              command: {{{Python.Executable}}} slow.py
              launcher: {type: slurm, partition: debug, time: 1}
            search_space: {lr: "uniform(0, 1)"}
            objective: {primary_metric: loss, goal: minimize}
            limits: {max_total_trials: 1}
            """, Dir["sweep.yml"]);

        var result = await new Sweep(spec) { Store = Store }.RunAsync(spec.Trial!.CreateLauncher(), TestContext.Current.CancellationToken);

        var trial = Assert.Single(result.Trials);
        var jobId = SlurmCluster.JobIdOf(result.Sweep.TrialDirectory(trial.Number));
        Assert.Equal(TrialState.Failed, trial.State);
        Assert.StartsWith($"TIMEOUT: the job reached its time limit of 1 minute (Slurm job {jobId}", trial.Message, StringComparison.Ordinal);
        Assert.Contains("reason TimeLimit", trial.Message, StringComparison.Ordinal);
        Assert.Contains("DUE TO TIME LIMIT", trial.Message, StringComparison.Ordinal);
        Assert.Equal(0.25, trial.Value);
        Assert.Equal("TIMEOUT", (await SlurmCluster.ShowJobAsync(jobId)).State);
    }
}
