using System.Globalization;
using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Cli.Output;

/// <summary>How numbers, durations and trials are written on the console.</summary>
internal static class Format
{
    public static string Number(double? value) => value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "-";

    /// <summary>A trial's objective value; "not finite" when it logged the primary metric but only NaN or Infinity, which never rank.</summary>
    public static string Value(TrialRecord trial) => trial.Value is null && trial.Intervals > 0 ? "not finite" : Number(trial.Value);

    public static string Duration(TimeSpan? duration) => duration is not { } d ? "-"
        : d.TotalSeconds < 60 ? d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
        : d.TotalMinutes < 60 ? $"{(int)d.TotalMinutes}m{d.Seconds:00}s"
        : $"{(int)d.TotalHours}h{d.Minutes:00}m";

    public static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A parameter value for tables and progress: a float to six significant digits (the full value is in --json, best and trials TRIAL).</summary>
    public static string Parameter(ParameterValue value) => value.Kind == ParameterKind.Float ? Number(value.AsDouble()) : value.ToString();

    /// <summary>A trial's parameters for progress lines: <c>lr=0.00123457 layers=3</c>.</summary>
    public static string Parameters(ParameterSet parameters) => string.Join(" ", parameters.Select(p => $"{p.Key}={Parameter(p.Value)}"));
}
