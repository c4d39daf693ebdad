using Hypersweep.Metrics;
using YamlDotNet.RepresentationModel;

namespace Hypersweep.SweepFiles;

/// <summary>The <c>trial</c> section, the sections below it, and <c>inputs</c>, which its command uses.</summary>
internal static partial class SweepFileSections
{
    /// <summary><c>trial.environment_variables</c>: names (without '=') to plain values.</summary>
    public static readonly SweepFileMap EnvironmentVariables = new("trial.environment_variables", "names to values", (reader, name, node, field) =>
    {
        if (node is YamlScalarNode value && name.Length > 0 && !name.Contains('=', StringComparison.Ordinal))
        {
            return value.Value ?? string.Empty;
        }

        reader.Error(node, field, "must be a name (without '=') with a plain value");
        return null;
    });

    /// <summary>
    /// <c>inputs</c>: the values of <c>${{inputs.NAME}}</c>, each a value or a mapping (<see cref="InputAt"/>); a
    /// local path is made absolute. Written back as the values they give.
    /// </summary>
    public static readonly SweepFileMap Inputs = new("inputs", "input names to values or {type, path}", (reader, name, node, _) =>
    {
        if (node is YamlScalarNode value)
        {
            return value.Value ?? string.Empty;
        }

        var section = InputAt(name);
        var (input, ok) = section.Read(reader, section.Entries(reader, node), new InputSpec(), node);
        return !ok ? null : input.Path is { } path ? reader.LocalPath(path) : input.Value;
    });

    /// <summary>
    /// One entry of <c>inputs</c> given as a mapping: Azure ML's <c>{type, path, mode}</c>, or <c>{value}</c>. A path
    /// that cannot be read is reported and left out, so that a value may still give the input.
    /// </summary>
    public static SweepFileSection<InputSpec> InputAt(string name) => new($"{Inputs.Path}.{name}",
    [
        SectionField.Accepted<InputSpec>("type"),
        new("path", (reader, node, path, input) => input with { Path = reader.String(node, path) }, _ => null),
        SectionField.Accepted<InputSpec>("mode"),
        new("value", (_, node, _, input) => node is YamlScalarNode value ? input with { Value = value.Value ?? string.Empty } : input, _ => null),
    ])
    {
        Check = CheckInput,
    };

    /// <summary>A path must be local; without one, the value is the input.</summary>
    private static InputSpec? CheckInput(InputSpec input, SectionMapping at)
    {
        if (input.Path is { } path && (path.Contains("://", StringComparison.Ordinal) || path.StartsWith("azureml:", StringComparison.Ordinal)))
        {
            at.Error("path", $"must be a local path; remote data ({path}) is not supported here");
            return null;
        }

        if (input.Path is null && input.Value is null)
        {
            at.Error("needs path (a local file or folder) or value");
            return null;
        }

        return input;
    }

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
