using Hypersweep.Launching;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>A trial this scheduler has started and not yet seen end: its newest record, its execution and what is not yet recorded.</summary>
internal sealed class ActiveTrial(TrialRecord record, ITrialExecution execution)
{
    /// <summary>The newest record, with the value and intervals of the metrics received so far.</summary>
    public TrialRecord Record { get; set; } = record;

    /// <summary>The running trial.</summary>
    public ITrialExecution Execution { get; } = execution;

    /// <summary>Metric values received and not yet written to the store.</summary>
    public List<MetricPoint> Pending { get; } = [];

    /// <summary>The state and message it ends with, once the scheduler has asked it to stop.</summary>
    public (TrialState State, string? Message)? StopRequest { get; set; }

    /// <summary>Its trial_timeout timer, if any.</summary>
    public ITimer? Timer { get; set; }

    /// <summary>True once another worker has re-queued the trial: nothing more of this attempt is recorded.</summary>
    public bool Lost { get; set; }
}
