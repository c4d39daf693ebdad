using Hypersweep.Launching;
using Hypersweep.Sampling;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;

namespace Hypersweep.Sweeps;

/// <summary>
/// A sweep to run: from a sweep file (<see cref="Load"/>) or built in code. Its trials run as processes
/// (<see cref="RunAsync(CancellationToken)"/>, using the spec's <c>trial</c>) or as calls of a delegate in this process
/// (<see cref="RunAsync(Func{Trial, CancellationToken, Task}, CancellationToken)"/>); concurrency, budgets,
/// cancellation and storage behave the same either way.
/// <example>
/// <code>
/// var sweep = new Sweep(new SweepSpec
/// {
///     Name = "mlp",
///     SearchSpace = new SearchSpace { { "lr", Distributions.LogUniform(-9, -2) }, { "layers", Distributions.Choice(1, 2, 3) } },
///     Objective = new Objective("accuracy", Goal.Maximize),
///     Sampling = new SamplingSpec(SamplingAlgorithm.Random, Seed: 1),
///     Limits = new SweepLimits { MaxTotalTrials = 20, MaxConcurrentTrials = 2 },
/// });
/// var result = await sweep.RunAsync(async (trial, ct) =&gt;
/// {
///     for (var epoch = 1; epoch &lt;= 10; epoch++)
///         trial.Report("accuracy", await TrainEpochAsync(trial.GetDouble("lr"), trial.GetInt32("layers"), ct), epoch);
/// });
/// Console.WriteLine(result.Best);
/// </code>
/// </example>
/// </summary>
public sealed class Sweep
{
    /// <summary>Creates a sweep from a spec.</summary>
    /// <exception cref="SweepSpecException">The spec is invalid; the exception lists every problem.</exception>
    public Sweep(SweepSpec spec)
    {
        var problems = spec.Check();
        if (problems.Count > 0)
        {
            throw new SweepSpecException(problems);
        }

        Spec = spec;
    }

    /// <summary>The spec.</summary>
    public SweepSpec Spec { get; }

    /// <summary>The store to record in. <value>The default is the SQLite store under <c>.hypersweep/</c> in the working directory.</value></summary>
    public ISweepStore? Store { get; init; }

    /// <summary>A sampler to use instead of the one the spec names.</summary>
    public ISampler? Sampler { get; init; }

    /// <summary>The clock (for timeouts and timestamps). <value>The default is the system clock.</value></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Called on the scheduler's loop for every progress update; keep it quick.</summary>
    public Action<SweepUpdate>? OnUpdate { get; init; }

    /// <summary>Loads a sweep from a sweep file.</summary>
    /// <exception cref="SweepFileException">The file is missing or invalid; the exception lists every problem with its line.</exception>
    public static Sweep Load(string path) => new(SweepFile.Load(path));

    /// <summary>Runs the sweep with its trials as processes, as the spec's <c>trial</c> says.</summary>
    public Task<SweepResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var template = Spec.Trial ?? throw new InvalidOperationException("The sweep has no trial command; pass an objective delegate to RunAsync instead.");
        return RunAsync(new LocalProcessLauncher(template), cancellationToken);
    }

    /// <summary>Runs the sweep with each trial as a call of <paramref name="objective"/> in this process.</summary>
    public Task<SweepResult> RunAsync(Func<Trial, CancellationToken, Task> objective, CancellationToken cancellationToken = default)
        => RunAsync(new InProcessLauncher(objective), cancellationToken);

    /// <summary>Runs the sweep with a synchronous objective in this process.</summary>
    public Task<SweepResult> RunAsync(Action<Trial, CancellationToken> objective, CancellationToken cancellationToken = default)
        => RunAsync(new InProcessLauncher((trial, ct) =>
        {
            objective(trial, ct);
            return Task.CompletedTask;
        }), cancellationToken);

    /// <summary>Runs the sweep with trials started by the given launcher.</summary>
    public async Task<SweepResult> RunAsync(ITrialLauncher launcher, CancellationToken cancellationToken = default)
    {
        var store = Store ?? SqliteSweepStore.Open(SqliteSweepStore.ResolvePath(null));
        try
        {
            var seed = Spec.Sampling.Seed ?? SeedMixer.NewSeed();
            var record = await store.CreateSweepAsync(new NewSweep
            {
                Name = Spec.EffectiveName,
                Spec = Spec.SourceText ?? SweepFileWriter.Write(Spec),
                SpecPath = Spec.SourcePath,
                Objective = Spec.Objective,
                Sampler = Spec.Sampling.Name,
                Policy = Spec.EarlyTermination?.Type,
                Seed = seed,
                CreatedAt = TimeProvider.GetUtcNow(),
            }, cancellationToken).ConfigureAwait(false);
            var sampler = Sampler ?? Spec.Sampling.CreateSampler(seed, Spec.Objective.Goal);
            var runner = new SweepRunner(Spec, record, store, launcher, sampler, TimeProvider, OnUpdate);
            return await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (Store is null)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
