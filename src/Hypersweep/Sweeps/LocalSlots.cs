using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.Sampling;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>
/// The slots of a sweep this process runs alone: up to max_concurrent_trials at once, first the planned trials
/// (resumed and retried ones), then the sampler's suggestions until max_total_trials count toward the budget or the
/// sampler has no more points.
/// </summary>
internal sealed class LocalSlots(SweepSpec spec, SweepPlan plan, SweepTrials trials, ISampler sampler) : ITrialSlots
{
    private readonly Queue<PlannedTrial> _queue = new(plan.Queue);
    private bool _exhausted;

    private SweepLimits Limits => spec.Limits;

    /// <inheritdoc />
    public bool IsDone => !(_queue.Count > 0 || CanSample());

    /// <inheritdoc />
    public bool WaitsWhenIdle => false;

    /// <inheritdoc />
    public async Task FillAsync(ISlotHost host)
    {
        var slots = Limits.EffectiveMaxConcurrentTrials;
        while (!host.IsStopping && _queue.Count > 0 && host.Occupied < slots)
        {
            await host.StartTrialAsync(_queue.Dequeue()).ConfigureAwait(false);
        }

        while (!host.IsStopping && CanSample() && host.Occupied < slots)
        {
            var wanted = Math.Min(slots - host.Occupied, Limits.MaxTotalTrials - trials.BudgetUsed);
            var suggestions = sampler.Suggest(spec.SearchSpace, trials.History(), wanted, trials.CurveOf);
            if (suggestions.Count < wanted)
            {
                _exhausted = true;
            }

            foreach (var parameters in suggestions)
            {
                await host.StartTrialAsync(new PlannedTrial(parameters)).ConfigureAwait(false);
                if (host.IsStopping)
                {
                    break;
                }
            }

            if (suggestions.Count == 0)
            {
                break;
            }
        }
    }

    /// <inheritdoc />
    public Task RetryAsync(TrialRecord failed, TrialOrigin origin)
    {
        _queue.Enqueue(new PlannedTrial(failed.Parameters, origin));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public bool NeedsQueuedTrials => true;

    /// <inheritdoc />
    public void AddQueued(TrialRecord queued) => _queue.Enqueue(new PlannedTrial(queued.Parameters, Existing: queued));

    /// <inheritdoc />
    public (SweepEndReason Reason, string Message) EndState()
    {
        if (plan.QueueOnly)
        {
            return (SweepEndReason.ResumedTrialsDone, "the resumed trials have finished");
        }

        return _exhausted
            ? (SweepEndReason.SpaceExhausted, spec.Sampling.Algorithm == SamplingAlgorithm.Grid ? $"the grid is exhausted ({trials.All.Count} points)" : "the sampler has no more points")
            : (SweepEndReason.BudgetUsed, $"max_total_trials ({Limits.MaxTotalTrials}) reached");
    }

    private bool CanSample() => !plan.QueueOnly && !_exhausted && trials.BudgetUsed < Limits.MaxTotalTrials;
}
