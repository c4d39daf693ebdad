using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hypersweep.Dashboard.Api;
using Hypersweep.Dashboard.Data;
using Hypersweep.Storage;

namespace Hypersweep.Dashboard.Report;

/// <summary>
/// A sweep as one self-contained HTML file to share: the sweep page of the dashboard with its scripts, styles, the
/// chart library and the sweep's data (every trial, every metric series) inlined, so it opens anywhere, offline.
/// </summary>
public static partial class SweepReport
{
    /// <summary>Writes the report of a sweep.</summary>
    /// <param name="store">The store holding the sweep.</param>
    /// <param name="sweepId">The sweep's id.</param>
    /// <param name="timeProvider">The clock (the report's date, running trials' durations). <value>The default is the system clock.</value></param>
    /// <param name="cancellationToken">Stops reading the store.</param>
    /// <returns>The HTML text.</returns>
    /// <exception cref="DashboardNotFoundException">There is no such sweep.</exception>
    public static async Task<string> RenderAsync(ISweepStore store, long sweepId, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var time = timeProvider ?? TimeProvider.System;
        var reader = new SweepReader(store, time);
        var snapshot = await reader.SnapshotAsync(sweepId, cancellationToken);
        return Render(reader, snapshot, time.GetUtcNow());
    }

    /// <summary>A file name for a sweep's report, e.g. <c>sweep-3-mnist.html</c>.</summary>
    public static string FileName(SweepRecord sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var name = UnsafeFileNameCharacters().Replace(sweep.Name, "-").Trim('-');
        return $"sweep-{sweep.Id}{(name.Length > 0 ? "-" + name : string.Empty)}.html";
    }

    internal static string Render(SweepReader reader, SweepSnapshot snapshot, DateTimeOffset now)
    {
        var detail = reader.Detail(snapshot);
        var data = new
        {
            GeneratedAt = now,
            Store = reader.StoreLocation,
            Detail = detail,
            Trials = reader.Rows(snapshot),
            Metrics = detail.Metrics.ToDictionary(m => m, m => SweepReader.Series(snapshot, m), StringComparer.Ordinal),
            Best = reader.Best(snapshot),
            Importance = SweepReader.Importance(snapshot),
            Front = SweepReader.Front(snapshot),
        };

        // The default encoder escapes <, > and &, so the JSON cannot close the script element it sits in.
        var json = JsonSerializer.Serialize(data, DashboardJson.Options);
        var page = DashboardAssets.Get("sweep.html").Text;
        page = StylesheetLink().Replace(page, m => $"<style>\n{Asset(m.Groups["name"].Value)}\n</style>");
        var firstScript = page.IndexOf("<script", StringComparison.Ordinal);
        page = page[..firstScript] + $"<script>window.HYPERSWEEP_REPORT = {json};</script>\n" + page[firstScript..];
        page = ScriptTag().Replace(page, m => $"<script>\n{Asset(m.Groups["name"].Value)}\n</script>");
        page = page.Replace("<title>Sweep · Hypersweep</title>", $"<title>{System.Net.WebUtility.HtmlEncode(snapshot.Sweep.Name)} · Hypersweep report</title>", StringComparison.Ordinal);
        return page;
    }

    /// <summary>An asset's text, safe to put inside a script or style element.</summary>
    private static string Asset(string name)
    {
        var text = DashboardAssets.Get(name).Text;
        return new StringBuilder(text).Replace("</script", "<\\/script").Replace("</style", "<\\/style").ToString();
    }

    [GeneratedRegex("""<script src="/assets/(?<name>[A-Za-z0-9_.-]+)"></script>""")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("""<link rel="stylesheet" href="/assets/(?<name>[A-Za-z0-9_.-]+)">""")]
    private static partial Regex StylesheetLink();

    [GeneratedRegex("[^A-Za-z0-9_.-]+")]
    private static partial Regex UnsafeFileNameCharacters();
}
