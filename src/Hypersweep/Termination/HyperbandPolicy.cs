namespace Hypersweep.Termination;

/// <summary>
/// Hyperband as brackets of ASHA: bracket b (0 = most aggressive) starts its rungs at min_resource * reduction_factor^b.
/// Trials are dealt to brackets by their number, in Hyperband's proportions: bracket b gets
/// ceil((s_max + 1) / (s_max - b + 1) * reduction_factor^(s_max - b)) of every cycle. Each bracket compares its own trials.
/// </summary>
internal sealed class HyperbandPolicy : ITerminationPolicy
{
    private readonly int[] _cycle;
    private readonly AshaPolicy[] _brackets;

    /// <summary>Creates the policy.</summary>
    public HyperbandPolicy(HyperbandSpec spec)
    {
        Spec = spec;
        var sMax = (int)Math.Floor((Math.Log(spec.MaxResource) - Math.Log(spec.MinResource)) / Math.Log(spec.ReductionFactor) + 1e-9);
        var weights = Enumerable.Range(0, sMax + 1)
            .Select(b => (int)Math.Ceiling((sMax + 1.0) / (sMax - b + 1) * Math.Pow(spec.ReductionFactor, sMax - b)))
            .ToArray();
        _cycle = WeightedRoundRobin(weights);
        _brackets = [.. Enumerable.Range(0, sMax + 1).Select(b => new AshaPolicy(
            spec,
            (int)Math.Round(spec.MinResource * Math.Pow(spec.ReductionFactor, b)),
            spec.ReductionFactor,
            spec.MaxResource,
            t => BracketOf(t.Number) == b,
            $"hyperband bracket {b}"))];
    }

    /// <inheritdoc />
    public EarlyTerminationSpec Spec { get; }

    /// <inheritdoc />
    public bool IsEvaluatedAt(int interval) => interval >= 1;

    /// <summary>The number of brackets.</summary>
    public int Brackets => _brackets.Length;

    /// <summary>The bracket a trial belongs to.</summary>
    public int BracketOf(int trialNumber) => _cycle[trialNumber % _cycle.Length];

    /// <inheritdoc />
    public TerminationDecision? Decide(TerminationContext context) => _brackets[BracketOf(context.Candidate.Number)].Decide(context);

    /// <summary>A cycle in which bracket i appears weights[i] times, spread out (smooth weighted round robin).</summary>
    private static int[] WeightedRoundRobin(int[] weights)
    {
        var total = weights.Sum();
        var current = new int[weights.Length];
        var cycle = new int[total];
        for (var k = 0; k < total; k++)
        {
            var pick = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                current[i] += weights[i];
                if (current[i] > current[pick])
                {
                    pick = i;
                }
            }

            current[pick] -= total;
            cycle[k] = pick;
        }

        return cycle;
    }
}
