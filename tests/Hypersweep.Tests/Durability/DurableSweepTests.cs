using Hypersweep.Launching;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.Sweeps;
using Hypersweep.Termination;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Durability;

/// <summary>Retries, failure limits, warm start and resuming, through the public API with a real SQLite store.</summary>
public sealed class DurableSweepTests : SqliteStoreTest
{
    private static SweepSpec Spec(string name, SearchSpace? space = null, SamplingSpec? sampling = null, int total = 6) => new()
    {
        Name = name,
        SearchSpace = space ?? new SearchSpace { { "x", Distributions.Uniform(0, 1) } },
        Objective = new Objective("score", Goal.Maximize),
        Sampling = sampling ?? new SamplingSpec(SamplingAlgorithm.Random, 1),
        Limits = new SweepLimits { MaxTotalTrials = total, MaxConcurrentTrials = 1, GracePeriod = TimeSpan.FromSeconds(2) },
    };

    private Sweep Create(SweepSpec spec) => new(spec) { Store = Store };

    [Fact]
    public async Task FailedTrials_AreRetriedWithTheSameParameters_WithoutUsingTheBudget()
    {
        var space = new SearchSpace { { "k", Distributions.Choice(1, 2, 3) } };
        var attempts = new System.Collections.Concurrent.ConcurrentDictionary<long, int>();

        var result = await Create(Spec("retry", space, new SamplingSpec(SamplingAlgorithm.Grid), total: 3) with { TrialRetries = 2 }).RunAsync((trial, _) =>
        {
            var k = trial.GetInt64("k");
            var attempt = attempts.AddOrUpdate(k, 1, (_, n) => n + 1);
            if (k == 2 || (k == 1 && attempt <= 2))
            {
                throw new InvalidOperationException($"flaky k={k} attempt {attempt}");
            }

            trial.Report("score", k);
        });

        // A retry runs as soon as a slot is free. k=1 fails twice and completes on its second retry; k=2 fails all
        // three attempts; k=3 completes at once.
        Assert.Equal(
            [(1L, TrialState.Failed), (1L, TrialState.Failed), (1L, TrialState.Completed), (2L, TrialState.Failed), (2L, TrialState.Failed), (2L, TrialState.Failed), (3L, TrialState.Completed)],
            result.Trials.Select(t => (t.Parameters["k"].AsInt64(), t.State)).ToList());
        Assert.Equal(3, result.Trials.Count(t => t.CountsTowardBudget));
        Assert.All(result.Trials.Where(t => !t.CountsTowardBudget), t => Assert.Equal(result.Trials.First(r => r.Parameters.Equals(t.Parameters)).Id, t.RetryOf));
        Assert.Equal(SweepState.Completed, result.Sweep.State);
    }

    [Fact]
    public async Task MaxFailedTrials_StopsTheSweepWithAClearMessage()
    {
        var spec = Spec("failing", total: 20) with { Limits = new SweepLimits { MaxTotalTrials = 20, MaxConcurrentTrials = 1, MaxFailedTrials = 3 } };

        var result = await Create(spec).RunAsync((trial, _) => throw new InvalidOperationException($"CUDA out of memory in trial {trial.Number}"));

        Assert.Equal(3, result.Trials.Count);
        Assert.Equal(SweepState.Failed, result.Sweep.State);
        Assert.StartsWith($"max_failed_trials (3) reached: trials {result.Sweep.Id}-0, {result.Sweep.Id}-1, {result.Sweep.Id}-2 failed; the last: InvalidOperationException: CUDA out of memory in trial 2", result.Sweep.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarmStartedGrid_DoesNotRepeatPointsAlreadyEvaluated()
    {
        var space = new SearchSpace { { "a", Distributions.Choice(1, 2, 3) }, { "b", Distributions.Choice(true, false) } };
        var first = await Create(Spec("grid-1", space, new SamplingSpec(SamplingAlgorithm.Grid), total: 3)).RunAsync((trial, _) => trial.Report("score", trial.GetInt32("a")));

        var second = await Create(Spec("grid-2", space, new SamplingSpec(SamplingAlgorithm.Grid), total: 10) with { ResumeFrom = ["grid-1"] }).RunAsync((trial, _) => trial.Report("score", 1));

        Assert.Equal(3, second.Trials.Count);
        Assert.Empty(second.Trials.Select(t => t.Parameters).Intersect(first.Trials.Select(t => t.Parameters)));
        Assert.Equal(6, first.Trials.Concat(second.Trials).Select(t => t.Parameters).Distinct().Count());
        Assert.Equal([first.Sweep.Id], second.Sweep.WarmStart);
    }

    [Fact]
    public async Task WarmStartedPolicy_ComparesNewTrialsWithTheEarlierSweepsSeries()
    {
        await Create(Spec("strong", total: 1)).RunAsync(async (trial, _) =>
        {
            for (var epoch = 1; epoch <= 5; epoch++)
            {
                await trial.ReportAsync("score", 10, epoch);
            }
        });
        var spec = Spec("weak", total: 1) with { EarlyTermination = new BanditSpec { SlackFactor = 0.1 } };

        var alone = await Create(spec with { Name = "weak-alone" }).RunAsync(Weak);
        var warm = await Create(spec with { ResumeFrom = ["strong"] }).RunAsync(Weak);

        Assert.Equal(TrialState.Completed, alone.Trials[0].State);
        Assert.Equal(TrialState.Terminated, warm.Trials[0].State);
        Assert.StartsWith("bandit at interval 1:", warm.Trials[0].Message, StringComparison.Ordinal);

        static async Task Weak(Trial trial, CancellationToken ct)
        {
            for (var epoch = 1; epoch <= 5 && !await trial.ReportAsync("score", 1, epoch); epoch++)
            {
            }
        }
    }

    [Fact]
    public async Task WarmStartedBayesianSweep_StartsFromTheEarlierObservations()
    {
        var bayesian = new SamplingSpec(SamplingAlgorithm.Bayesian, 3);
        await Create(Spec("learned", sampling: bayesian, total: 14)).RunAsync((trial, _) => trial.Report("score", -Math.Pow(trial.GetDouble("x") - 0.7, 2)));

        var cold = await Create(Spec("cold", sampling: bayesian, total: 1)).RunAsync((trial, _) => trial.Report("score", 0));
        var warm = await Create(Spec("warm", sampling: bayesian, total: 1) with { ResumeFrom = ["learned"] }).RunAsync((trial, _) => trial.Report("score", 0));

        // Without history the first point comes from the Sobol design; with 14 earlier observations the model proposes
        // a point next to the optimum at 0.7.
        Assert.InRange(warm.Trials[0].Parameters["x"].AsDouble(), 0.65, 0.75);
        Assert.NotInRange(cold.Trials[0].Parameters["x"].AsDouble(), 0.65, 0.75);
    }

    [Fact]
    public async Task WarmStartFromAnIncompatibleSweep_SaysWhichParameterDiffers()
    {
        await Create(Spec("old", new SearchSpace { { "x", Distributions.Uniform(0, 1) }, { "act", Distributions.Choice("relu", "gelu") } }, total: 4)).RunAsync((trial, _) => trial.Report("score", 1));

        var missing = await Assert.ThrowsAsync<SweepSpecException>(() => Create(Spec("new") with { ResumeFrom = ["old"] }).RunAsync((trial, _) => trial.Report("score", 1)));
        var value = await Assert.ThrowsAsync<SweepSpecException>(() => Create(Spec("new2", new SearchSpace { { "x", Distributions.Uniform(0, 1) }, { "act", Distributions.Choice("relu", "tanh") } }) with { ResumeFrom = ["old"] }).RunAsync((trial, _) => trial.Report("score", 1)));
        var unknown = await Assert.ThrowsAsync<SweepSpecException>(() => Create(Spec("new3") with { ResumeFrom = ["nope"] }).RunAsync((trial, _) => trial.Report("score", 1)));
        var objective = await Assert.ThrowsAsync<SweepSpecException>(() => Create(Spec("new4") with { Objective = new Objective("loss", Goal.Minimize), ResumeFrom = ["old"] }).RunAsync((trial, _) => trial.Report("loss", 1)));
        var more = await Assert.ThrowsAsync<SweepSpecException>(() => Create(Spec("new5") with { SecondaryObjectives = [new Objective("latency", Goal.Minimize)], ResumeFrom = ["old"] }).RunAsync((trial, _) => trial.Report("score", 1)));
        var constrained = await Assert.ThrowsAsync<SweepSpecException>(() => Create(Spec("new6") with { Constraints = [new Constraint("memory", ConstraintBound.AtMost, 1)], ResumeFrom = ["old"] }).RunAsync((trial, _) => trial.Report("score", 1)));

        Assert.Contains("its trials have parameter 'act', which this search space does not declare", missing.Message, StringComparison.Ordinal);
        Assert.Contains("parameter 'act' is gelu in trial", value.Message, StringComparison.Ordinal);
        Assert.Contains("which choice(\"relu\", \"tanh\") here does not allow", value.Message, StringComparison.Ordinal);
        Assert.Contains("no sweep named or numbered 'nope'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("optimizes maximize score, this sweep minimize loss", objective.Message, StringComparison.Ordinal);
        Assert.Contains("optimizes maximize score, this sweep maximize score, minimize latency; warm start needs the same objectives", more.Message, StringComparison.Ordinal);
        Assert.Contains("has the constraints [], this sweep [memory <= 1]; warm start needs the same constraints", constrained.Message, StringComparison.Ordinal);
        Assert.Equal(["old"], (await Store.ListSweepsAsync(TestContext.Current.CancellationToken)).Select(s => s.Name));
    }

    [Fact]
    public async Task SweepsThatEndedBeforeEndReasonsWereStored_GetTheirReasonFromTheirMessage()
    {
        var path = Dir["v3.db"];
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            var rows = new[]
            {
                ("timed", "Completed", "timeout of 5 s reached"),
                ("budget", "Completed", "max_total_trials (4) reached"),
                ("grid", "Completed", "the grid is exhausted (6 points)"),
                ("stopped", "Canceled", "canceled by the user"),
                ("broken", "Failed", "trial 1 could not start, so the sweep stopped: no such file"),
                ("running", "Running", null),
            }.Select(r => $"INSERT INTO sweeps(name, spec, primary_metric, goal, sampler, seed, state, message, created_at, artifacts_dir) VALUES ('{r.Item1}', 'type: sweep', 'acc', 'Maximize', 'random', 7, '{r.Item2}', {(r.Item3 is null ? "NULL" : $"'{r.Item3}'")}, '2026-01-01T00:00:00.000000Z', '/tmp/x');");
            command.CommandText = string.Join("\n", SqliteSchema.MigrationsForTests.Take(3)) + "\nPRAGMA user_version = 3;\n" + string.Join("\n", rows);
            command.ExecuteNonQuery();
        }

        await using var store = SqliteSweepStore.Open(path, create: false);

        var reasons = (await store.ListSweepsAsync(TestContext.Current.CancellationToken)).ToDictionary(s => s.Name, s => s.EndReason);
        Assert.Equal(SweepEndReason.TimedOut, reasons["timed"]);
        Assert.Equal(SweepEndReason.BudgetUsed, reasons["budget"]);
        Assert.Equal(SweepEndReason.SpaceExhausted, reasons["grid"]);
        Assert.Equal(SweepEndReason.CanceledByUser, reasons["stopped"]);
        Assert.Equal(SweepEndReason.TrialsFailed, reasons["broken"]);
        Assert.Null(reasons["running"]);
    }

    [Fact]
    public async Task AStoreWrittenByTheFirstSchema_OpensAndUpgrades()
    {
        var path = Dir["v1.db"];
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteSchema.MigrationsForTests[0] + """

                PRAGMA user_version = 1;
                INSERT INTO sweeps(name, spec, primary_metric, goal, sampler, seed, state, created_at, artifacts_dir)
                VALUES ('legacy', 'type: sweep', 'acc', 'Maximize', 'random', 7, 'Completed', '2026-01-01T00:00:00.000000Z', '/tmp/x');
                INSERT INTO trials(sweep_id, number, params, state, created_at, value, intervals) VALUES (1, 0, '{"x":0.5}', 'Completed', '2026-01-01T00:00:00.000000Z', 0.9, 3);
                """;
            command.ExecuteNonQuery();
        }

        await using var store = SqliteSweepStore.Open(path, create: false);

        var sweep = (await store.FindSweepAsync("legacy", TestContext.Current.CancellationToken))!;
        var trial = (await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken)).Single();
        Assert.Equal((7L, SweepState.Completed), (sweep.Seed, sweep.State));
        Assert.Empty(sweep.WarmStart);
        Assert.Equal((0.9, (long?)null), (trial.Value, trial.RetryOf));
        Assert.Equal("ok", await store.CheckIntegrityAsync());
    }
}
