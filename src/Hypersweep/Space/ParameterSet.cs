using System.Collections;
using System.Text;
using System.Text.Json;

namespace Hypersweep.Space;

/// <summary>
/// The hyperparameter values of one trial, by name, in search-space order. Immutable; two sets are equal
/// when they hold equal values under the same names.
/// </summary>
public sealed class ParameterSet : IReadOnlyList<KeyValuePair<string, ParameterValue>>, IEquatable<ParameterSet>
{
    private readonly KeyValuePair<string, ParameterValue>[] _values;

    /// <summary>Creates a set from name/value pairs, kept in the order given.</summary>
    public ParameterSet(IEnumerable<KeyValuePair<string, ParameterValue>> values)
    {
        _values = [.. values];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in _values)
        {
            if (!names.Add(name))
            {
                throw new ArgumentException($"The parameter '{name}' appears twice.");
            }
        }
    }

    private ParameterSet(KeyValuePair<string, ParameterValue>[] values) => _values = values;

    /// <summary>A set from pairs whose names are known to be distinct (a search space's), without checking them again.</summary>
    internal static ParameterSet OfDistinct(List<KeyValuePair<string, ParameterValue>> values) => new(values.ToArray());

    /// <summary>The value of a parameter.</summary>
    public ParameterValue this[string name] => TryGetValue(name, out var v)
        ? v
        : throw new KeyNotFoundException($"The trial has no parameter '{name}'.");

    /// <inheritdoc />
    public KeyValuePair<string, ParameterValue> this[int index] => _values[index];

    /// <inheritdoc />
    public int Count => _values.Length;

    /// <summary>The parameter names in order.</summary>
    public IEnumerable<string> Names => _values.Select(v => v.Key);

    /// <summary>Looks a parameter up by name.</summary>
    public bool TryGetValue(string name, out ParameterValue value)
    {
        foreach (var (n, v) in _values)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The set as a JSON object, e.g. <c>{"lr":0.01,"layers":3}</c>; floats keep a decimal point.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in _values)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a set written by <see cref="ToJson"/>.</summary>
    public static ParameterSet FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new ParameterSet(document.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, ParameterValue>(p.Name, ParameterValue.FromJson(p.Value))));
    }

    /// <summary>A short human-readable form: <c>lr=0.01 layers=3</c>.</summary>
    public override string ToString() => string.Join(" ", _values.Select(v => $"{v.Key}={v.Value}"));

    /// <inheritdoc />
    public bool Equals(ParameterSet? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }

        foreach (var (name, value) in _values)
        {
            if (!other.TryGetValue(name, out var o) || o != value)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ParameterSet);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var (name, value) in _values)
        {
            hash ^= HashCode.Combine(name, value);
        }

        return hash;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, ParameterValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, ParameterValue>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
