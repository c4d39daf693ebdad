using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hypersweep.Cli.Output;

/// <summary>JSON output of the commands' <c>--json</c> option.</summary>
internal static class Json
{
    // A metric that overflowed to Infinity, or NaN, is written as the string "Infinity" or "NaN" (JSON has no such numbers).
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Write(object value) => JsonSerializer.Serialize(value, Options);
}
