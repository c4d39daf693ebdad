using Hypersweep.Launching;
using Hypersweep.Launching.Slurm;
using Hypersweep.Metrics;
using YamlDotNet.RepresentationModel;

namespace Hypersweep.SweepFiles;

// The trial section, the sections below it, and inputs, which its command uses.
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

    /// <summary>
    /// <c>trial</c>: how one trial runs (a component file named instead is refused by <see cref="SweepFile"/>); Azure ML's
    /// settings for its own compute are accepted with a warning. <c>type</c> is checked and never written.
    /// </summary>
    public static readonly SweepFileSection<TrialSpec> Trial = new("trial",
    [
        new("command", ReadCommand, t => t.Command is { } command ? SectionField.Quote(command.Text) : null)
        {
            Required = "the command that runs one trial, e.g. python train.py --lr ${{search_space.lr}}",
        },
        new("code", ReadCode, t => SectionField.Quote(t.CodeDirectory)),
        new("environment_variables", (reader, node, _, t) => EnvironmentVariables.Read(reader, node) is { } variables ? t with { EnvironmentVariables = variables } : null,
            t => t.EnvironmentVariables.Count > 0 ? SweepFileMap.Block(t.EnvironmentVariables) : null),
        new("type", ReadTrialType, _ => null),
        new("metrics", ReadMetrics, t => t.RegexMetrics is { } regex ? Metrics.Block(MetricsSpec.Of(regex)) : null),
        SectionField.Integer<TrialSpec>("retries", t => t.Retries > 0 ? t.Retries : null, (t, n) => t with { Retries = n }),
        new("launcher", ReadLauncher, t => t.Slurm is { } slurm ? "type: slurm" + Environment.NewLine + Slurm.Block(slurm) : null),
    ],
    azureOnlyKeys: ["environment", "resources", "distribution", "description", "services", "identity", "compute"]);

    private static TrialSpec? ReadCommand(YamlReader reader, YamlNode node, string path, TrialSpec current)
    {
        if (reader.String(node, path) is not { } text)
        {
            return null;
        }

        try
        {
            return current with { Command = CommandTemplate.Parse(text) };
        }
        catch (FormatException e)
        {
            reader.Error(node, path, e.Message);
            return null;
        }
    }

    private static TrialSpec? ReadCode(YamlReader reader, YamlNode node, string path, TrialSpec current)
    {
        if (reader.String(node, path) is not { } text)
        {
            return null;
        }

        var code = reader.LocalPath(text);
        if (Directory.Exists(code))
        {
            return current with { CodeDirectory = code };
        }

        reader.Error(node, path, $"must be an existing folder (relative to the sweep file), but {code} does not exist");
        return null;
    }

    private static TrialSpec? ReadTrialType(YamlReader reader, YamlNode node, string path, TrialSpec current)
    {
        if ((node as YamlScalarNode)?.Value == "command")
        {
            return current;
        }

        reader.Error(node, path, $"must be command, got {YamlReader.Describe(node)}");
        return null;
    }

    private static TrialSpec? ReadMetrics(YamlReader reader, YamlNode node, string path, TrialSpec current)
    {
        var (metrics, ok) = Metrics.Read(reader, Metrics.Entries(reader, node), new MetricsSpec(), node);
        return ok ? current with { RegexMetrics = metrics.Settings } : null;
    }

    /// <summary>
    /// <c>trial.launcher</c>: <c>local</c> (the default), <c>slurm</c>, or a mapping with <c>type</c> and, for slurm,
    /// the <see cref="Slurm"/> settings.
    /// </summary>
    private static TrialSpec? ReadLauncher(YamlReader reader, YamlNode node, string path, TrialSpec current)
    {
        const string allowedTypes = "local (processes on this machine, the default) or slurm (a Slurm batch job per trial)";
        if (node is YamlScalarNode scalar)
        {
            switch (scalar.Value)
            {
                case "local": return current;
                case "slurm": return current with { Slurm = new SlurmSettings() };
                default:
                    reader.Error(node, path, $"must be {allowedTypes}, or a mapping with type and its settings; got {YamlReader.Describe(node)}");
                    return null;
            }
        }

        var entries = Slurm.Entries(reader, node);
        if (!entries.TryGetValue("type", out var typeEntry))
        {
            reader.Error(node, $"{path}.type", $"is required: {allowedTypes}");
            return null;
        }

        switch ((typeEntry.Value as YamlScalarNode)?.Value)
        {
            case "local":
                var settings = entries.Where(e => e.Key != "type").ToList();
                foreach (var (key, (keyNode, _)) in settings)
                {
                    reader.Error(keyNode, $"{path}.{key}", "applies only to type: slurm");
                }

                return settings.Count == 0 ? current : null;
            case "slurm":
                var (slurm, ok) = Slurm.Read(reader, entries, new SlurmSettings(), node);
                return ok ? current with { Slurm = slurm } : null;
            default:
                reader.Error(typeEntry.Value, $"{path}.type", $"must be {allowedTypes}, got {YamlReader.Describe(typeEntry.Value)}");
                return null;
        }
    }
}
