using System.Collections;
using System.Text.RegularExpressions;

namespace Hypersweep.Space;

/// <summary>
/// The named hyperparameters of a sweep and their distributions, in the order they were declared
/// (which is the order of vector coordinates for Sobol and Bayesian sampling and of grid enumeration).
/// </summary>
public sealed partial class SearchSpace : IReadOnlyList<KeyValuePair<string, Distribution>>
{
    private readonly List<KeyValuePair<string, Distribution>> _parameters = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Creates an empty space; add parameters with <see cref="Add"/> or a collection initializer.</summary>
    public SearchSpace()
    {
    }

    /// <summary>Creates a space from name/distribution pairs.</summary>
    public SearchSpace(IEnumerable<KeyValuePair<string, Distribution>> parameters)
    {
        foreach (var (name, distribution) in parameters)
        {
            Add(name, distribution);
        }
    }

    /// <summary>Adds a parameter.</summary>
    /// <exception cref="ArgumentException">The name is not a valid parameter name or is already used.</exception>
    public void Add(string name, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        if (!IsValidName(name))
        {
            throw new ArgumentException($"A parameter name must start with a letter or '_' and hold only letters, digits, '_' and '-', got '{name}'.");
        }

        if (!_index.TryAdd(name, _parameters.Count))
        {
            throw new ArgumentException($"The parameter '{name}' is declared twice.");
        }

        _parameters.Add(new(name, distribution));
    }

    /// <summary>The distribution of a parameter.</summary>
    public Distribution this[string name] => _index.TryGetValue(name, out var i)
        ? _parameters[i].Value
        : throw new KeyNotFoundException($"The search space has no parameter '{name}'.");

    /// <inheritdoc />
    public KeyValuePair<string, Distribution> this[int index] => _parameters[index];

    /// <summary>The number of parameters (the dimension of the unit cube).</summary>
    public int Count => _parameters.Count;

    /// <summary>The parameter names in declaration order.</summary>
    public IEnumerable<string> Names => _parameters.Select(p => p.Key);

    /// <summary>True when the space has a parameter of that name.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>The position of a parameter, or -1.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Maps a point of the unit cube (one coordinate per parameter, in order) to parameter values.</summary>
    public ParameterSet FromUnit(ReadOnlySpan<double> unit)
    {
        if (unit.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} unit coordinates, got {unit.Length}.");
        }

        var values = new ParameterValue[Count];
        for (var i = 0; i < Count; i++)
        {
            values[i] = _parameters[i].Value.FromUnit(unit[i]);
        }

        return new ParameterSet(this, values);
    }

    /// <summary>Maps parameter values to the unit cube.</summary>
    public double[] ToUnit(ParameterSet parameters)
    {
        var unit = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            var (name, distribution) = _parameters[i];
            unit[i] = distribution.ToUnit(parameters[name]);
        }

        return unit;
    }

    /// <summary>A valid parameter name: a letter or '_' followed by letters, digits, '_' or '-'.</summary>
    public static bool IsValidName(string name) => !string.IsNullOrEmpty(name) && NamePattern().IsMatch(name);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, Distribution>> GetEnumerator() => _parameters.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The space in the string form, one parameter per line.</summary>
    public override string ToString() => string.Join(Environment.NewLine, _parameters.Select(p => $"{p.Key}: {p.Value}"));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex NamePattern();
}
