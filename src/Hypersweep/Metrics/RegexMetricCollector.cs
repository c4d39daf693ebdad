using System.Globalization;
using System.Text.RegularExpressions;

namespace Hypersweep.Metrics;

/// <summary>
/// Katib-style collection for programs that cannot be changed: every match of a pattern in a stdout line is a metric
/// value. The pattern has a group <c>name</c> and a group <c>value</c> (or, Katib style, the first two groups).
/// The default finds <c>name=value</c> pairs such as <c>epoch 3: accuracy=0.91 loss=0.32</c>.
/// </summary>
internal sealed class RegexMetricCollector
{
    /// <summary>The default pattern: <c>name=value</c>, where value is a decimal number.</summary>
    public const string DefaultPattern = @"(?<name>[A-Za-z_][\w.\-/]*)\s*=\s*(?<value>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)";

    private readonly Regex _regex;
    private readonly HashSet<string>? _names;

    /// <summary>Creates a collector.</summary>
    /// <param name="pattern">The regular expression; null for <see cref="DefaultPattern"/>.</param>
    /// <param name="names">When given, only these metric names are collected.</param>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression or lacks the two groups.</exception>
    public RegexMetricCollector(string? pattern = null, IEnumerable<string>? names = null)
    {
        Pattern = pattern ?? DefaultPattern;
        try
        {
            _regex = new Regex(Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The metric pattern is not a valid regular expression: {e.Message}", nameof(pattern), e);
        }

        var groups = _regex.GetGroupNames();
        var named = groups.Contains("name") && groups.Contains("value");
        if (!named && _regex.GetGroupNumbers().Length < 3)
        {
            throw new ArgumentException("The metric pattern needs a group named 'name' and one named 'value' (or two capture groups: name, then value).", nameof(pattern));
        }

        _names = names is null ? null : new HashSet<string>(names, StringComparer.Ordinal);
    }

    /// <summary>The pattern in use.</summary>
    public string Pattern { get; }

    /// <summary>The metric values found in one line.</summary>
    public IEnumerable<ReportedMetric> Collect(string line)
    {
        if (MetricLine.IsMetricLine(line))
        {
            yield break;
        }

        foreach (Match match in _regex.Matches(line))
        {
            var name = match.Groups["name"].Success ? match.Groups["name"].Value : match.Groups[1].Value;
            var text = match.Groups["value"].Success ? match.Groups["value"].Value : match.Groups[2].Value;
            if (name.Length == 0 || (_names is not null && !_names.Contains(name)))
            {
                continue;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                yield return new ReportedMetric(name, value, null);
            }
        }
    }
}
