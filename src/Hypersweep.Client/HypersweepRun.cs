using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Hypersweep.Client;

/// <summary>
/// What a .NET training program needs to take part in a Hypersweep sweep: report metrics, read its hyperparameters,
/// find its output folder and the checkpoint to resume from.
/// <code>
/// HypersweepRun.Log("accuracy", accuracy, step: epoch);
/// </code>
/// Each call prints one line to stdout: <c>##hypersweep[metric] {"name": "accuracy", "value": 0.91, "step": 3}</c>.
/// Outside a sweep the lines are printed all the same, so the program runs unchanged on its own.
/// </summary>
public static class HypersweepRun
{
    /// <summary>The prefix of a metric line.</summary>
    public const string MetricPrefix = "##hypersweep[metric] ";

    private static readonly object Gate = new();
    private static readonly Dictionary<string, long> Steps = new(StringComparer.Ordinal);
    private static TextWriter? _output;

    /// <summary>Where metric lines go. <value>The default is the process's stdout.</value></summary>
    public static TextWriter Output
    {
        get => _output ?? Console.Out;
        set => _output = value;
    }

    /// <summary>The trial's id (<c>HYPERSWEEP_TRIAL_ID</c>), or null outside a sweep.</summary>
    public static string? TrialId => Environment.GetEnvironmentVariable("HYPERSWEEP_TRIAL_ID");

    /// <summary>The trial's folder for outputs and checkpoints (<c>HYPERSWEEP_OUTPUT_DIR</c>), or the current folder outside a sweep.</summary>
    public static string OutputDirectory => Environment.GetEnvironmentVariable("HYPERSWEEP_OUTPUT_DIR") is { Length: > 0 } dir ? dir : Directory.GetCurrentDirectory();

    /// <summary>The checkpoint folder to resume from (<c>HYPERSWEEP_RESUME_FROM</c>), or null for a fresh start.</summary>
    public static string? ResumeFrom => Environment.GetEnvironmentVariable("HYPERSWEEP_RESUME_FROM") is { Length: > 0 } dir ? dir : null;

    /// <summary>The trial's hyperparameters as JSON (<c>HYPERSWEEP_PARAMS</c>), or "{}" outside a sweep.</summary>
    public static string ParametersJson => Environment.GetEnvironmentVariable("HYPERSWEEP_PARAMS") is { Length: > 0 } json ? json : "{}";

    /// <summary>Reports one value of a metric. Without a step, the step is the number of values logged for that name so far.</summary>
    public static void Log(string name, double value, long? step = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A metric needs a name.", nameof(name));
        }

        lock (Gate)
        {
            var s = step ?? (Steps.TryGetValue(name, out var next) ? next : 0);
            Steps[name] = s + 1;
            var output = Output;
            output.Write(FormatLine(name, value, s));
            output.Write('\n');
            output.Flush();
        }
    }

    /// <summary>The metric line for a value, without the line break.</summary>
    public static string FormatLine(string name, double value, long? step)
    {
        var sb = new StringBuilder(MetricPrefix);
        sb.Append("{\"name\": ");
        AppendJsonString(sb, name);
        sb.Append(", \"value\": ");
        if (double.IsNaN(value))
        {
            sb.Append("\"NaN\"");
        }
        else if (double.IsInfinity(value))
        {
            sb.Append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        }
        else
        {
            sb.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        if (step is { } st)
        {
            sb.Append(", \"step\": ").Append(st.ToString(CultureInfo.InvariantCulture));
        }

        return sb.Append('}').ToString();
    }

    private static void AppendJsonString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
