using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Sampling;

/// <summary>Builds the trial history a sampler sees.</summary>
internal static class History
{
    /// <summary>Trials 0, 1, ... with these parameters, in this order.</summary>
    public static List<TrialRecord> Of(IEnumerable<ParameterSet> parameters, TrialState state = TrialState.Completed) =>
        [.. parameters.Select((p, i) => Trial(i, p, state))];

    /// <summary>One trial record.</summary>
    public static TrialRecord Trial(int number, ParameterSet parameters, TrialState state = TrialState.Completed) => new()
    {
        Id = 1000 + number,
        SweepId = 1,
        Number = number,
        Parameters = parameters,
        State = state,
        CreatedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(number),
        Value = number,
    };

    /// <summary>A unit-cube space of <paramref name="dimensions"/> uniform(0, 1) parameters p0, p1, ...</summary>
    public static SearchSpace UnitCube(int dimensions)
    {
        var space = new SearchSpace();
        for (var d = 0; d < dimensions; d++)
        {
            space.Add($"p{d}", Distributions.Uniform(0, 1));
        }

        return space;
    }

    /// <summary>The coordinates of suggested points of a <see cref="UnitCube"/> space.</summary>
    public static double[][] Coordinates(IEnumerable<ParameterSet> points) =>
        [.. points.Select(p => p.Select(kv => kv.Value.AsDouble()).ToArray())];
}
