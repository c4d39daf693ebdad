using System.Text.Json;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Cli;

/// <summary>A sweep with two objectives and a constraint, run and read through the hypersweep command with real trial processes.</summary>
public sealed class MultiObjectiveCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TwoObjectivesAndAConstraint_BestShowsTheFeasibleFront_AndTrialsMarkItAndTheInfeasible()
    {
        // accuracy rises with size, latency too; memory_mb = 1000 * size breaks "memory_mb <= 3000" for size > 3.
        _dir.Write("train.py", """
            import argparse, hypersweep
            p = argparse.ArgumentParser()
            p.add_argument("--size", type=int)
            p.add_argument("--tweak", type=float)
            a = p.parse_args()
            hypersweep.log("memory_mb", 1000 * a.size)
            hypersweep.log("accuracy", 0.5 + 0.1 * a.size - 0.05 * abs(a.tweak - 0.5))
            hypersweep.log("latency_ms", 10 * a.size + 5)
            hypersweep.log("latency_ms", 10 * a.size)
            """);
        var file = _dir.Write("mo.yml", $$$"""
            type: sweep
            name: mo
            trial:
              command: {{{Python.Executable}}} train.py --size ${{search_space.size}} --tweak ${{search_space.tweak}}
            search_space:
              size: {type: choice, values: [1, 2, 3, 4, 5]}
              tweak: {type: choice, values: [0.5, 0.9]}
            sampling_algorithm: grid
            objectives:
              - {metric: accuracy, goal: maximize}
              - {metric: latency_ms, goal: minimize}
            constraints: ["memory_mb <= 3000"]
            limits: {max_total_trials: 10, max_concurrent_trials: 2}
            """);

        var validate = await CliProcess.RunAsync(_dir.Path, "validate", file);
        Assert.Contains("objectives: maximize accuracy, minimize latency_ms (the result is the Pareto front; early termination uses accuracy)", validate.Stdout, StringComparison.Ordinal);
        Assert.Contains("constraints: memory_mb <= 3000", validate.Stdout, StringComparison.Ordinal);

        var run = await CliProcess.RunAsync(_dir.Path, "run", file, "--plain");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Pareto front: 3 of 10 trials (maximize accuracy, minimize latency_ms)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("done 10/10, running 0, failed 0; best 0.8 (trial 1-", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("; Pareto front 3 trials", run.Stdout, StringComparison.Ordinal);

        var best = await CliProcess.RunAsync(_dir.Path, "best", "mo", "--json");
        Assert.Equal(0, best.ExitCode);
        using var json = JsonDocument.Parse(best.Stdout);
        var front = json.RootElement.GetProperty("front").EnumerateArray().ToList();
        // Sizes 1..3 with tweak 0.5 (tweak 0.9 is dominated: same latency, lower accuracy); sizes 4 and 5 are infeasible.
        Assert.Equal([1L, 2L, 3L], front.Select(t => t.GetProperty("parameters").GetProperty("size").GetInt64()).Order());
        Assert.All(front, t => Assert.Equal(0.5, t.GetProperty("parameters").GetProperty("tweak").GetDouble()));
        Assert.All(front, t => Assert.Equal(t.GetProperty("parameters").GetProperty("size").GetInt64() * 10.0, t.GetProperty("values").GetProperty("latency_ms").GetDouble()));
        // The single best by the primary metric is feasible too: size 3 (size 5 would be better but breaks the memory limit).
        Assert.Equal(3, json.RootElement.GetProperty("best").GetProperty("parameters").GetProperty("size").GetInt64());
        Assert.True(json.RootElement.GetProperty("hypervolume").GetDouble() > 0);

        var trials = await CliProcess.RunAsync(_dir.Path, "trials", "mo", "--wide");
        Assert.Equal(0, trials.ExitCode);
        Assert.Contains("infeasible: memory_mb = 5000 breaks memory_mb <= 3000", trials.Stdout, StringComparison.Ordinal);
        Assert.Contains("front", trials.Stdout, StringComparison.Ordinal);
        var listed = await CliProcess.RunAsync(_dir.Path, "trials", "mo", "--json");
        using var rows = JsonDocument.Parse(listed.Stdout);
        var all = rows.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, all.Count(t => t.GetProperty("on_front").GetBoolean()));
        Assert.Equal(4, all.Count(t => !t.GetProperty("feasible").GetBoolean()));
    }

    [Fact]
    public async Task EveryTrialInfeasible_BestSaysWhichConstraintAndHowOften()
    {
        _dir.Write("train.py", "import hypersweep\nhypersweep.log('memory_mb', 9000)\nhypersweep.log('acc', 0.9)\n");
        var file = _dir.Write("c.yml", $$$"""
            type: sweep
            name: c
            trial:
              command: {{{Python.Executable}}} train.py --x ${{search_space.x}}
            search_space:
              x: {type: choice, values: [1, 2]}
            sampling_algorithm: grid
            objective: {primary_metric: acc, goal: maximize}
            constraints: ["memory_mb <= 4096"]
            limits: {max_total_trials: 2}
            """);

        var run = await CliProcess.RunAsync(_dir.Path, "run", file, "--plain");
        var best = await CliProcess.RunAsync(_dir.Path, "best", "c");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("has no feasible trial: 2 of 2 trials broke a constraint (memory_mb <= 4096)", best.Stdout, StringComparison.Ordinal);
        Assert.Contains("memory_mb = 9000 breaks memory_mb <= 4096", best.Stdout, StringComparison.Ordinal);
    }
}
