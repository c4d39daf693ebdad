using Hypersweep.Sampling;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>
/// The slots of a worker in a shared sweep: the worker takes trials from the store (queued ones first, else a new
/// one its sampler suggests from the whole sweep's history) while it has room for one more (max_local_trials) and the
/// store says the sweep does (max_concurrent_trials and max_total_trials across all workers). The sweep is done for
/// this worker when the store says it stopped, or when it has no more trials to give and none is running anywhere.
/// </summary>
internal sealed class ReservedSlots(SweepSpec spec, WorkerSession session, SweepTrials trials, ISampler sampler) : ITrialSlots
{
    private SweepLimits Limits => spec.Limits;

    /// <inheritdoc />
    public bool IsDone { get; private set; }

    /// <inheritdoc />
    public bool WaitsWhenIdle => true;

    /// <inheritdoc />
    public async Task FillAsync(ISlotHost host)
    {
        var local = session.Options.MaxLocalTrials ?? Math.Min(Limits.EffectiveMaxConcurrentTrials, Environment.ProcessorCount);
        var limits = new ReservationLimits(Limits.EffectiveMaxConcurrentTrials, Limits.MaxTotalTrials);
        while (!host.IsStopping && host.Occupied < local)
        {
            var reservation = await session.ReserveAsync(limits, SampleOne).ConfigureAwait(false);
            if (reservation.Status != ReservationStatus.Reserved)
            {
                IsDone = reservation.Status == ReservationStatus.SweepStopped || (reservation.Status == ReservationStatus.NoMoreTrials && reservation.Active == 0 && reservation.Queued == 0);
                return;
            }

            var trial = reservation.Trial!;
            if (trial.Number == trials.All.Count)
            {
                trials.Add(trial);
            }
            else if (trial.Number > trials.All.Count)
            {
                // Other workers created trials since the last look: reload them so numbers index the list.
                await session.RefreshAsync(host.Running).ConfigureAwait(false);
            }

            await host.StartTrialAsync(new PlannedTrial(trial.Parameters, Existing: trial)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task RetryAsync(TrialRecord failed, TrialOrigin origin) => session.QueueAsync(failed.Parameters, origin);

    /// <inheritdoc />
    public bool NeedsQueuedTrials => false;

    /// <inheritdoc />
    public void AddQueued(TrialRecord queued) => throw new InvalidOperationException("A shared sweep's workers reserve queued trials from the store.");

    /// <inheritdoc />
    public (SweepEndReason Reason, string Message) EndState() =>
        trials.BudgetUsed >= Limits.MaxTotalTrials
            ? (SweepEndReason.BudgetUsed, $"max_total_trials ({Limits.MaxTotalTrials}) reached")
            : (SweepEndReason.SpaceExhausted, "the sampler has no more points");

    /// <summary>The sampler's next point given the shared sweep's full history (and the warm start), or null when it is exhausted.</summary>
    private ParameterSet? SampleOne(IReadOnlyList<TrialRecord> history) =>
        sampler.Suggest(spec.SearchSpace, trials.WithWarmStart(history), 1, trials.CurveOf) is [var first, ..] ? first : null;
}
