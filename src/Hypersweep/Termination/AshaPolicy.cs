using System.Globalization;
using Hypersweep.Trials;

namespace Hypersweep.Termination;

/// <summary>
/// Asynchronous successive halving as a stopping rule: at each rung (min_resource * reduction_factor^k intervals) a
/// trial continues only if its best value so far is at least as good as the (1 - 1/reduction_factor) quantile of the
/// other trials' best values at that rung (its competitors); with no competitor yet it continues.
/// </summary>
internal sealed class AshaPolicy : ITerminationPolicy
{
    private readonly Func<TrialSeries, bool> _competes;

    /// <summary>Creates the policy.</summary>
    public AshaPolicy(AshaSpec spec)
        : this(spec, spec.MinResource, spec.ReductionFactor, spec.MaxResource, _ => true, "asha")
    {
    }

    internal AshaPolicy(EarlyTerminationSpec spec, int minResource, double reductionFactor, int? maxResource, Func<TrialSeries, bool> competes, string name)
    {
        Spec = spec;
        MinResource = minResource;
        ReductionFactor = reductionFactor;
        MaxResource = maxResource;
        _competes = competes;
        Name = name;
    }

    /// <inheritdoc />
    public EarlyTerminationSpec Spec { get; }

    /// <inheritdoc />
    public bool IsEvaluatedAt(int interval) => interval >= 1;

    internal int MinResource { get; }

    internal double ReductionFactor { get; }

    internal int? MaxResource { get; }

    internal string Name { get; }

    /// <summary>True when the interval is a rung.</summary>
    public bool IsRung(int interval)
    {
        if (interval < MinResource || (MaxResource is { } max && interval >= max))
        {
            return false;
        }

        for (double r = MinResource; r <= interval; r *= ReductionFactor)
        {
            if ((int)Math.Round(r) == interval)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public TerminationDecision? Decide(TerminationContext context)
    {
        var n = context.Interval;
        if (!IsRung(n))
        {
            return null;
        }

        var goal = context.Goal;
        var competitors = context.ReachedInterval
            .Where(t => t.TrialId != context.Candidate.TrialId && _competes(t))
            .Select(t => t.BestUpTo(n, goal))
            .Where(v => !double.IsNaN(v))
            .Select(v => goal.ToLoss(v))
            .Order()
            .ToList();
        if (competitors.Count == 0)
        {
            return null;
        }

        // In loss terms (lower is better), the cutoff is the 1/reduction_factor quantile of the competitors.
        var cutoffLoss = Quantile(competitors, 1 / ReductionFactor);
        var own = context.Candidate.BestUpTo(n, goal);
        var cutoff = goal.FromLoss(cutoffLoss);
        if (!Comparison.IsWorse(goal, own, cutoff))
        {
            return null;
        }

        return new TerminationDecision(Name, n, own, cutoff, $"its best value {F(own)} is not in the top 1/{F(ReductionFactor)} of the {competitors.Count} other trials at this rung (cutoff {F(cutoff)})");
    }

    /// <summary>The q-quantile of sorted values, interpolating linearly (numpy's default).</summary>
    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
