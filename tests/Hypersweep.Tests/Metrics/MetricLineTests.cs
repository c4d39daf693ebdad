using Hypersweep.Client;
using Hypersweep.Metrics;

namespace Hypersweep.Tests.Metrics;

public sealed class MetricLineTests
{
    [Fact]
    public void ClientHelperLine_ParsesBack_ToTheSameMetric()
    {
        var line = HypersweepRun.FormatLine("val \"acc\"", 0.1 + 0.2, 7);

        Assert.True(MetricLine.TryParse(line, out var metric, out var error), error);
        Assert.Equal("val \"acc\"", metric.Name);
        Assert.Equal(0.1 + 0.2, metric.Value);
        Assert.Equal(7, metric.Step);
    }
}
