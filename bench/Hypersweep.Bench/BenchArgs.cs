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

    /// <summary>
    /// The comma-separated file paths after <paramref name="name"/>, each of which must exist, or
    /// <paramref name="fallback"/> when the option is not given (a fallback that does not exist is left out by the
    /// reader, as the peers' files of a fresh clone may be).
    /// </summary>
    /// <exception cref="BenchUsageException">A given path names no file.</exception>
    public static List<string> Files(string[] args, string name, IEnumerable<string> fallback) =>
        List(args, name)?.Select(f => Existing(name, f)).ToList() ?? [.. fallback];

    /// <summary>The file path after <paramref name="name"/>, which must exist, or null when the option is not given.</summary>
    /// <exception cref="BenchUsageException">The path names no file.</exception>
    public static string? File(string[] args, string name) => String(args, name) is { } path ? Existing(name, path) : null;

    private static string Existing(string name, string path) =>
        System.IO.File.Exists(path) ? path : throw new BenchUsageException($"{name}: no file '{path}'");

    /// <summary>
    /// The comma-separated names after <paramref name="name"/>, each one of <paramref name="allowed"/>, or
    /// <paramref name="fallback"/> when the option is not given.
    /// </summary>
    /// <exception cref="BenchUsageException">A name is not one of <paramref name="allowed"/>.</exception>
    public static List<string> Choices(string[] args, string name, IEnumerable<string> allowed, IEnumerable<string> fallback)
    {
        var choices = allowed.ToList();
        var given = List(args, name) ?? [.. fallback];
        if (given.FirstOrDefault(g => !choices.Contains(g, StringComparer.Ordinal)) is { } unknown)
        {
            throw new BenchUsageException($"{name}: unknown value '{unknown}'; allowed: {string.Join(", ", choices)}");
        }

        return given;
    }
}

/// <summary>A benchmark's option that cannot be run as given; the message says why and what is allowed.</summary>
internal sealed class BenchUsageException(string message) : Exception(message);
