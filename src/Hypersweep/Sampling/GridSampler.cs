using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Sampling;

/// <summary>
/// Grid search over <c>choice</c> parameters: every combination exactly once, in a fixed order (the last parameter
/// varies fastest, like nested loops in declaration order). Points already in the history are skipped, so a resumed
/// or warm-started sweep does not repeat them. Exhausted when every point has been suggested.
/// </summary>
public sealed class GridSampler : ISampler
{
    /// <summary>The problems that make a space unusable for grid sampling; empty when it is fine.</summary>
    public static IReadOnlyList<string> Check(SearchSpace space)
    {
        var problems = new List<string>();
        foreach (var (name, distribution) in space)
        {
            if (distribution is not ChoiceDistribution)
            {
                problems.Add($"grid sampling needs choice parameters only; '{name}' is {distribution}. Use choice(...) or random/bayesian sampling.");
            }
        }

        return problems;
    }

    /// <summary>The number of points of the grid.</summary>
    public static long Size(SearchSpace space)
    {
        var size = 1L;
        foreach (var (_, distribution) in space)
        {
            size = checked(size * ((ChoiceDistribution)distribution).Values.Length);
        }

        return size;
    }

    /// <inheritdoc />
    public IReadOnlyList<ParameterSet> Suggest(SearchSpace space, IReadOnlyList<TrialRecord> history, int count)
    {
        var problems = Check(space);
        if (problems.Count > 0)
        {
            throw new ArgumentException(problems[0], nameof(space));
        }

        var seen = history.Select(t => t.Parameters).ToHashSet();
        var result = new List<ParameterSet>(count);
        foreach (var point in Enumerate(space))
        {
            if (result.Count == count)
            {
                break;
            }

            if (seen.Add(point))
            {
                result.Add(point);
            }
        }

        return result;
    }

    /// <summary>Every point of the grid, lazily, in grid order.</summary>
    public static IEnumerable<ParameterSet> Enumerate(SearchSpace space)
    {
        var choices = space.Select(p => ((ChoiceDistribution)p.Value).Values).ToArray();
        var index = new int[choices.Length];
        while (true)
        {
            var values = new KeyValuePair<string, ParameterValue>[choices.Length];
            for (var d = 0; d < choices.Length; d++)
            {
                values[d] = new(space[d].Key, choices[d][index[d]]);
            }

            yield return new ParameterSet(values);
            var k = choices.Length - 1;
            while (k >= 0 && ++index[k] == choices[k].Length)
            {
                index[k] = 0;
                k--;
            }

            if (k < 0)
            {
                yield break;
            }
        }
    }
}
