using System.Globalization;
using System.Text.Json;

namespace Hypersweep.Metrics;

/// <summary>
/// The metric line protocol. A training program reports one metric value by printing one line to stdout:
/// <code>##hypersweep[metric] {"name": "accuracy", "value": 0.91, "step": 3}</code>
/// The prefix starts the line; the JSON object has <c>name</c> (string), <c>value</c> (number, or the strings
/// "NaN", "Infinity", "-Infinity") and optionally <c>step</c> (whole number). Any other line is ordinary output.
/// </summary>
internal static class MetricLine
{
    /// <summary>The prefix that marks a metric line.</summary>
    public const string Prefix = "##hypersweep[metric] ";

    /// <summary>Formats a metric line.</summary>
    public static string Format(string name, double value, long? step = null)
    {
        var v = double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : $"\"{value.ToString(CultureInfo.InvariantCulture)}\"";
        var s = step is { } st ? $", \"step\": {st.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
        return $"{Prefix}{{\"name\": {JsonSerializer.Serialize(name)}, \"value\": {v}{s}}}";
    }

    /// <summary>True when the line is meant as a metric line (starts with the prefix), well-formed or not.</summary>
    public static bool IsMetricLine(string line) => line.StartsWith(Prefix.TrimEnd(), StringComparison.Ordinal);

    /// <summary>
    /// Parses a metric line. Returns false for ordinary output; for a line that has the prefix but a bad payload,
    /// returns false and says why in <paramref name="error"/>.
    /// </summary>
    public static bool TryParse(string line, out ReportedMetric metric, out string? error)
    {
        metric = default;
        error = null;
        if (!IsMetricLine(line))
        {
            return false;
        }

        var payload = line[Prefix.TrimEnd().Length..].Trim();
        try
        {
            using var doc = JsonDocument.Parse(payload);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the payload must be a JSON object";
                return false;
            }

            if (!root.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(nameElement.GetString()))
            {
                error = "the payload needs \"name\": a non-empty string";
                return false;
            }

            if (!root.TryGetProperty("value", out var valueElement) || !TryReadNumber(valueElement, out var value))
            {
                error = "the payload needs \"value\": a number";
                return false;
            }

            long? step = null;
            if (root.TryGetProperty("step", out var stepElement) && stepElement.ValueKind != JsonValueKind.Null)
            {
                if (stepElement.ValueKind != JsonValueKind.Number || !stepElement.TryGetInt64(out var s))
                {
                    error = "\"step\" must be a whole number";
                    return false;
                }

                step = s;
            }

            metric = new ReportedMetric(nameElement.GetString()!, value, step);
            return true;
        }
        catch (JsonException e)
        {
            error = $"the payload is not valid JSON ({e.Message})";
            return false;
        }
    }

    private static bool TryReadNumber(JsonElement element, out double value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDouble(out value),
            JsonValueKind.String => double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }
}

/// <summary>A metric value as a program reported it.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Value">The value.</param>
/// <param name="Step">The step, when the program gave one.</param>
public readonly record struct ReportedMetric(string Name, double Value, long? Step);
