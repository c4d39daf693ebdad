using YamlDotNet.RepresentationModel;

namespace Hypersweep.SweepFiles;

/// <summary>
/// Fields set on the command line (<c>run FILE --set limits.max_total_trials=3 --set search_space.lr.max_value=-2</c>)
/// instead of in the file: each replaces (or adds) one field of the file's YAML before it is read, so a value set this
/// way is checked by exactly the rules of the file. The value is YAML too: <c>3</c>, <c>bayesian</c>,
/// <c>"loguniform(-9, -2)"</c>, <c>{type: bayesian, seed: 3}</c>. Nodes set here carry no position in the file, so
/// their errors name the field without a line.
/// </summary>
internal static class SweepFileOverrides
{
    /// <summary>Applies <paramref name="overrides"/> (each <c>FIELD.PATH=VALUE</c>) to the document's root mapping, in order.</summary>
    /// <exception cref="SweepFileException">An override is not FIELD=VALUE, its value is not YAML, or its path runs through a value that is not a mapping.</exception>
    public static void Apply(YamlMappingNode root, IReadOnlyList<string> overrides, string path, ISet<YamlNode> created)
    {
        var errors = new List<SweepFileError>();
        foreach (var item in overrides)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            var fields = equals > 0 ? item[..equals].Split('.') : [];
            if (fields.Length == 0 || fields.Any(f => f.Trim().Length == 0))
            {
                errors.Add(new SweepFileError(path, 0, 0, "--set", $"'{item}' must be FIELD=VALUE, the field a dotted path into the file (e.g. limits.max_total_trials=3)"));
                continue;
            }

            var field = item[..equals];
            if (Value(item[(equals + 1)..]) is not { } value)
            {
                errors.Add(new SweepFileError(path, 0, 0, field, $"the value given with --set is not valid YAML: {item[(equals + 1)..]}"));
                continue;
            }

            var mapping = root;
            for (var i = 0; i < fields.Length - 1 && mapping is not null; i++)
            {
                var key = new YamlScalarNode(fields[i].Trim());
                if (!mapping.Children.TryGetValue(key, out var child))
                {
                    child = new YamlMappingNode();
                    mapping.Children[key] = child;
                    created.Add(key);
                    created.Add(child);
                }

                if (child is not YamlMappingNode next)
                {
                    errors.Add(new SweepFileError(path, (int)child.Start.Line, (int)child.Start.Column, string.Join('.', fields.Take(i + 1)), $"is not a mapping in the file, so --set {field} cannot set a field inside it"));
                }

                mapping = child as YamlMappingNode;
            }

            if (mapping is not null)
            {
                var key = new YamlScalarNode(fields[^1].Trim());
                mapping.Children.Remove(key);
                mapping.Children[key] = value;
                created.Add(key);
                created.UnionWith(value.AllNodes);
            }
        }

        if (errors.Count > 0)
        {
            throw new SweepFileException(path, errors);
        }
    }

    /// <summary>The YAML value of an override, as nodes without a position (so errors do not point at a line of the file); null when it is not YAML.</summary>
    private static YamlNode? Value(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 0 ? new YamlScalarNode(string.Empty) : WithoutPosition(stream.Documents[0].RootNode);
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }

    private static YamlNode WithoutPosition(YamlNode node) => node switch
    {
        YamlMappingNode m => new YamlMappingNode(m.Children.Select(c => new KeyValuePair<YamlNode, YamlNode>(WithoutPosition(c.Key), WithoutPosition(c.Value)))) { Style = m.Style },
        YamlSequenceNode s => new YamlSequenceNode(s.Children.Select(WithoutPosition)) { Style = s.Style },
        YamlScalarNode s => new YamlScalarNode(s.Value) { Style = s.Style },
        _ => node,
    };

    /// <summary>The effective file after overrides, as YAML text (kept as the sweep's spec, so a resume reads what ran), headed by what was set.</summary>
    public static string Text(YamlStream stream, IReadOnlyList<string> overrides)
    {
        var writer = new StringWriter();
        writer.WriteLine($"# the sweep file with --set {string.Join(" --set ", overrides)}");
        stream.Save(writer, assignAnchors: false);
        var lines = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n').ToList();
        if (lines[^1] == "...")
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return string.Join('\n', lines) + "\n";
    }
}
