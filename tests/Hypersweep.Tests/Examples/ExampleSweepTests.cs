using System.Text.Json;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Sweeps;

using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Examples;

/// <summary>The examples' sweep files, run through Hypersweep with real trial processes (two trials each, to stay quick).</summary>
[Collection(DigitsExampleGroup.Name)]
public sealed class DigitsSweepTests
{
    [Fact]
    public async Task DigitsSweepFile_RunsTheBuiltProgram_AndRecordsTenEpochsPerTrial()
    {
        using var temp = new TempDirectory();
        var (result, store) = await ExampleSweeps.RunTwoTrialsAsync(Path.Combine(DigitsProgramFixture.ProjectDirectory, "sweep.yml"), temp.Path);
        await using var _ = store;

        Assert.True(result.Counts.Completed == 2, ExampleSweeps.Describe(result));
        foreach (var trial in result.Trials)
        {
            var accuracy = (await store.GetMetricsAsync(trial.Id, TestContext.Current.CancellationToken)).Where(m => m.Name == "accuracy").ToList();
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long?)i), accuracy.Select(m => m.Step));
            Assert.True(accuracy[^1].Value > 0.85, $"trial {trial.DisplayId} ({trial.Parameters}) ended at accuracy {accuracy[^1].Value}");

            // The ${{search_space.l2}} placeholder reached the program: its checkpoint records the l2 it trained with.
            var checkpoint = Path.Combine(result.Sweep.TrialDirectory(trial.Number), "outputs", "checkpoint.json");
            using var state = JsonDocument.Parse(await File.ReadAllTextAsync(checkpoint, TestContext.Current.CancellationToken));
            Assert.Equal(10, state.RootElement.GetProperty("epoch").GetInt32());
            Assert.Equal((float)trial.Parameters["l2"].AsDouble(), state.RootElement.GetProperty("l2").GetSingle());
        }

        Assert.NotNull(result.Best);
        Assert.True(result.Best.Value > 0.9, ExampleSweeps.Describe(result));
    }
}

public sealed class SklearnSweepTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task SklearnSweepFile_RunsTheHyperDriveScript_WithAppendedArguments_AndRecordsEveryEpoch()
    {
        Assert.SkipUnless(await HasSklearnAsync(), $"{Python} cannot import sklearn (apt-get install python3-sklearn)");
        using var temp = new TempDirectory();
        var (result, store) = await ExampleSweeps.RunTwoTrialsAsync(Path.Combine(ExampleProcess.RepositoryRoot, "examples", "sklearn", "sweep.yml"), temp.Path);
        await using var _ = store;

        Assert.True(result.Counts.Completed == 2, ExampleSweeps.Describe(result));
        foreach (var trial in result.Trials)
        {
            var metrics = await store.GetMetricsAsync(trial.Id, TestContext.Current.CancellationToken);

            // run.log("accuracy", ...) once per epoch, through the azureml.core shim.
            Assert.Equal(20, metrics.Count(m => m.Name == "accuracy"));

            // The script logs the --alpha argparse read: Hypersweep appended the sampled value as --alpha VALUE.
            var alpha = Assert.Single(metrics, m => m.Name == "alpha");
            Assert.Equal(trial.Parameters["alpha"].AsDouble(), alpha.Value, 12);
            Assert.True(File.Exists(Path.Combine(result.Sweep.TrialDirectory(trial.Number), "outputs", "model.pkl")), "the model goes to the trial's output folder");
        }

        Assert.True(result.Best is { Value: > 0.5 }, ExampleSweeps.Describe(result));
    }

    private static async Task<bool> HasSklearnAsync()
    {
        if (!File.Exists(Python))
        {
            return false;
        }

        var run = await ExampleProcess.RunAsync(ExampleProcess.StartInfo(Python, ["-c", "import sklearn"], ExampleProcess.RepositoryRoot), TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return run.ExitCode == 0;
    }
}

public sealed class TradeoffSweepTests
{
    [Fact]
    public async Task TradeoffSweepFile_FindsAFrontOfAccurateAndFastForests_AndNoForestOverTheSizeLimitIsOnIt()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/python3"), "needs /usr/bin/python3 with python3-sklearn");
        using var temp = new TempDirectory();
        var spec = SweepFile.Load(Path.Combine(ExampleProcess.RepositoryRoot, "examples", "tradeoff", "sweep.yml"));
        await using var store = SqliteSweepStore.Open(Path.Combine(temp.Path, "hypersweep.db"));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(4)); // a guard against a hang; the 24 trials take 10 to 40 s here

        var result = await new Sweep(spec) { Store = store }.RunAsync(limit.Token);

        Assert.True(result.Counts.Completed == 24, ExampleSweeps.Describe(result));
        var front = Hypersweep.Pareto.ParetoFront.Of(result.Trials, result.Sweep.Objectives);
        Assert.True(front.Count >= 3, $"{front.Count} trials on the front");
        Assert.All(front, t => Assert.True(t.ConstraintValues[0] <= 2048, $"trial {t.DisplayId} is {t.ConstraintValues[0]} KB"));
        // The front trades accuracy for speed: sorted by latency, accuracy only rises.
        var byLatency = front.OrderBy(t => t.SecondaryValues[0]).Select(t => t.Value!.Value).ToList();
        Assert.Equal(byLatency.Order(), byLatency);
        Assert.True(byLatency[^1] > 0.95, $"the most accurate forest on the front reaches {byLatency[^1]}");
        Assert.All(result.Trials.Where(t => t.ConstraintValues[0] > 2048), t => Assert.False(t.IsFeasible));
    }
}

internal static class ExampleSweeps
{
    /// <summary>Loads an example's sweep file as a user's `hypersweep run` would, keeps its first two trials, and runs them into a store in <paramref name="folder"/>.</summary>
    public static async Task<(SweepResult Result, ISweepStore Store)> RunTwoTrialsAsync(string sweepFile, string folder)
    {
        var spec = SweepFile.Load(sweepFile);
        spec = spec with { Limits = spec.Limits with { MaxTotalTrials = 2, MaxConcurrentTrials = 2 } };
        var store = SqliteSweepStore.Open(Path.Combine(folder, "hypersweep.db"));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(3)); // a guard against a hang; two trials take 5 to 30 s here
        var result = await new Sweep(spec) { Store = store }.RunAsync(limit.Token);
        return (result, store);
    }

    public static string Describe(SweepResult result)
    {
        var lines = result.Trials.Select(t =>
        {
            var stderr = Path.Combine(result.Sweep.TrialDirectory(t.Number), "stderr.txt");
            return $"trial {t.DisplayId} {t.State} value={t.Value} exit={t.ExitCode} {t.Message}{Environment.NewLine}{(File.Exists(stderr) ? File.ReadAllText(stderr) : string.Empty)}";
        });
        return $"sweep {result.Sweep.State}: {result.Sweep.Message}{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }
}
