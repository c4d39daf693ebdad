using Hypersweep.Termination;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Termination;

/// <summary>Builds policy contexts from hand-written series: trial i has id i and number i.</summary>
internal static class PolicyTestKit
{
    public static TrialSeries Running(int id, params double[] values) => new(id, id, false, values);

    public static TrialSeries Finished(int id, params double[] values) => new(id, id, true, values);

    /// <summary>Asks the policy about the candidate at its latest interval (if the spec evaluates that interval).</summary>
    public static TerminationDecision? Decide(ITerminationPolicy policy, Goal goal, TrialSeries candidate, params TrialSeries[] others)
    {
        if (!policy.IsEvaluatedAt(candidate.Intervals))
        {
            return null;
        }

        return policy.Decide(new TerminationContext(goal, candidate, candidate.Intervals, [candidate, .. others]));
    }

    /// <summary>Replays series interval by interval as a sweep would (all trials advance together) and returns, per trial, the interval it was stopped at (0 = never).</summary>
    public static int[] Replay(ITerminationPolicy policy, Goal goal, params double[][] series)
    {
        var stopped = new int[series.Length];
        var logged = series.Select(_ => new List<double>()).ToArray();
        var length = series.Max(s => s.Length);
        for (var interval = 1; interval <= length; interval++)
        {
            for (var i = 0; i < series.Length; i++)
            {
                if (stopped[i] != 0 || interval > series[i].Length)
                {
                    continue;
                }

                logged[i].Add(series[i][interval - 1]);
                if (!policy.IsEvaluatedAt(interval))
                {
                    continue;
                }

                var all = logged.Select((l, j) => new TrialSeries(j, j, stopped[j] != 0 || l.Count == series[j].Length, l)).Where(t => t.Intervals > 0).ToList();
                if (policy.Decide(new TerminationContext(goal, all.First(t => t.TrialId == i), interval, all)) is not null)
                {
                    stopped[i] = interval;
                }
            }
        }

        return stopped;
    }
}
