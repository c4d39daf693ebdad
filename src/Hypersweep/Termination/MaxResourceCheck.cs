namespace Hypersweep.Termination;

/// <summary>
/// Whether a policy's max_resource fits the trials: curve_prediction waits for trials that log max_resource values of
/// the primary metric and ASHA and Hyperband place their rungs up to it, so when full trials log fewer (max_resource
/// 100 for a training loop that reports 30 epochs), curve_prediction never stops a trial and the upper rungs are never
/// reached, silently. Once <see cref="CompletedTrials"/> trials have completed, all of them short of max_resource, the
/// sweep warns (once) with the number they did log.
/// </summary>
internal static class MaxResourceCheck
{
    /// <summary>How many trials must have completed before their lengths count as what a full trial logs.</summary>
    public const int CompletedTrials = 3;

    /// <summary>The warning to give, or null while the completed trials fit (or too few have completed).</summary>
    /// <param name="spec">The sweep's early-termination settings.</param>
    /// <param name="completedIntervals">How many primary-metric values each completed trial logged.</param>
    /// <param name="primaryMetric">The primary metric's name, for the message.</param>
    public static string? Warning(EarlyTerminationSpec spec, IReadOnlyCollection<int> completedIntervals, string primaryMetric)
    {
        var (max, consequence) = spec switch
        {
            CurvePredictionSpec c => (c.MaxResource, "curve_prediction only compares trials with those that reached it, so it will stop none"),
            AshaSpec { MaxResource: { } m } => (m, "ASHA's rungs above that are never reached"),
            HyperbandSpec h => (h.MaxResource, "Hyperband's rungs above that are never reached"),
            _ => (0, string.Empty),
        };
        if (max == 0 || completedIntervals.Count < CompletedTrials || completedIntervals.Any(n => n >= max))
        {
            return null;
        }

        var longest = completedIntervals.Max();
        return $"early_termination.max_resource is {max}, but the {completedIntervals.Count} trials that completed logged at most {longest} values of {primaryMetric}: {consequence}; set max_resource to the number of values a full trial logs ({longest}, if these trials ran in full)";
    }
}
