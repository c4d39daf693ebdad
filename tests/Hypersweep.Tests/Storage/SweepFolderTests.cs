using Hypersweep.Storage;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Storage;

/// <summary>
/// A trial folder belongs to exactly one store and sweep: a store made again after deletion, or a second store file
/// beside the first, never hands a new sweep an earlier sweep's folder, outputs or checkpoints.
/// </summary>
public sealed class SweepFolderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public SweepFolderTests()
    {
        // Reports whether it found a checkpoint in its output folder, then leaves one there.
        _dir.Write("trial.sh", """
            #!/bin/sh
            if [ -f "$HYPERSWEEP_OUTPUT_DIR/checkpoint.json" ]; then found=1; else found=0; fi
            echo '{"epoch": 3}' > "$HYPERSWEEP_OUTPUT_DIR/checkpoint.json"
            echo "##hypersweep[metric] {\"name\": \"found_checkpoint\", \"value\": $found}"
            """);
        _dir.Write("sweep.yml", """
            type: sweep
            name: owned
            trial:
              command: ./trial.sh ${{search_space.x}}
            search_space:
              x: {type: choice, values: [1]}
            sampling_algorithm: grid
            objective: {primary_metric: found_checkpoint, goal: maximize}
            limits: {max_total_trials: 1}
            """);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AStoreMadeAgainAfterDeletion_GivesItsNewSweepAFreshFolder()
    {
        var first = await RunAsync(".hypersweep/hypersweep.db");
        foreach (var file in Directory.GetFiles(_dir[".hypersweep"], "hypersweep.db*"))
        {
            File.Delete(file);
        }

        var second = await RunAsync(".hypersweep/hypersweep.db");

        Assert.Equal(first.Sweep.Id, second.Sweep.Id);
        Assert.NotEqual(first.Sweep.ArtifactsDirectory, second.Sweep.ArtifactsDirectory);
        Assert.Equal((0.0, 0.0), (first.Found, second.Found));
        Assert.Contains("sweep 1 'owned' of the store", File.ReadAllText(Path.Combine(second.Sweep.ArtifactsDirectory, "sweep-owner.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondStoreBesideTheFirst_NeverSharesItsSweepFolders()
    {
        var first = await RunAsync("a.db");
        var second = await RunAsync("b.db");

        Assert.Equal(first.Sweep.Id, second.Sweep.Id);
        Assert.NotEqual(first.Sweep.ArtifactsDirectory, second.Sweep.ArtifactsDirectory);
        Assert.Equal((0.0, 0.0), (first.Found, second.Found));
    }

    private async Task<(SweepRecord Sweep, double? Found)> RunAsync(string store)
    {
        var run = await CliProcess.RunAsync(_dir.Path, "run", "sweep.yml", "--store", store);
        Assert.True(run.ExitCode == 0, run.Output);
        await using var opened = SqliteSweepStore.Open(_dir[store], create: false);
        var sweep = (await opened.FindSweepAsync("owned", TestContext.Current.CancellationToken))!;
        var trial = Assert.Single(await opened.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken));
        return (sweep, trial.Value);
    }
}
