namespace Hypersweep.Storage;

/// <summary>The life cycle of a sweep.</summary>
public enum SweepState
{
    /// <summary>A controller is (or was, until it died) running it.</summary>
    Running,
    /// <summary>It ran to its end: the trial budget, the grid or its timeout.</summary>
    Completed,
    /// <summary>The user stopped it (Ctrl+C).</summary>
    Canceled,
    /// <summary>It stopped on an error (too many failed trials, a store failure).</summary>
    Failed,
}
