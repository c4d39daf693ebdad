using System.Globalization;
using Hypersweep.Metrics;

namespace Hypersweep.Launching;

/// <summary>
/// Reads a trial's stdout lines for metrics the same way for every launcher: a Hypersweep metric line is reported, a
/// malformed one is warned about with its line number, and any other line goes to the Katib-style collector when the
/// trial template asks for one.
/// </summary>
internal sealed class StdoutMetrics(ITrialObserver observer, RegexMetricCollector? regex)
{
    /// <summary>Reads line <paramref name="lineNumber"/> (1-based) of stdout.</summary>
    public void Read(string line, int lineNumber)
    {
        if (MetricLine.TryParse(line, out var metric, out var error))
        {
            observer.OnMetric(metric);
        }
        else if (error is not null)
        {
            observer.OnWarning($"stdout line {lineNumber.ToString(CultureInfo.InvariantCulture)} is a malformed metric line ({error}): {line}");
        }
        else if (regex is not null)
        {
            foreach (var m in regex.Collect(line))
            {
                observer.OnMetric(m);
            }
        }
    }
}

/// <summary>How a failed trial's message quotes the end of its stderr, for every launcher.</summary>
internal static class StderrTail
{
    /// <summary>How many of the last lines of stderr the message quotes.</summary>
    public const int Lines = 20;

    /// <summary>"stderr ends with:" and the lines, or "stderr is empty".</summary>
    public static string Describe(IEnumerable<string> lastLines)
    {
        var tail = string.Join(Environment.NewLine, lastLines);
        return tail.Length > 0 ? $"stderr ends with:{Environment.NewLine}{tail}" : "stderr is empty";
    }
}
