using System.Diagnostics;
using Hypersweep.Launching;
using Hypersweep.Storage;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Durability;

/// <summary>
/// The fault test: a real sweep of real processes whose controller is killed with SIGKILL at random moments, 20 times,
/// and resumed each time. At the end every trial is accounted for exactly once and the SQLite file is sound.
/// </summary>
public sealed class KillLoopTests : IDisposable
{
    private const int Budget = 36;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ControllerKilled20Times_EveryTrialIsAccountedForExactlyOnce()
    {
        _dir.Write("train.py", """
            import argparse, random, time, hypersweep
            p = argparse.ArgumentParser()
            p.add_argument("--x", type=float)
            a = p.parse_args()
            for epoch in range(1, 4):
                time.sleep(random.uniform(0.05, 0.25))
                hypersweep.log("score", a.x * epoch)
            """);
        var file = _dir.Write("sweep.yml", $$$"""
            type: sweep
            name: crashy
            trial:
              command: {{{Python.Executable}}} train.py --x ${{search_space.x}}
            search_space:
              x: {type: uniform, min_value: 0, max_value: 1}
            sampling_algorithm: {type: random, seed: 9}
            objective: {primary_metric: score, goal: maximize}
            limits: {max_total_trials: {{{Budget}}}, max_concurrent_trials: 3, grace_period: 2}
            """);
        var random = new Random(20261123);

        for (var kill = 0; kill < 20; kill++)
        {
            string[] args = kill == 0 ? ["run", file] : ["resume", "crashy"];
            using var process = CliProcess.Start(_dir.Path, args, out var stdout, out var stderr);
            if (kill == 0)
            {
                await WaitUntilAsync(() => Contains(stdout, "Sweep 'crashy'"), stdout, stderr);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 2500)), TestContext.Current.CancellationToken);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
            }

            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode is 137 or -1 or 0, $"resume {kill} ended with {process.ExitCode}: {stderr}");
        }

        var final = await CliProcess.RunAsync(_dir.Path, "resume", "crashy");
        Assert.True(final.ExitCode == 0, final.Output);

        await using var store = SqliteSweepStore.Open(_dir[".hypersweep/hypersweep.db"], create: false);
        Assert.Equal("ok", await store.CheckIntegrityAsync());
        var sweep = (await store.FindSweepAsync("crashy", TestContext.Current.CancellationToken))!;
        Assert.Equal(SweepState.Completed, sweep.State);
        var trials = await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken);

        var orphans = TrialChains.AssertEachCompletedOnce(trials, Budget, intervals: 3);
        Assert.True(orphans > 0, "no kill landed while trials ran; the test did not exercise recovery");
        Assert.Empty(RunningTrialProcesses(trials));
    }

    private static List<int> RunningTrialProcesses(IEnumerable<TrialRecord> trials) =>
        [.. trials.Where(t => t.ProcessId is { } pid && OrphanedProcesses.IsTrialProcess(pid, t.DisplayId)).Select(t => t.ProcessId!.Value)];

    private static bool Contains(System.Text.StringBuilder text, string what)
    {
        lock (text)
        {
            return text.ToString().Contains(what, StringComparison.Ordinal);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, System.Text.StringBuilder stdout, System.Text.StringBuilder stderr)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"timed out: {stdout}{stderr}");
            await Task.Delay(25);
        }
    }
}
