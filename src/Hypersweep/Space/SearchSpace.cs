using System.Collections;
using System.Text.RegularExpressions;

namespace Hypersweep.Space;

/// <summary>
/// The named hyperparameters of a sweep and their distributions, in the order they were declared
/// (which is the order of vector coordinates for Sobol and Bayesian sampling and of grid enumeration).
/// <para>
/// A space may be conditional: a parameter added with a <see cref="ParameterCondition"/> exists only while a
/// <c>choice</c> parameter declared before it is active and has a given value (<c>momentum</c> only when
/// <c>optimizer</c> is <c>sgd</c>), to any depth. The space stays a flat list, parents before their children, with
/// names unique over the whole tree, so a trial's parameters are a plain name → value set in which an inactive
/// parameter is simply absent, and every sampler that maps the unit cube through <see cref="FromUnit"/> (random,
/// Sobol) draws the tree correctly: a coordinate of an inactive parameter is ignored.
/// </para>
/// </summary>
public sealed partial class SearchSpace : IReadOnlyList<KeyValuePair<string, Distribution>>
{
    private readonly List<KeyValuePair<string, Distribution>> _parameters = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<ParameterCondition?> _conditions = [];

    /// <summary>Creates an empty space; add parameters with <see cref="Add(string, Distribution)"/> or a collection initializer.</summary>
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

    /// <summary>Adds a parameter that always exists.</summary>
    /// <exception cref="ArgumentException">The name is not a valid parameter name or is already used.</exception>
    public void Add(string name, Distribution distribution) => Add(name, distribution, null);

    /// <summary>
    /// Adds a parameter that exists only under <paramref name="condition"/> (always, when it is null). The condition's
    /// parent must already be in the space, be a <c>choice</c>, and offer the condition's value.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid parameter name or is already used, or the condition names no earlier choice parameter and one of its values.</exception>
    public void Add(string name, Distribution distribution, ParameterCondition? condition)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        if (condition is not null)
        {
            if (!_index.TryGetValue(condition.Parent, out var parent))
            {
                throw new ArgumentException($"The parameter '{name}' depends on '{condition.Parent}', which is not declared before it.");
            }

            if (_parameters[parent].Value is not ChoiceDistribution choice)
            {
                throw new ArgumentException($"The parameter '{name}' depends on '{condition.Parent}', which is {_parameters[parent].Value}; only a choice parameter can bring other parameters.");
            }

            if (choice.IndexOf(condition.Value) < 0)
            {
                throw new ArgumentException($"The parameter '{name}' depends on '{condition.Parent}' being {condition.Value}, which is not one of its values {choice}.");
            }
        }

        if (!IsValidName(name))
        {
            throw new ArgumentException($"A parameter name must start with a letter or '_' and hold only letters, digits, '_' and '-', got '{name}'.");
        }

        if (!_index.TryAdd(name, _parameters.Count))
        {
            throw new ArgumentException($"The parameter '{name}' is declared twice.");
        }

        _parameters.Add(new(name, distribution));
        _conditions.Add(condition);
    }

    /// <summary>When the parameter exists, or null when it always does.</summary>
    /// <exception cref="KeyNotFoundException">The space has no parameter of that name.</exception>
    public ParameterCondition? ConditionOf(string name) => _conditions[IndexOfOrThrow(name)];

    /// <summary>True when some parameter exists only under a condition.</summary>
    public bool IsConditional => _conditions.Any(c => c is not null);

    /// <summary>
    /// True when the parameter exists for a trial with these parameters: it has no condition, or its parent is active
    /// in them with the condition's value.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The space has no parameter of that name.</exception>
    public bool IsActive(string name, ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var condition = _conditions[IndexOfOrThrow(name)];
        return condition is null
            || (parameters.TryGetValue(condition.Parent, out var value) && value == condition.Value && IsActive(condition.Parent, parameters));
    }

    /// <summary>The parameters that exist under a value of a choice parameter, in declaration order (null: those that always exist).</summary>
    internal IEnumerable<string> ChildrenOf(ParameterCondition? condition)
    {
        for (var i = 0; i < _parameters.Count; i++)
        {
            if (Equals(_conditions[i], condition))
            {
                yield return _parameters[i].Key;
            }
        }
    }

    /// <summary>
    /// The parameter's place in the tree as a sweep file writes it: <c>optimizer</c> for a parameter that always exists,
    /// <c>optimizer.values[0].search_space.momentum</c> for one under the first value of <c>optimizer</c>.
    /// </summary>
    internal string PathOf(string name)
    {
        var condition = ConditionOf(name);
        if (condition is null)
        {
            return name;
        }

        var choice = (ChoiceDistribution)this[condition.Parent];
        return $"{PathOf(condition.Parent)}.values[{choice.IndexOf(condition.Value)}].search_space.{name}";
    }

    private int IndexOfOrThrow(string name) => _index.TryGetValue(name, out var i)
        ? i
        : throw new KeyNotFoundException($"The search space has no parameter '{name}'.");

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

    /// <summary>
    /// Maps a point of the unit cube (one coordinate per parameter, in order) to parameter values. In a conditional
    /// space the set holds the active parameters only: those whose conditions the values before them meet (parents
    /// come before their children, so one pass in order decides); the coordinates of the others are ignored.
    /// </summary>
    public ParameterSet FromUnit(ReadOnlySpan<double> unit)
    {
        if (unit.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} unit coordinates, got {unit.Length}.");
        }

        var values = new List<KeyValuePair<string, ParameterValue>>(Count);
        var chosen = new ParameterValue?[Count];
        for (var i = 0; i < Count; i++)
        {
            if (_conditions[i] is { } condition && chosen[_index[condition.Parent]] != condition.Value)
            {
                continue;
            }

            var value = _parameters[i].Value.FromUnit(unit[i]);
            chosen[i] = value;
            values.Add(new(_parameters[i].Key, value));
        }

        return ParameterSet.OfDistinct(values);
    }

    /// <summary>
    /// Maps parameter values to the unit cube. A parameter that is inactive for these values (absent from them, its
    /// condition not met) maps to 0.5, the middle of its coordinate.
    /// </summary>
    /// <exception cref="KeyNotFoundException">An active parameter has no value.</exception>
    public double[] ToUnit(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var unit = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            var (name, distribution) = _parameters[i];
            unit[i] = !parameters.TryGetValue(name, out _) && !IsActive(name, parameters) ? 0.5 : distribution.ToUnit(parameters[name]);
        }

        return unit;
    }

    /// <summary>A valid parameter name: a letter or '_' followed by letters, digits, '_' or '-'.</summary>
    public static bool IsValidName(string name) => !string.IsNullOrEmpty(name) && NamePattern().IsMatch(name);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, Distribution>> GetEnumerator() => _parameters.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The space in the string form, one parameter per line, a conditional one with its condition: <c>momentum: uniform(0, 0.99) when optimizer = sgd</c>.</summary>
    public override string ToString() => string.Join(Environment.NewLine, _parameters.Select((p, i) => $"{p.Key}: {p.Value}{(_conditions[i] is { } c ? $" when {c}" : string.Empty)}"));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex NamePattern();
}
