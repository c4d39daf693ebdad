namespace Hypersweep.Trials;

/// <summary>One logged value of a metric.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Value">The value.</param>
/// <param name="Step">The step the program gave, if any.</param>
/// <param name="Time">When it was received.</param>
public sealed record MetricPoint(string Name, double Value, long? Step, DateTimeOffset Time);
