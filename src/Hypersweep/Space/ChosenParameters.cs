using System.Globalization;

namespace Hypersweep.Space;

/// <summary>
/// A configuration a person chose rather than a sampler (<c>hypersweep enqueue</c>, a sweep file's
/// <c>initial_trials</c>): its values read from text and checked against the search space, so a queued trial can only
/// be one the sampler could have suggested.
/// </summary>
public static class ChosenParameters
{
    /// <summary>
    /// The parameter set of <paramref name="values"/> (name to value as written: <c>0.01</c>, <c>relu</c>), checked against
    /// <paramref name="space"/>: every parameter that exists for these values has one (a conditional one only under its
    /// parent's value), no other is given, and each is a value its expression can produce (within its range; a
    /// quantized one on its grid; a choice one of its values).
    /// </summary>
    /// <exception cref="ArgumentException">Some values do not fit; the message lists every problem, each naming its parameter and what is allowed.</exception>
    public static ParameterSet Parse(SearchSpace space, IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(values);
        var problems = new List<string>();
        var given = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, text) in values)
        {
            named.Add(name);
            if (!space.Contains(name))
            {
                problems.Add($"'{name}' is not a parameter of the search space ({string.Join(", ", space.Names)})");
            }
            else if (given.ContainsKey(name))
            {
                problems.Add($"'{name}' is given twice");
            }
            else if (Read(space[name], text) is { } value)
            {
                given[name] = value;
            }
            else
            {
                problems.Add($"'{name}' = {text} is not a value of {space[name]} ({space[name].SampledRange})");
            }
        }

        var ordered = space.Names.Where(given.ContainsKey).Select(n => new KeyValuePair<string, ParameterValue>(n, given[n])).ToList();
        var set = new ParameterSet(ordered);
        var missing = space.Names.Where(n => !named.Contains(n) && space.IsActive(n, set)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"no value for {string.Join(", ", missing.Select(n => $"'{n}'"))} (every parameter needs one)");
        }

        var inactive = given.Keys.Where(n => !space.IsActive(n, set)).ToList();
        if (inactive.Count > 0)
        {
            problems.Add($"{string.Join(", ", inactive.Select(n => $"'{n}'"))} {(inactive.Count == 1 ? "does" : "do")} not exist for these values (conditional: {string.Join("; ", inactive.Select(n => $"{n} when {space.ConditionOf(n)}"))})");
        }

        return problems.Count == 0 ? set : throw new ArgumentException(string.Join("; ", problems) + ".");
    }

    /// <summary>The value of <paramref name="distribution"/> that <paramref name="text"/> names, or null when it can produce no such value.</summary>
    private static ParameterValue? Read(Distribution distribution, string text)
    {
        text = text.Trim();
        if (distribution is ChoiceDistribution choice)
        {
            var number = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : (double?)null;
            foreach (var v in choice.Values)
            {
                if (string.Equals(v.ToString(), text, StringComparison.Ordinal) || (number is { } x && v.IsNumber && v.AsDouble() == x))
                {
                    return v;
                }
            }

            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
        {
            return null;
        }

        var integral = distribution.FromUnit(0.5).Kind == ParameterKind.Integer;
        if (integral && (d != Math.Round(d) || Math.Abs(d) > long.MaxValue / 2.0))
        {
            return null;
        }

        var value = integral ? ParameterValue.Of((long)d) : ParameterValue.Of(d);

        // The expression maps its unit coordinate back to the value only when it can produce it: ToUnit clamps a value
        // outside the range onto a bound, and a quantized expression (q-types, randint) produces only the points of its
        // grid, as it computes them (round(x / q) * q may differ from the written 0.3 in its last bit: that point is taken).
        var point = distribution.FromUnit(distribution.ToUnit(value));
        var quantized = distribution.Type == "randint" || distribution.Type.StartsWith('q');
        if (Math.Abs(point.AsDouble() - d) > 1e-9 * Math.Max(1, Math.Abs(d)))
        {
            return null;
        }

        return quantized ? point : value;
    }
}
