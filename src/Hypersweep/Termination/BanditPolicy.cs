using System.Globalization;
using Hypersweep.Trials;

namespace Hypersweep.Termination;

/// <summary>
/// Bandit (HyperDrive): at an evaluated interval N, the best value any trial reported at N sets the bar; a trial whose
/// best value so far is worse than best / (1 + slack_factor) (or best - slack_amount) is stopped. When minimizing
/// the bar is best * (1 + slack_factor) (or best + slack_amount). A value exactly at the bar passes.
/// </summary>
internal sealed class BanditPolicy(BanditSpec spec) : ITerminationPolicy
{
    /// <inheritdoc />
    public EarlyTerminationSpec Spec => spec;

    /// <inheritdoc />
    public bool IsEvaluatedAt(int interval) => spec.IsEvaluatedAt(interval);

    /// <inheritdoc />
    public TerminationDecision? Decide(TerminationContext context)
    {
        var goal = context.Goal;
        var n = context.Interval;
        var best = double.NaN;
        foreach (var trial in context.ReachedInterval)
        {
            var v = trial.At(n);
            if (!double.IsNaN(v) && (double.IsNaN(best) || goal.IsBetter(v, best)))
            {
                best = v;
            }
        }

        if (double.IsNaN(best))
        {
            return null;
        }

        double threshold;
        string how;
        if (spec.SlackFactor is { } factor)
        {
            threshold = goal == Goal.Maximize ? best / (1 + factor) : best * (1 + factor);
            how = goal == Goal.Maximize ? $"best {F(best)} / (1 + slack_factor {F(factor)})" : $"best {F(best)} * (1 + slack_factor {F(factor)})";
        }
        else
        {
            var amount = spec.SlackAmount!.Value;
            threshold = goal == Goal.Maximize ? best - amount : best + amount;
            how = goal == Goal.Maximize ? $"best {F(best)} - slack_amount {F(amount)}" : $"best {F(best)} + slack_amount {F(amount)}";
        }

        var own = context.Candidate.BestUpTo(n, goal);
        var fails = Comparison.IsWorse(goal, own, threshold);
        return fails
            ? new TerminationDecision("bandit", n, own, threshold, $"its best value {F(own)} is worse than the threshold {F(threshold)} = {how} at that interval")
            : null;
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
