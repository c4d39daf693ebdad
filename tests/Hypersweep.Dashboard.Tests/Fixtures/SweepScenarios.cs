using System.Globalization;
using Hypersweep.Launching;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.Sweeps;
using Hypersweep.Termination;
using Hypersweep.Trials;

namespace Hypersweep.Dashboard.Tests.Fixtures;

/// <summary>
/// Real sweeps run into a real SQLite store with in-process trials that report accuracy and loss over several
/// intervals and write stdout.txt, stderr.txt and outputs/ like a training script.
/// </summary>
internal static class SweepScenarios
{
    public const string FinishedName = "mnist-mlp";
    public const int FinishedTrials = 10;
    public const int FullIntervals = 8;
    public const int TerminatedIntervals = 3;
    public const int FailedIntervals = 2;
    public const int FailedTrial = 5;
    public const string FailureMessage = "simulated CUDA out of memory at epoch 3";

    /// <summary>The trials of the finished sweep whose accuracy collapses, so that the bandit policy stops them at interval 3.</summary>
    public static readonly IReadOnlyList<int> Terminated = [3, 6];

    /// <summary>How the policy's reason for stopping them starts.</summary>
    public const string TerminationReasonStart = "bandit at interval 3: its best value ";

    public const string RunningName = "cifar-resnet";
    public const int RunningCompleted = 2;
    public const int RunningBlocked = 2;
    public const int RunningIntervals = 3;

    public const string LiveName = "live-demo";

    public static SweepSpec FinishedSpec() => new()
    {
        Name = FinishedName,
        SearchSpace = new SearchSpace
        {
            { "learning_rate", Distributions.LogUniform(Math.Log(1e-4), Math.Log(1e-1)) },
            { "layers", Distributions.Choice(1L, 2L, 3L) },
            { "optimizer", Distributions.Choice("adam", "sgd") },
        },
        Objective = new Objective("accuracy", Goal.Maximize),
        Sampling = new SamplingSpec(SamplingAlgorithm.Random, Seed: 7),
        // One at a time, so that the policy's decisions are the same on every run.
        Limits = new SweepLimits { MaxTotalTrials = FinishedTrials, MaxConcurrentTrials = 1 },
        EarlyTermination = new BanditSpec { SlackFactor = 0.5, EvaluationInterval = 1, DelayEvaluation = 3 },
    };

    public static SweepSpec RunningSpec() => new()
    {
        Name = RunningName,
        SearchSpace = new SearchSpace
        {
            { "lr", Distributions.Uniform(0.001, 0.1) },
            { "batch_size", Distributions.Choice(32L, 64L, 128L) },
        },
        Objective = new Objective("val_loss", Goal.Minimize),
        Sampling = new SamplingSpec(SamplingAlgorithm.Random, Seed: 11),
        Limits = new SweepLimits { MaxTotalTrials = 8, MaxConcurrentTrials = 2, GracePeriod = TimeSpan.FromSeconds(2) },
    };

    public static SweepSpec LiveSpec() => new()
    {
        Name = LiveName,
        SearchSpace = new SearchSpace { { "momentum", Distributions.Uniform(0.5, 0.99) } },
        Objective = new Objective("accuracy", Goal.Maximize),
        Sampling = new SamplingSpec(SamplingAlgorithm.Random, Seed: 3),
        Limits = new SweepLimits { MaxTotalTrials = 3, MaxConcurrentTrials = 1, GracePeriod = TimeSpan.FromSeconds(2) },
    };

    /// <summary>
    /// The finished sweep: 7 completed, 2 terminated by the real bandit policy (their accuracy collapses, so the policy
    /// stops them at its first evaluation, interval 3) and 1 failed trial (2 intervals).
    /// </summary>
    public static async Task<SweepResult> RunFinishedAsync(ISweepStore store, CancellationToken cancellationToken)
    {
        var sweep = new Sweep(FinishedSpec()) { Store = store };
        return await sweep.RunAsync(async (trial, ct) =>
        {
            var lr = trial.GetDouble("learning_rate");
            var layers = trial.GetInt32("layers");
            var adam = trial.GetString("optimizer") == "adam";
            // A made-up but smooth response: best near lr = 3e-3 with more layers and adam.
            var quality = 0.97 - (0.05 * Math.Pow(Math.Log10(lr) - Math.Log10(3e-3), 2)) - (0.03 * (3 - layers)) - (adam ? 0 : 0.04);
            var collapses = Terminated.Contains(trial.Number);
            var intervals = trial.Number == FailedTrial ? FailedIntervals : FullIntervals;
            using var logs = TrialLogs.Open(trial);
            logs.Out.WriteLine($"training mlp: learning_rate={lr.ToString("R", CultureInfo.InvariantCulture)} layers={layers} optimizer={trial.GetString("optimizer")}");
            logs.Err.WriteLine("warning: using the CPU (no GPU found)");
            for (var epoch = 1; epoch <= intervals; epoch++)
            {
                var accuracy = collapses
                    ? Math.Round(0.02 * epoch, 5)
                    : Math.Round(quality * (1 - Math.Exp(-epoch / 2.2)) + (0.004 * Math.Sin(trial.Number + epoch)), 5);
                var loss = Math.Round(2.3 * Math.Exp(-epoch * quality / 2.5) + 0.05, 5);
                trial.Report("loss", loss, epoch);
                logs.Out.WriteLine($"epoch {epoch}: accuracy={accuracy.ToString("F4", CultureInfo.InvariantCulture)} loss={loss.ToString("F4", CultureInfo.InvariantCulture)}");
                if (await trial.ReportAsync("accuracy", accuracy, epoch))
                {
                    return;
                }

                await Task.Delay(3, ct);
            }

            if (trial.Number == FailedTrial)
            {
                logs.Err.WriteLine("RuntimeError: " + FailureMessage);
                throw new InvalidOperationException(FailureMessage);
            }

            await File.WriteAllTextAsync(Path.Combine(trial.OutputDirectory, "model.txt"), $"weights of trial {trial.Id}\n", ct);
        }, cancellationToken);
    }

    /// <summary>
    /// The running sweep: trials 0 and 1 complete after 4 intervals; later trials report 3 intervals and then wait
    /// until the sweep is stopped (cancellation), so the sweep stays Running with 2 running trials.
    /// </summary>
    public static Task<SweepResult> RunRunningAsync(ISweepStore store, CancellationToken cancellationToken)
    {
        var sweep = new Sweep(RunningSpec()) { Store = store };
        return sweep.RunAsync(async (trial, ct) =>
        {
            var lr = trial.GetDouble("lr");
            var batch = trial.GetInt32("batch_size");
            using var logs = TrialLogs.Open(trial);
            var intervals = trial.Number < RunningCompleted ? 4 : RunningIntervals;
            for (var epoch = 1; epoch <= intervals; epoch++)
            {
                var valLoss = Math.Round(0.4 + (1.6 * Math.Exp(-epoch * (0.3 + (lr * 4)))) + (batch / 2000.0), 5);
                trial.Report("val_loss", valLoss, epoch * 100);
                trial.Report("train_loss", Math.Round(valLoss * 0.8, 5), epoch * 100);
                logs.Out.WriteLine($"step {epoch * 100}: val_loss={valLoss.ToString("F4", CultureInfo.InvariantCulture)}");
                await Task.Delay(3, ct);
            }

            if (trial.Number >= RunningCompleted)
            {
                logs.Out.WriteLine("waiting for the next batch of data...");
                logs.Out.Flush();
                await Task.Delay(Timeout.Infinite, ct);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// The live sweep, one trial at a time: trial 0 reports 2 intervals and waits for <paramref name="release"/>, then
    /// reports a third and completes; trial 1 reports 1 interval and waits until the sweep is stopped.
    /// </summary>
    public static Task<SweepResult> RunLiveAsync(ISweepStore store, Task release, CancellationToken cancellationToken)
    {
        var sweep = new Sweep(LiveSpec()) { Store = store };
        return sweep.RunAsync(async (trial, ct) =>
        {
            var momentum = trial.GetDouble("momentum");
            if (trial.Number == 0)
            {
                trial.Report("accuracy", 0.5, 1);
                trial.Report("accuracy", 0.6 + (momentum / 10), 2);
                await release.WaitAsync(ct);
                trial.Report("accuracy", 0.7 + (momentum / 10), 3);
                return;
            }

            trial.Report("accuracy", 0.45, 1);
            await Task.Delay(Timeout.Infinite, ct);
        }, cancellationToken);
    }

    /// <summary>Waits until the store shows what <paramref name="ready"/> wants of a sweep.</summary>
    public static async Task<SweepRecord> WaitForAsync(ISweepStore store, string name, Func<IReadOnlyList<TrialRecord>, bool> ready, Task running, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (running.IsFaulted)
            {
                await running; // surfaces the sweep's exception
            }

            var sweep = await store.FindSweepAsync(name);
            if (sweep is not null && ready(await store.ListTrialsAsync(sweep.Id)))
            {
                return sweep;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The sweep '{name}' did not reach the expected state within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>stdout.txt and stderr.txt in the trial's folder (the parent of its outputs folder), as the process launcher writes them.</summary>
    private sealed class TrialLogs : IDisposable
    {
        private TrialLogs(string folder)
        {
            Out = new StreamWriter(Path.Combine(folder, "stdout.txt")) { AutoFlush = true };
            Err = new StreamWriter(Path.Combine(folder, "stderr.txt")) { AutoFlush = true };
        }

        public StreamWriter Out { get; }

        public StreamWriter Err { get; }

        public static TrialLogs Open(Trial trial)
        {
            Directory.CreateDirectory(trial.OutputDirectory);
            return new TrialLogs(Path.GetDirectoryName(trial.OutputDirectory)!);
        }

        public void Dispose()
        {
            Out.Dispose();
            Err.Dispose();
        }
    }
}
