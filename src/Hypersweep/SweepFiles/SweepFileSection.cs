using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Hypersweep.SweepFiles;

/// <summary>
/// One field of a sweep-file section: its name, how its YAML value is read into the section's record (reporting any
/// problem at its line and returning null), and how the record's value is written back (null: left out, the default).
/// </summary>
/// <typeparam name="T">The record the section reads into.</typeparam>
/// <param name="Name">The field's key.</param>
/// <param name="Read">(reader, value node, full field path, record so far) to the record with the field set, or null after an error.</param>
/// <param name="Write">The field's YAML value for a record, or null to leave it out.</param>
internal sealed record SectionField<T>(string Name, Func<YamlReader, YamlNode, string, T, T?> Read, Func<T, string?> Write)
    where T : class
{
    /// <summary>When the field must be given: what is expected, for the "is required" message; null when it may be left out.</summary>
    public string? Required { get; init; }
}

/// <summary>
/// A mapping section of a sweep file (<c>limits</c>, <c>trial.launcher</c>, ...), described once: reading
/// (<see cref="SweepFile"/>), validation of its keys (unknown ones are reported with the allowed ones) and writing
/// (<see cref="SweepFileWriter"/>) all go through the same list of fields, so a new field is one entry here.
/// </summary>
/// <typeparam name="T">The record the section reads into.</typeparam>
internal sealed class SweepFileSection<T>(string path, IReadOnlyList<SectionField<T>> fields, IReadOnlyList<string>? otherKeys = null)
    where T : class
{
    /// <summary>The section's field path, e.g. <c>limits</c>.</summary>
    public string Path => path;

    /// <summary>Every key the section allows, in the order they are written.</summary>
    public IReadOnlyList<string> Keys { get; } = [.. otherKeys ?? [], .. fields.Select(f => f.Name)];

    /// <summary>The section's entries (unknown keys reported), for readers that look at a key before the fields.</summary>
    public Dictionary<string, (YamlNode Key, YamlNode Value)> Entries(YamlReader reader, YamlNode node, Action<string, YamlNode>? onUnknown = null) =>
        reader.Mapping(node, path, Keys, onUnknown);

    /// <summary>
    /// Reads the fields present in <paramref name="entries"/> into <paramref name="initial"/> and reports required ones
    /// missing from the mapping <paramref name="node"/>; Ok is false when a field could not be read or is missing.
    /// </summary>
    public (T Value, bool Ok) Read(YamlReader reader, Dictionary<string, (YamlNode Key, YamlNode Value)> entries, T initial, YamlNode? node = null)
    {
        var value = initial;
        var ok = true;
        foreach (var field in fields)
        {
            if (entries.TryGetValue(field.Name, out var entry))
            {
                if (field.Read(reader, entry.Value, $"{path}.{field.Name}", value) is { } next)
                {
                    value = next;
                }
                else
                {
                    ok = false;
                }
            }
            else if (field.Required is { } expected)
            {
                ok = false;
                if (node is YamlMappingNode)
                {
                    reader.Error(node, $"{path}.{field.Name}", $"is required: {expected}");
                }
            }
        }

        return (value, ok);
    }

    /// <summary>Writes the fields that have a value, one line each, at the given indentation.</summary>
    public void Write(StringBuilder yaml, string indent, T value)
    {
        foreach (var field in fields)
        {
            if (field.Write(value) is { } text)
            {
                yaml.Append(indent).Append(field.Name).Append(": ").AppendLine(text);
            }
        }
    }
}

/// <summary>The kinds of field sections are made of.</summary>
internal static class SectionField
{
    /// <summary>A whole number (within int's range) that <paramref name="get"/> gives back for writing (null: left out).</summary>
    public static SectionField<T> Integer<T>(string name, Func<T, int?> get, Func<T, int, T> set)
        where T : class =>
        new(name, (reader, node, path, current) => reader.Integer(node, path) is { } n ? set(current, (int)Math.Clamp(n, int.MinValue, int.MaxValue)) : null,
            value => get(value)?.ToString(CultureInfo.InvariantCulture));

    /// <summary>A number that <paramref name="get"/> gives back for writing (null: left out).</summary>
    public static SectionField<T> Real<T>(string name, Func<T, double?> get, Func<T, double, T> set)
        where T : class =>
        new(name, (reader, node, path, current) => reader.Number(node, path) is { } x ? set(current, x) : null,
            value => get(value) is { } x ? Number(x) : null);

    /// <summary>true or false, always written.</summary>
    public static SectionField<T> Boolean<T>(string name, Func<T, bool> get, Func<T, bool, T> set)
        where T : class =>
        new(name, (reader, node, path, current) => reader.Boolean(node, path) is { } b ? set(current, b) : null,
            value => get(value) ? "true" : "false");

    /// <summary>A duration in seconds, checked by <paramref name="problem"/> (null: allowed).</summary>
    public static SectionField<T> Seconds<T>(string name, Func<double, string?> problem, Func<T, TimeSpan?> get, Func<T, TimeSpan, T> set)
        where T : class =>
        new(name, (reader, node, path, current) =>
            {
                if (reader.Number(node, path) is not { } seconds)
                {
                    return null;
                }

                if (problem(seconds) is { } why)
                {
                    reader.Error(node, path, why);
                    return null;
                }

                return set(current, TimeSpan.FromSeconds(Math.Clamp(seconds, -1e9, 1e9)));
            },
            value => get(value) is { } span ? Number(span.TotalSeconds) : null);

    /// <summary>A non-empty scalar kept as its text (so <c>mem: 4G</c> and <c>time: 10</c> both read), written quoted.</summary>
    public static SectionField<T> Text<T>(string name, Func<T, string?> get, Func<T, string, T> set)
        where T : class =>
        new(name, (reader, node, path, current) =>
            {
                if (node is YamlScalarNode { Value: { Length: > 0 } text } scalar && YamlReader.Scalar(scalar) is string or long or double)
                {
                    return set(current, text);
                }

                reader.Error(node, path, $"must be a value, got {YamlReader.Describe(node)}");
                return null;
            },
            value => get(value) is { } text ? Quote(text) : null);

    /// <summary>A number as YAML writes it back exactly.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A string as a quoted YAML (JSON) scalar.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text);
}
