using Hypersweep.Storage;
using Hypersweep.Trials;

using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Examples;

/// <summary>The C# API's runnable example (examples/in-process): an ML.NET model trained inside the sweep's process.</summary>
[Collection(DigitsExampleGroup.Name)]
public sealed class InProcessExampleTests
{
    [Fact]
    public async Task InProcessExample_RunsItsSweep_AndRecordsItInTheDefaultStore()
    {
        using var folder = new TempDirectory();

        var result = await ExampleProcess.RunAsync(ExampleProcess.StartInfo("dotnet", [DigitsProgramFixture.InProcessProgram, "--trials", "3"], folder.Path), TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("best: trial 1-", result.Stdout, StringComparison.Ordinal);
        await using var store = SqliteSweepStore.Open(Path.Combine(folder.Path, ".hypersweep", "hypersweep.db"), create: false);
        var sweep = (await store.FindSweepAsync("digits-in-process", TestContext.Current.CancellationToken))!;
        var trials = await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken);
        Assert.Equal(3, trials.Count);
        Assert.All(trials, t => Assert.True(t.State is TrialState.Completed or TrialState.Terminated, t.Message));
        Assert.All(trials, t => Assert.InRange(t.Value!.Value, 0.8, 1.0));
    }
}
