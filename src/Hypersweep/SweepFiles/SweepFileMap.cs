using System.Text;
using YamlDotNet.RepresentationModel;

namespace Hypersweep.SweepFiles;

/// <summary>
/// A mapping of names the user chooses (<c>inputs</c>, <c>trial.environment_variables</c>) to text values, described
/// once: every entry is read by the same function; every map is written back alike, a quoted name and value a line.
/// </summary>
/// <param name="path">The map's field path; an entry's is the map's and its name.</param>
/// <param name="holds">What the map holds, for the message when it is not a mapping (e.g. <c>names to values</c>).</param>
/// <param name="readEntry">(reader, name, value node, the entry's field path) to the entry's value, or null after reporting why not.</param>
internal sealed class SweepFileMap(string path, string holds, Func<YamlReader, string, YamlNode, string, string?> readEntry)
{
    /// <summary>The map's field path, e.g. <c>inputs</c>.</summary>
    public string Path => path;

    /// <summary>The entries that could be read (the others are reported), or null after reporting that the node is not a mapping.</summary>
    public Dictionary<string, string>? Read(YamlReader reader, YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            reader.Error(node, path, $"must be a mapping of {holds}");
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var field = $"{path}.{name}";
            reader.Remember(field, valueNode);
            if (readEntry(reader, name, valueNode, field) is { } value)
            {
                values[name] = value;
            }
        }

        return values;
    }

    /// <summary>Writes the entries of a map, one line each, at the given indentation.</summary>
    public static void Write(StringBuilder yaml, string indent, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (name, value) in values)
        {
            yaml.Append(indent).Append(SectionField.Quote(name)).Append(": ").AppendLine(SectionField.Quote(value));
        }
    }

    /// <summary>The entries' lines, not indented, as the value of a field that holds the map.</summary>
    public static string Block(IReadOnlyDictionary<string, string> values) => SectionField.Block((yaml, indent) => Write(yaml, indent, values));
}
