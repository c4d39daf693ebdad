using Hypersweep.Launching;
using Hypersweep.Metrics;

namespace Hypersweep.Tests.Metrics;

/// <summary>The metric line is written by the helpers a trial uses and read by Hypersweep (the C# client's: MetricLineTests).</summary>
public sealed class MetricPrefixTests
{
    [Fact]
    public void ThePythonHelper_WritesTheLineHypersweepReads()
    {
        var source = PythonHelpers.Files.Single(f => f.Path == "hypersweep.py").Content;

        Assert.Contains($"PREFIX = \"{MetricLine.Prefix}\"", source, StringComparison.Ordinal);
    }
}
