using System.Text.Json;

namespace Hypersweep.Cli.Output;

/// <summary>JSON output of the commands' <c>--json</c> option.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Write(object value) => JsonSerializer.Serialize(value, Options);
}
