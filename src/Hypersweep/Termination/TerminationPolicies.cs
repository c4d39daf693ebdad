namespace Hypersweep.Termination;

/// <summary>Creates the policy a spec describes.</summary>
public static class TerminationPolicies
{
    /// <summary>The policy for the settings.</summary>
    public static ITerminationPolicy Create(EarlyTerminationSpec spec) => spec switch
    {
        BanditSpec b => new BanditPolicy(b),
        MedianStoppingSpec m => new MedianStoppingPolicy(m),
        TruncationSelectionSpec t => new TruncationSelectionPolicy(t),
        AshaSpec a => new AshaPolicy(a),
        HyperbandSpec h => new HyperbandPolicy(h),
        _ => throw new ArgumentException($"Unknown early-termination policy {spec.GetType().Name}.", nameof(spec)),
    };

    /// <summary>True when the policy should be asked at this interval: HyperDrive's evaluation_interval and delay_evaluation for its policies; every interval for ASHA and Hyperband, which pick their rungs themselves.</summary>
    public static bool IsEvaluatedAt(this ITerminationPolicy policy, int interval) => policy is AshaPolicy or HyperbandPolicy ? interval >= 1 : policy.Spec.IsEvaluatedAt(interval);
}
