using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Sampling;

/// <summary>
/// Grid search over <c>choice</c> parameters: every combination exactly once, in a fixed order (the last parameter
/// varies fastest, like nested loops in declaration order). Points already in the history are skipped, so a resumed
/// or warm-started sweep does not repeat them. Exhausted when every point has been suggested.
/// <para>
/// In a conditional space a point is a combination of the parameters active in it: the loop of a parameter runs only
/// where its condition holds, so <c>optimizer: [sgd, adam]</c> with <c>momentum</c> (2 values) under sgd and
/// <c>beta1</c>, <c>beta2</c> (2 values each) under adam has 2 + 2 × 2 = 6 points, not 2 × 2 × 2 × 2.
/// </para>
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
                var at = space.ConditionOf(name) is null ? string.Empty : $" (at search_space.{space.PathOf(name)})";
                problems.Add($"grid sampling needs choice parameters only; '{name}' is {distribution}{at}. Use choice(...) or random/bayesian sampling.");
            }
        }

        return problems;
    }

    /// <summary>The number of points of the grid (in a conditional space, of the combinations of active parameters).</summary>
    public static long Size(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return SizeUnder(space, null);
    }

    /// <summary>The number of combinations of the parameters that exist under a condition (null: the top level) and their descendants.</summary>
    private static long SizeUnder(SearchSpace space, ParameterCondition? condition)
    {
        var size = 1L;
        foreach (var name in space.ChildrenOf(condition))
        {
            var choice = (ChoiceDistribution)space[name];
            var count = 0L;
            foreach (var value in choice.Values)
            {
                count = checked(count + SizeUnder(space, new ParameterCondition(name, value)));
            }

            size = checked(size * count);
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
        ArgumentNullException.ThrowIfNull(space);
        var choices = space.Select(p => ((ChoiceDistribution)p.Value).Values).ToArray();
        var parents = space.Select(p => space.ConditionOf(p.Key) is { } c ? (Index: space.IndexOf(c.Parent), c.Value) : ((int Index, ParameterValue Value)?)null).ToArray();

        // Nested loops in declaration order, odometer style: index[d] is -1 while parameter d is inactive (its loop
        // is skipped); after a parameter changes, the activity of every later one is decided anew.
        var index = new int[choices.Length];
        bool Active(int d) => parents[d] is not { } p || (index[p.Index] >= 0 && choices[p.Index][index[p.Index]] == p.Value);
        void ResetFrom(int start)
        {
            for (var d = start; d < choices.Length; d++)
            {
                index[d] = Active(d) ? 0 : -1;
            }
        }

        ResetFrom(0);
        while (true)
        {
            var values = new List<KeyValuePair<string, ParameterValue>>(choices.Length);
            for (var d = 0; d < choices.Length; d++)
            {
                if (index[d] >= 0)
                {
                    values.Add(new(space[d].Key, choices[d][index[d]]));
                }
            }

            yield return new ParameterSet(values);
            var k = choices.Length - 1;
            while (k >= 0 && (index[k] < 0 || index[k] + 1 == choices[k].Length))
            {
                k--;
            }

            if (k < 0)
            {
                yield break;
            }

            index[k]++;
            ResetFrom(k + 1);
        }
    }
}
