using System.Security.Cryptography;

namespace Hypersweep.Dashboard.Api;

/// <summary>
/// The pages, scripts and styles the dashboard serves, embedded in this assembly (the chart library included, restored
/// from npm by the build), so the dashboard and its reports work with no internet.
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "Hypersweep.Dashboard.Assets.";
    private static readonly Lazy<IReadOnlyDictionary<string, Asset>> All = new(Load);

    /// <summary>The asset names (file names such as <c>sweep.js</c>).</summary>
    public static IEnumerable<string> Names => All.Value.Keys;

    /// <summary>An asset by file name, or null.</summary>
    public static Asset? Find(string name) => All.Value.TryGetValue(name, out var asset) ? asset : null;

    /// <summary>An asset by file name.</summary>
    /// <exception cref="InvalidOperationException">The build did not embed it.</exception>
    public static Asset Get(string name) => Find(name) ?? throw new InvalidOperationException($"The dashboard asset '{name}' is not embedded in {typeof(DashboardAssets).Assembly.GetName().Name}; rebuild it.");

    private static Dictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes), 0, 12) + "\"";
            assets[name] = new Asset(name, bytes, ContentType(name), etag);
        }

        return assets;
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };
}

/// <summary>One embedded asset.</summary>
internal sealed record Asset(string Name, byte[] Bytes, string ContentType, string ETag)
{
    /// <summary>The content as UTF-8 text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Bytes);
}
