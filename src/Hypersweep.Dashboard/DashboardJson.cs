using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hypersweep.Dashboard;

/// <summary>How the dashboard writes JSON: snake_case property names (as the CLI's <c>--json</c>), names in dictionaries kept as they are.</summary>
internal static class DashboardJson
{
    /// <summary>Applies the dashboard's settings to a set of options.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.WriteIndented = false;
        // A metric that overflowed to Infinity, or NaN, is written as a string (JSON has no such numbers).
        options.NumberHandling |= JsonNumberHandling.AllowNamedFloatingPointLiterals;
        return options;
    }

    /// <summary>The settings, for writing outside a request (the report).</summary>
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
