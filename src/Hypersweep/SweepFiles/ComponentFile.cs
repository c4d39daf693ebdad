using System.Text.RegularExpressions;
using Hypersweep.Space;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hypersweep.SweepFiles;

/// <summary>
/// Azure ML's <c>trial: ./component.yml</c>: the trial is a command component file (<c>command</c>, <c>code</c>,
/// <c>environment</c>, <c>inputs</c> with their defaults), as the Azure ML tutorials write sweeps. Its command refers to
/// its inputs (<c>${{inputs.lr}}</c>); a component input that the sweep's search space samples takes the trial's value,
/// one the sweep's <c>inputs</c> give takes that, and any other its <c>default</c>. Optional parts
/// <c>$[[--flag ${{inputs.x}}]]</c> are kept only when their inputs have values; <c>${{outputs.NAME}}</c> is a folder in
/// the trial's output folder (<see cref="Launching.CommandTemplate"/>). The rest of the file is read as a
/// <c>trial</c> section (<see cref="SweepFileSections.Trial"/>), relative to the component's folder, and its problems
/// are reported in the component file, at their lines.
/// </summary>
internal static partial class ComponentFile
{
    /// <summary>What a component file has beyond a trial section: its identity and its interface.</summary>
    private static readonly string[] ComponentKeys = ["$schema", "name", "display_name", "version", "description", "tags", "is_deterministic", "inputs", "outputs"];

    /// <summary>
    /// Reads the component file that <paramref name="node"/> names (relative to the sweep file) as the trial, with the
    /// component's input defaults added to <paramref name="inputs"/>; null after reporting why it cannot be used.
    /// </summary>
    public static TrialSpec? Read(YamlReader reader, YamlScalarNode node, SearchSpace? space, Dictionary<string, string> inputs)
    {
        var path = reader.LocalPath(node.Value ?? string.Empty);
        YamlMappingNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reader.Error(node, "trial", $"names the component file {path}, which {(e is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : $"cannot be read ({e.Message})")}");
            return null;
        }
        catch (YamlException e)
        {
            reader.Error(node, "trial", $"names the component file {path}, which is not valid YAML at line {e.Start.Line}: {(e.InnerException?.Message ?? e.Message).Trim()}");
            return null;
        }

        if (root is null)
        {
            reader.Error(node, "trial", $"names the component file {path}, which must be a mapping with command (a command component: command, code, environment, inputs)");
            return null;
        }

        var component = new YamlReader(path);
        var declared = ReadInputs(component, root, inputs);
        foreach (var key in ComponentKeys)
        {
            root.Children.Remove(new YamlScalarNode(key));
        }

        if (root.Children.TryGetValue(new YamlScalarNode("command"), out var command) && command is YamlScalarNode { Value: { } text } scalar)
        {
            scalar.Value = Bind(component, scalar, text, space, inputs, declared);
        }

        var section = SweepFileSections.Trial;
        var trial = section.Read(component, section.Entries(component, root), new TrialSpec(component.Folder), root).Value;
        reader.Include(component);
        if (space is not null)
        {
            foreach (var name in space.Names.Where(n => !declared.ContainsKey(n)))
            {
                reader.Error(node, $"search_space.{name}", $"is not an input of the component {path} (its inputs: {(declared.Count == 0 ? "none" : string.Join(", ", declared.Keys))}), so no trial would get its value");
            }
        }

        return trial;
    }

    /// <summary>
    /// The component's <c>inputs</c>: name to whether it has a value without the sweep (a <c>default</c>, or a literal);
    /// defaults the sweep's inputs do not give are added to <paramref name="inputs"/>.
    /// </summary>
    private static Dictionary<string, bool> ReadInputs(YamlReader component, YamlMappingNode root, Dictionary<string, string> inputs)
    {
        var declared = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (!root.Children.TryGetValue(new YamlScalarNode("inputs"), out var node))
        {
            return declared;
        }

        if (node is not YamlMappingNode mapping)
        {
            component.Error(node, "inputs", "must be a mapping of input names to {type, default, optional} or values");
            return declared;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            string? fallback = value switch
            {
                YamlScalarNode literal => literal.Value,
                YamlMappingNode spec when spec.Children.TryGetValue(new YamlScalarNode("default"), out var d) && d is YamlScalarNode s => s.Value,
                _ => null,
            };
            declared[name] = fallback is not null;
            if (fallback is not null)
            {
                inputs.TryAdd(name, fallback);
            }
        }

        return declared;
    }

    /// <summary>
    /// The command with each input the search space samples turned into its search-space placeholder, and each optional
    /// part kept (without its brackets) when every input in it has a value, dropped otherwise.
    /// </summary>
    private static string Bind(YamlReader component, YamlNode node, string command, SearchSpace? space, Dictionary<string, string> inputs, Dictionary<string, bool> declared)
    {
        bool HasValue(string name) => (space?.Contains(name) ?? false) || inputs.ContainsKey(name);
        var bound = Optional().Replace(command, m => InputPlaceholder().Matches(m.Groups["body"].Value).All(p => HasValue(p.Groups["name"].Value)) ? m.Groups["body"].Value : string.Empty);
        bound = InputPlaceholder().Replace(bound, m =>
        {
            var name = m.Groups["name"].Value;
            if (space?.Contains(name) ?? false)
            {
                return $"${{{{search_space.{name}}}}}";
            }

            if (!inputs.ContainsKey(name))
            {
                component.Error(node, "command", declared.ContainsKey(name)
                    ? $"uses ${{{{inputs.{name}}}}}, which has no default: give it in the sweep's search_space or inputs, or mark it optional with $[[...]]"
                    : $"uses ${{{{inputs.{name}}}}}, which the component's inputs do not declare");
            }

            return m.Value;
        });
        return bound;
    }

    [GeneratedRegex(@"\$\[\[(?<body>.*?)\]\]", RegexOptions.Singleline)]
    private static partial Regex Optional();

    [GeneratedRegex(@"\$\{\{\s*inputs\.(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex InputPlaceholder();
}
