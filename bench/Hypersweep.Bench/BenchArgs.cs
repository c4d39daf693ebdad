using System.Globalization;

namespace Hypersweep.Bench;

/// <summary>A benchmark's command-line options, each <c>--name value</c>.</summary>
internal static class BenchArgs
{
    /// <summary>The value after <paramref name="name"/>, or null when it is not given.</summary>
    public static string? String(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The whole number after <paramref name="name"/>, or <paramref name="fallback"/>.</summary>
    public static int Int(string[] args, string name, int fallback) => String(args, name) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The comma-separated list after <paramref name="name"/>, or null when it is not given.</summary>
    public static List<string>? List(string[] args, string name) => String(args, name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
