using Hypersweep.Metrics;
using YamlDotNet.RepresentationModel;

namespace Hypersweep.SweepFiles;

/// <summary>The <c>trial</c> section and the sections below it.</summary>
internal static partial class SweepFileSections
{
    /// <summary>
    /// <c>trial.metrics</c>: how metrics are collected from a trial's output. The collector comes first: pattern and
    /// names apply to the regex collector only, and are not read when the collector is unknown.
    /// </summary>
    public static readonly SweepFileSection<MetricsSpec> Metrics = new("trial.metrics",
    [
        new("collector", ReadCollector, m => m.Regex ? "regex" : "protocol") { Selects = true },
        SectionField.String<MetricsSpec>("pattern", m => m.Pattern, (m, pattern) => m with { Pattern = pattern }),
        new("names", ReadMetricNames, m => m.Names is { } names ? SectionField.List(names) : null),
    ])
    {
        Check = CheckMetrics,
    };

    private static MetricsSpec? ReadCollector(YamlReader reader, YamlNode node, string path, MetricsSpec current)
    {
        switch ((node as YamlScalarNode)?.Value)
        {
            case "protocol": return current with { Regex = false };
            case "regex": return current with { Regex = true };
            default:
                reader.Error(node, path, $"must be protocol (metric lines only) or regex (also name=value matches in stdout), got {YamlReader.Describe(node)}");
                return null;
        }
    }

    private static MetricsSpec? ReadMetricNames(YamlReader reader, YamlNode node, string path, MetricsSpec current)
    {
        if (node is YamlSequenceNode names)
        {
            return current with { Names = [.. names.Children.Select(name => (name as YamlScalarNode)?.Value ?? string.Empty)] };
        }

        reader.Error(node, path, "must be a list of metric names");
        return null;
    }

    /// <summary>A pattern is for the regex collector only (reported at its key), and must be one it can use.</summary>
    private static MetricsSpec? CheckMetrics(MetricsSpec metrics, SectionMapping at)
    {
        if (!metrics.Regex)
        {
            if (metrics.Pattern is null)
            {
                return metrics;
            }

            at.ErrorAtKey("pattern", "applies only with collector: regex");
            return null;
        }

        try
        {
            _ = new RegexMetricCollector(metrics.Pattern, metrics.Names);
            return metrics;
        }
        catch (ArgumentException e)
        {
            at.Error("pattern", e.Message);
            return null;
        }
    }
}
