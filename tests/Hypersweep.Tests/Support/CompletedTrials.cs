using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Support;

/// <summary>Histories of completed trials for sampler tests.</summary>
internal static class CompletedTrials
{
    /// <summary>One completed trial per point, in order, valued by <paramref name="value"/>.</summary>
    public static List<TrialRecord> Of(IEnumerable<ParameterSet> points, Func<ParameterSet, double> value) =>
        [.. points.Select((p, i) => new TrialRecord
        {
            Id = i + 1,
            SweepId = 1,
            Number = i,
            Parameters = p,
            State = TrialState.Completed,
            CreatedAt = DateTimeOffset.UnixEpoch,
            Value = value(p),
            Intervals = 1,
        })];
}
