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

    /// <summary>What introduces the quoted lines.</summary>
    public const string Marker = "stderr ends with:";

    /// <summary>"stderr ends with:" and the lines, or "stderr is empty".</summary>
    public static string Describe(IEnumerable<string> lastLines)
    {
        var tail = string.Join(Environment.NewLine, lastLines);
        return tail.Length > 0 ? $"{Marker}{Environment.NewLine}{tail}" : "stderr is empty";
    }
}

/// <summary>Why a trial ended, in one line, for tables and progress.</summary>
public static class TrialMessage
{
    /// <summary>
    /// The message's first line; for a failure that quotes the end of stderr ("exit code 3; stderr ends with:" and the
    /// lines), the part before the quote and the last non-empty stderr line, which is where a program says what went
    /// wrong ("exit code 3: ValueError: learning rate must be positive"). Empty for no message.
    /// </summary>
    public static string Summary(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return string.Empty;
        }

        var at = message.IndexOf(StderrTail.Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return message.Split('\n', 2)[0].TrimEnd('\r');
        }

        var head = message[..at].TrimEnd(' ', ';', ',');
        var last = message[(at + StderrTail.Marker.Length)..].Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        return last is null ? head : $"{head}: {last}";
    }
}
