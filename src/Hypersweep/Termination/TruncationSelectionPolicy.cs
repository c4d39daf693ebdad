using System.Globalization;
using Hypersweep.Trials;

namespace Hypersweep.Termination;

/// <summary>
/// Truncation selection (HyperDrive): at an evaluated interval N, the trials that reached N are ranked by their value
/// at N; a trial in the lowest truncation_percentage of them is stopped. The number truncated is
/// floor(count * percentage / 100), so nothing is stopped while too few trials have reached N; a trial tied with
/// better ones is not in the lowest part. With exclude_finished_jobs, finished trials are left out of the ranking.
/// </summary>
internal sealed class TruncationSelectionPolicy(TruncationSelectionSpec spec) : ITerminationPolicy
{
    /// <inheritdoc />
    public EarlyTerminationSpec Spec => spec;

    /// <inheritdoc />
    public bool IsEvaluatedAt(int interval) => spec.IsEvaluatedAt(interval);

    /// <inheritdoc />
    public TerminationDecision? Decide(TerminationContext context)
    {
        var n = context.Interval;
        var goal = context.Goal;
        var ranked = context.ReachedInterval
            .Where(t => !spec.ExcludeFinishedJobs || !t.IsFinished || t.TrialId == context.Candidate.TrialId)
            .ToList();
        var cut = ranked.Count * spec.TruncationPercentage / 100;
        if (cut == 0)
        {
            return null;
        }

        var own = context.Candidate.At(n);
        // Trials other than the candidate that are no better than it: the candidate is in the lowest `cut` only when
        // fewer than `cut` others are at or below it.
        var atOrBelow = ranked.Count(t => t.TrialId != context.Candidate.TrialId && !Comparison.IsWorse(goal, own, t.At(n)));
        if (!double.IsNaN(own) && atOrBelow >= cut)
        {
            return null;
        }

        var threshold = ranked.Select(t => t.At(n)).Where(v => !double.IsNaN(v)).OrderBy(v => goal == Goal.Maximize ? v : -v).ElementAtOrDefault(cut);
        return new TerminationDecision(
            "truncation_selection",
            n,
            own,
            threshold,
            $"its value {F(own)} is in the lowest {spec.TruncationPercentage}% ({cut} of {ranked.Count} trials) at that interval");
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
