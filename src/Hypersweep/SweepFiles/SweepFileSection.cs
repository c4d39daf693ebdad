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
/// <param name="Write">
/// The field's YAML value for a record: one line, or the lines of a mapping below the field (each ending with a line
/// break, not indented; <see cref="SweepFileSection{T}.Block"/>); null to leave it out.
/// </param>
internal sealed record SectionField<T>(string Name, Func<YamlReader, YamlNode, string, T, T?> Read, Func<T, string?> Write)
    where T : class
{
    /// <summary>When the field must be given: what is expected, for the "is required" message; null when it may be left out.</summary>
    public string? Required { get; init; }

    /// <summary>
    /// Whether the field chooses what the section's other fields mean (<c>trial.metrics.collector</c>): when it cannot
    /// be read, the fields after it are not read and the section is not checked.
    /// </summary>
    public bool Selects { get; init; }
}

/// <summary>
/// A mapping section of a sweep file (<c>limits</c>, <c>trial.launcher</c>, ...), described once: reading
/// (<see cref="SweepFile"/>), validation of its keys (unknown ones are reported with the allowed ones) and writing
/// (<see cref="SweepFileWriter"/>) all go through the same list of fields, so a new field is one entry here.
/// </summary>
/// <typeparam name="T">The record the section reads into.</typeparam>
/// <param name="path">The section's field path.</param>
/// <param name="fields">The fields, in the order they are read and written.</param>
/// <param name="otherKeys">Keys read before the fields by the section's reader (a <c>type</c> that picks the section).</param>
/// <param name="azureOnlyKeys">Keys accepted with a warning that they mean something on Azure ML only.</param>
internal sealed class SweepFileSection<T>(string path, IReadOnlyList<SectionField<T>> fields, IReadOnlyList<string>? otherKeys = null, IReadOnlyList<string>? azureOnlyKeys = null)
    where T : class
{
    /// <summary>The section's field path, e.g. <c>limits</c>.</summary>
    public string Path => path;

    /// <summary>Every key the section allows: the other keys, the fields in the order they are written, the Azure ML-only keys.</summary>
    public IReadOnlyList<string> Keys { get; } = [.. otherKeys ?? [], .. fields.Select(f => f.Name), .. azureOnlyKeys ?? []];

    /// <summary>
    /// A rule across the fields, checked once they are read (even when some could not be): the record, or null after
    /// reporting what breaks the rule.
    /// </summary>
    public Func<T, SectionMapping, T?>? Check { get; init; }

    /// <summary>The section's entries (unknown keys reported), for readers that look at a key before the fields.</summary>
    public Dictionary<string, (YamlNode Key, YamlNode Value)> Entries(YamlReader reader, YamlNode node, Action<string, YamlNode>? onUnknown = null) =>
        reader.Mapping(node, path, Keys, onUnknown, azureOnlyKeys);

    /// <summary>
    /// Reads the fields present in <paramref name="entries"/> into <paramref name="initial"/>, reports the required ones
    /// missing from <paramref name="node"/> (when given) and checks the result; Ok is false when a field could not be
    /// read, is missing or breaks the check.
    /// </summary>
    /// <param name="reader">The reader, which collects the problems.</param>
    /// <param name="entries">The section's entries, from <see cref="Entries"/>.</param>
    /// <param name="initial">The record before any field is read: the defaults.</param>
    /// <param name="node">The section's node: where missing fields and problems of fields not given are reported; null for none.</param>
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
                else if (field.Selects)
                {
                    return (value, false);
                }
                else
                {
                    ok = false;
                }
            }
            else if (field.Required is { } expected && node is not null)
            {
                ok = false;
                reader.Error(node, $"{path}.{field.Name}", $"is required: {expected}");
            }
        }

        if (Check is { } check)
        {
            if (check(value, new SectionMapping(reader, path, node, entries)) is { } checkedValue)
            {
                value = checkedValue;
            }
            else
            {
                ok = false;
            }
        }

        return (value, ok);
    }

    /// <summary>Writes the fields that have a value at the given indentation: one line each, a mapping's lines below its key.</summary>
    public void Write(StringBuilder yaml, string indent, T value)
    {
        foreach (var field in fields)
        {
            switch (field.Write(value))
            {
                case null:
                    break;
                case var block when block.EndsWith(Environment.NewLine, StringComparison.Ordinal):
                    yaml.Append(indent).Append(field.Name).AppendLine(":");
                    foreach (var line in block.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
                    {
                        yaml.Append(indent).Append("  ").AppendLine(line);
                    }

                    break;
                case var text:
                    yaml.Append(indent).Append(field.Name).Append(": ").AppendLine(text);
                    break;
            }
        }
    }

    /// <summary>The section's lines, not indented, as the value of a field that holds it.</summary>
    public string Block(T value) => SectionField.Block((yaml, indent) => Write(yaml, indent, value));
}

/// <summary>
/// A section's mapping as read, for its check across fields: a field's problem is reported at the field's value (or key),
/// or at the section when the field is not given.
/// </summary>
internal sealed class SectionMapping(YamlReader reader, string path, YamlNode? node, Dictionary<string, (YamlNode Key, YamlNode Value)> entries)
{
    /// <summary>A problem of the section as a whole, at its start.</summary>
    public void Error(string message) => reader.Error(node, path, message);

    /// <summary>A problem of a field's value.</summary>
    public void Error(string field, string message) =>
        reader.Error(entries.TryGetValue(field, out var entry) ? entry.Value : node, $"{path}.{field}", message);

    /// <summary>A problem of a field being there at all, at its key.</summary>
    public void ErrorAtKey(string field, string message) =>
        reader.Error(entries.TryGetValue(field, out var entry) ? entry.Key : node, $"{path}.{field}", message);
}

/// <summary>The kinds of field sections are made of.</summary>
internal static class SectionField
{
    /// <summary>A whole number (within int's range) that <paramref name="get"/> gives back for writing (null: left out).</summary>
    public static SectionField<T> Integer<T>(string name, Func<T, int?> get, Func<T, int, T> set)
        where T : class =>
        new(name, (reader, node, path, current) => reader.Integer(node, path) is { } n ? set(current, (int)Math.Clamp(n, int.MinValue, int.MaxValue)) : null,
            value => get(value)?.ToString(CultureInfo.InvariantCulture));

    /// <summary>A non-empty string that <paramref name="get"/> gives back for writing, quoted (null: left out).</summary>
    public static SectionField<T> String<T>(string name, Func<T, string?> get, Func<T, string, T> set)
        where T : class =>
        new(name, (reader, node, path, current) => reader.String(node, path) is { } text ? set(current, text) : null,
            value => get(value) is { } text ? Quote(text) : null);

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

    /// <summary>Accepted as Azure ML writes it, but neither checked nor written (an input's <c>type</c>).</summary>
    public static SectionField<T> Accepted<T>(string name)
        where T : class =>
        new(name, (_, _, _, current) => current, _ => null);

    /// <summary>What <paramref name="write"/> writes at no indentation: the lines of a mapping below a field.</summary>
    public static string Block(Action<StringBuilder, string> write)
    {
        var yaml = new StringBuilder();
        write(yaml, string.Empty);
        return yaml.ToString();
    }

    /// <summary>A number as YAML writes it back exactly.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A string as a quoted YAML (JSON) scalar.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text);

    /// <summary>Strings as a YAML flow list of quoted scalars.</summary>
    public static string List(IEnumerable<string> items) => $"[{string.Join(", ", items.Select(Quote))}]";
}
