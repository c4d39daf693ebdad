using Hypersweep.Launching;

namespace Hypersweep.SweepFiles;

/// <summary><c>trial.metrics</c> as read: the collector, and for the regex collector its pattern and metric names.</summary>
/// <param name="Regex">True for <c>collector: regex</c>, false for <c>protocol</c> (metric lines only, the default).</param>
/// <param name="Pattern">The regular expression, or null for the default <c>name=value</c> one.</param>
/// <param name="Names">When given, only these metric names are collected.</param>
internal sealed record MetricsSpec(bool Regex = false, string? Pattern = null, IReadOnlyList<string>? Names = null)
{
    /// <summary>What the regex collector runs with; null for the protocol collector.</summary>
    public RegexMetricSettings? Settings => Regex ? new RegexMetricSettings(Pattern, Names) : null;

    /// <summary>The section that gives <paramref name="settings"/>.</summary>
    public static MetricsSpec Of(RegexMetricSettings settings) => new(true, settings.Pattern, settings.Names);
}
