using Hypersweep.Sweeps;

namespace Hypersweep.Cli.Output;

/// <summary>How a running sweep's progress is shown: live on a terminal (<see cref="LiveView"/>) or as log lines (<see cref="ProgressPrinter"/>).</summary>
internal interface ISweepProgress : IAsyncDisposable
{
    /// <summary>Takes one update of the sweep (called on the scheduler's loop; must not block).</summary>
    void OnUpdate(SweepUpdate update);
}
