using Hypersweep.Storage;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>Why a sweep stops before its trials run out, and what its running trials become.</summary>
/// <param name="Reason">The sweep's end reason.</param>
/// <param name="Message">The sweep's end message.</param>
/// <param name="TrialState">The state running trials end in (Canceled when null).</param>
/// <param name="TrialMessage">The message running trials end with (the sweep's when null).</param>
internal sealed record SweepStop(SweepEndReason Reason, string Message, TrialState? TrialState = null, string? TrialMessage = null)
{
    /// <summary>
    /// True when only this worker stops (Ctrl+C on a worker of a shared sweep): its running trials go back to the
    /// others and the sweep goes on; false when the sweep itself ends (a limit, a failure, <c>hypersweep cancel</c>).
    /// </summary>
    public bool WorkerLeaves { get; init; }
}
