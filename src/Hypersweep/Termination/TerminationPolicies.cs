namespace Hypersweep.Termination;

/// <summary>Creates the policy a spec describes.</summary>
internal static class TerminationPolicies
{
    /// <summary>The policy for the settings.</summary>
    public static ITerminationPolicy Create(EarlyTerminationSpec spec) => spec switch
    {
        BanditSpec b => new BanditPolicy(b),
        MedianStoppingSpec m => new MedianStoppingPolicy(m),
        TruncationSelectionSpec t => new TruncationSelectionPolicy(t),
        AshaSpec a => new AshaPolicy(a),
        HyperbandSpec h => new HyperbandPolicy(h),
        CurvePredictionSpec c => new CurvePredictionPolicy(c),
        _ => throw new ArgumentException($"Unknown early-termination policy {spec.GetType().Name}.", nameof(spec)),
    };
}
