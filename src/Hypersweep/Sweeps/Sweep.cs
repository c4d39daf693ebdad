using Hypersweep.Launching;
using Hypersweep.Sampling;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Trials;

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
    public static Sweep Load(string path) => new(SweepFile.Load(path, requireTrial: false));

    /// <summary>Runs the sweep with its trials as processes, as the spec's <c>trial</c> says.</summary>
    public Task<SweepResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var template = Spec.Trial ?? throw new InvalidOperationException("The sweep has no trial command; pass an objective delegate to RunAsync instead.");
        return RunAsync(template.CreateLauncher(TimeProvider), cancellationToken);
    }

    /// <summary>Runs the sweep with each trial as a call of <paramref name="objective"/> in this process.</summary>
    public Task<SweepResult> RunAsync(Func<Trial, CancellationToken, Task> objective, CancellationToken cancellationToken = default)
        => RunAsync(new InProcessLauncher(objective, TimeProvider), cancellationToken);

    /// <summary>Runs the sweep with a synchronous objective in this process.</summary>
    public Task<SweepResult> RunAsync(Action<Trial, CancellationToken> objective, CancellationToken cancellationToken = default)
        => RunAsync(new InProcessLauncher((trial, ct) =>
        {
            objective(trial, ct);
            return Task.CompletedTask;
        }, TimeProvider), cancellationToken);

    /// <summary>
    /// Runs the sweep with trials started by the given launcher: first the trials <see cref="SweepSpec.ResumeChildRuns"/>
    /// names (from their checkpoints), then sampled ones, learning from the sweeps <see cref="SweepSpec.ResumeFrom"/> names.
    /// </summary>
    /// <exception cref="SweepSpecException">A warm-start sweep or a trial to resume is unknown or does not fit the search space.</exception>
    public Task<SweepResult> RunAsync(ITrialLauncher launcher, CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        var (record, plan) = await CreateAsync(store, cancellationToken).ConfigureAwait(false);
        using var held = SweepLock.Acquire(record.ArtifactsDirectory, record.Name, record.Id);
        return await RunLockedAsync(store, record, launcher, plan, cancellationToken).ConfigureAwait(false);
    });

    /// <summary>
    /// Continues a sweep whose controller stopped (Ctrl+C, SIGKILL, power loss): finished trials are kept; trials that
    /// were running are recorded Canceled as orphaned (a process of theirs still running is stopped first) and run again
    /// with the same hyperparameters, and so are trials Ctrl+C canceled (as re-runs, which do not use up the budget);
    /// trials created but never started are started; then sampling goes on until the budget, counting what really
    /// finished. The spec must be the sweep's own (as <see cref="Load"/> or the CLI gives it).
    /// </summary>
    /// <exception cref="SweepStillRunningException">Another live process runs the sweep.</exception>
    public Task<SweepResult> ResumeAsync(long sweepId, ITrialLauncher launcher, CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        var record = await RequireSweepAsync(store, sweepId, cancellationToken).ConfigureAwait(false);
        using var held = SweepLock.Acquire(record.ArtifactsDirectory, record.Name, record.Id);
        var queue = new List<PlannedTrial>();
        var trials = await store.ListTrialsAsync(sweepId, cancellationToken).ConfigureAwait(false);
        foreach (var trial in trials)
        {
            if (trial.WasCanceledByUser && !trial.HasLaterAttemptIn(trials))
            {
                // Ctrl+C stopped it: it runs again, as a re-run of the same chain, so it does not use up the budget.
                queue.Add(new PlannedTrial(trial.Parameters, new TrialOrigin(RetryOf: trial.RootId)));
            }
            else if (trial.State == TrialState.Queued)
            {
                // The controller may have died between starting its program and recording it Running.
                await OrphanedProcesses.StopAsync(null, record.TrialDirectory(trial.Number), Spec.Limits.GracePeriod, TimeProvider, cancellationToken).ConfigureAwait(false);
                queue.Add(new PlannedTrial(trial.Parameters, Existing: trial));
            }
            else if (trial.State == TrialState.Running)
            {
                var why = await OrphanedProcesses.StopRunningTrialAsync(Spec.Trial, trial, record.TrialDirectory(trial.Number), Spec.Limits.GracePeriod, TimeProvider, cancellationToken).ConfigureAwait(false);
                var rerun = await store.RequeueTrialAsync(trial.Id, why, TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                queue.Add(new PlannedTrial(rerun.Parameters, Existing: rerun));
            }
        }

        var plan = await WarmStartPlanAsync(store, record, cancellationToken).ConfigureAwait(false);
        return await ReopenAndRunAsync(store, sweepId, launcher, plan with { Queue = queue }, cancellationToken).ConfigureAwait(false);
    });

    /// <summary>
    /// Runs canceled or terminated trials of a sweep again with the same hyperparameters, each resuming from its own
    /// checkpoint folder (<c>--resume-from PATH</c> and HYPERSWEEP_RESUME_FROM), as new trials of the same sweep.
    /// </summary>
    public Task<SweepResult> ResumeTrialsAsync(long sweepId, IEnumerable<int> trialNumbers, ITrialLauncher launcher, CancellationToken cancellationToken = default) => WithStoreAsync(async store =>
    {
        var record = await RequireSweepAsync(store, sweepId, cancellationToken).ConfigureAwait(false);
        using var held = SweepLock.Acquire(record.ArtifactsDirectory, record.Name, record.Id);
        var queue = new List<PlannedTrial>();
        foreach (var number in trialNumbers)
        {
            var trial = await store.GetTrialAsync(sweepId, number, cancellationToken).ConfigureAwait(false)
                ?? throw new SweepSpecException([("trials", $"sweep '{record.Name}' (id {record.Id}) has no trial {number}")]);
            queue.Add(WarmStart.ToResume(Spec, record, trial, "trials"));
        }

        return await ReopenAndRunAsync(store, sweepId, launcher, new SweepPlan { Queue = queue, QueueOnly = true }, cancellationToken).ConfigureAwait(false);
    });

    /// <summary>
    /// Creates the sweep and works on it as one of possibly many workers sharing the store (PostgreSQL for several
    /// machines): trials are reserved through the store, so the sweep's limits hold across workers, and other workers
    /// can join with <see cref="JoinAsync"/>.
    /// </summary>
    public Task<SweepResult> RunAsWorkerAsync(ITrialLauncher launcher, WorkerOptions worker, CancellationToken cancellationToken = default)
    {
        CheckWorker(worker);
        return WithStoreAsync(async store =>
        {
            var (record, plan) = await CreateAsync(store, cancellationToken).ConfigureAwait(false);
            foreach (var trial in plan.Queue)
            {
                // Any worker may run them: they go to the store as queued trials rather than to this worker's queue.
                await store.CreateTrialAsync(record.Id, trial.Parameters, TimeProvider.GetUtcNow(), trial.Origin, cancellationToken).ConfigureAwait(false);
            }

            return await RunSharedAsync(store, record, launcher, plan with { Queue = [] }, worker, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Works on a running shared sweep alongside its other workers, until it ends (or this worker is stopped, which
    /// hands its running trials back to the others). Also resumes a shared sweep none of whose workers is left.
    /// </summary>
    public Task<SweepResult> JoinAsync(long sweepId, ITrialLauncher launcher, WorkerOptions worker, CancellationToken cancellationToken = default)
    {
        CheckWorker(worker);
        return WithStoreAsync(async store =>
        {
            var record = await RequireSweepAsync(store, sweepId, cancellationToken).ConfigureAwait(false);
            if (record.State != SweepState.Running)
            {
                throw new SweepSpecException([("sweep", $"sweep '{record.Name}' (id {record.Id}) has ended ({record.State.ToString().ToLowerInvariant()}: {record.Message}); there is nothing to join")]);
            }

            var plan = await WarmStartPlanAsync(store, record, cancellationToken).ConfigureAwait(false);
            return await RunSharedAsync(store, record, launcher, plan, worker, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>Records the sweep, with what it learns from (<c>resume_from</c>) and the trials it resumes first (<c>resume_child_runs</c>).</summary>
    private async Task<(SweepRecord Record, SweepPlan Plan)> CreateAsync(ISweepStore store, CancellationToken cancellationToken)
    {
        var (warmIds, warmTrials, warmSeries) = await WarmStart.LoadAsync(store, Spec, Spec.ResumeFrom, cancellationToken).ConfigureAwait(false);
        var resumed = await WarmStart.ResolveTrialsToResumeAsync(store, Spec, Spec.ResumeChildRuns, "resume_child_runs", cancellationToken).ConfigureAwait(false);
        var record = await store.CreateSweepAsync(new NewSweep
        {
            Name = Spec.EffectiveName,
            Spec = Spec.SourceText ?? SweepFileWriter.Write(Spec),
            SpecPath = Spec.SourcePath,
            Objective = Spec.Objective,
            SecondaryObjectives = Spec.SecondaryObjectives,
            Constraints = Spec.Constraints,
            Sampler = Spec.Sampling.Name,
            Policy = Spec.EarlyTermination?.Type,
            Seed = Spec.Sampling.Seed ?? SeedMixer.NewSeed(),
            CreatedAt = TimeProvider.GetUtcNow(),
            WarmStart = warmIds,
        }, cancellationToken).ConfigureAwait(false);
        // The trials it resumes, then the configurations it was asked to try first (initial_trials).
        return (record, new SweepPlan { WarmStart = warmTrials, WarmStartSeries = warmSeries, Queue = [.. resumed, .. Spec.InitialTrials.Select(p => new PlannedTrial(p))] });
    }

    private Task<SweepResult> RunSharedAsync(ISweepStore store, SweepRecord record, ITrialLauncher launcher, SweepPlan plan, WorkerOptions worker, CancellationToken cancellationToken) =>
        new SweepRunner(Spec, record, store, launcher, CreateSampler(record), TimeProvider, OnUpdate, plan, worker).RunAsync(cancellationToken);

    private static void CheckWorker(WorkerOptions worker)
    {
        var problems = worker.Check();
        if (problems.Count > 0)
        {
            throw new SweepSpecException(problems);
        }
    }

    /// <summary>Marks a recorded sweep Running again and runs it (the caller holds its lock).</summary>
    private async Task<SweepResult> ReopenAndRunAsync(ISweepStore store, long sweepId, ITrialLauncher launcher, SweepPlan plan, CancellationToken cancellationToken)
    {
        await store.ReopenSweepAsync(sweepId, cancellationToken).ConfigureAwait(false);
        var record = await RequireSweepAsync(store, sweepId, cancellationToken).ConfigureAwait(false);
        return await RunLockedAsync(store, record, launcher, plan, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SweepResult> RunLockedAsync(ISweepStore store, SweepRecord record, ITrialLauncher launcher, SweepPlan plan, CancellationToken cancellationToken)
    {
        await store.ClaimSweepAsync(record.Id, Environment.ProcessId, Environment.MachineName, CancellationToken.None).ConfigureAwait(false);
        var runner = new SweepRunner(Spec, record, store, launcher, CreateSampler(record), TimeProvider, OnUpdate, plan);
        return await runner.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private ISampler CreateSampler(SweepRecord record) => Sampler ?? Spec.Sampling.CreateSampler(record.Seed, [.. Spec.Objectives.Select(o => o.Goal)], Spec.Constraints);

    /// <summary>What a recorded sweep learns from: the trials and metric series of the sweeps it was warm-started from.</summary>
    private async Task<SweepPlan> WarmStartPlanAsync(ISweepStore store, SweepRecord record, CancellationToken cancellationToken)
    {
        var (_, trials, series) = await WarmStart.LoadAsync(store, Spec, record.WarmStart.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
        return new SweepPlan { WarmStart = trials, WarmStartSeries = series };
    }

    private static async Task<SweepRecord> RequireSweepAsync(ISweepStore store, long sweepId, CancellationToken cancellationToken) =>
        await store.GetSweepAsync(sweepId, cancellationToken).ConfigureAwait(false)
            ?? throw new SweepStoreException($"The store {store.Location} has no sweep with id {sweepId}.");

    /// <summary>Runs <paramref name="work"/> on <see cref="Store"/>, or on the default SQLite store, opened for it and closed after.</summary>
    private async Task<SweepResult> WithStoreAsync(Func<ISweepStore, Task<SweepResult>> work)
    {
        var store = Store ?? await SweepStores.OpenAsync(null, create: true).ConfigureAwait(false);
        try
        {
            if (store.ReadOnlyReason is { } why)
            {
                throw new SweepStoreException($"The store {store.Location} is read-only ({why}): running or resuming a sweep writes to it. Read it with sweeps, trials, best or report, or use a store that can be written.");
            }

            return await work(store).ConfigureAwait(false);
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
