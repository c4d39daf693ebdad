using Hypersweep.Launching;
using Hypersweep.Metrics;

namespace Hypersweep.Tests.Support;

/// <summary>Records what a launcher reports for a trial; safe to read while the trial still reports.</summary>
internal sealed class RecordingObserver : ITrialObserver
{
    private readonly List<ReportedMetric> _metrics = [];
    private readonly List<string> _warnings = [];

    /// <summary>The metric values reported so far, in order.</summary>
    public IReadOnlyList<ReportedMetric> Metrics
    {
        get
        {
            lock (_metrics)
            {
                return [.. _metrics];
            }
        }
    }

    /// <summary>The values of <see cref="Metrics"/>.</summary>
    public IReadOnlyList<double> Values => [.. Metrics.Select(m => m.Value)];

    /// <summary>The warnings so far, in order.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_warnings)
            {
                return [.. _warnings];
            }
        }
    }

    /// <summary>Waits up to 15 s for <paramref name="count"/> metric values, and fails the test when they do not come.</summary>
    public async Task WaitForAsync(int count)
    {
        for (var i = 0; i < 300 && Values.Count < count; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(Values.Count >= count, $"only {Values.Count} metric values arrived while the job ran");
    }

    public void OnMetric(ReportedMetric metric)
    {
        lock (_metrics)
        {
            _metrics.Add(metric);
        }
    }

    public Task<bool> OnMetricAcknowledgedAsync(ReportedMetric metric)
    {
        OnMetric(metric);
        return Task.FromResult(false);
    }

    public void OnWarning(string message)
    {
        lock (_warnings)
        {
            _warnings.Add(message);
        }
    }
}
