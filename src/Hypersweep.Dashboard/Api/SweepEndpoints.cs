using System.Net.Mime;
using Hypersweep.Dashboard.Data;
using Hypersweep.Dashboard.Report;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hypersweep.Dashboard.Api;

/// <summary>The JSON API about sweeps: the list, one sweep, its trials table, metric series, best trial, and its report.</summary>
internal static class SweepEndpoints
{
    /// <summary>The rows of the first view: one page of the trials table.</summary>
    private const int FirstRows = 100;

    public static IEndpointRouteBuilder MapSweepEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/info", (SweepReader reader, DashboardOptions options) =>
            TypedResults.Ok(new InfoView(reader.StoreLocation, typeof(SweepEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0", options.Token is not null)));

        api.MapGet("/sweeps", async (SweepReader reader, CancellationToken cancellationToken) =>
            TypedResults.Ok(await reader.ListAsync(cancellationToken)));

        api.MapGet("/sweeps/{id:long}", async (long id, SweepReader reader, CancellationToken cancellationToken) =>
            TypedResults.Ok(reader.Detail(await reader.SnapshotAsync(id, cancellationToken))));

        api.MapGet("/sweeps/{id:long}/trials", async (long id, SweepReader reader, CancellationToken cancellationToken) =>
            TypedResults.Ok(reader.Rows(await reader.SnapshotAsync(id, cancellationToken))));

        // What the sweep page fetches: every row at first (no since), then the rows changed after the cursor it was given.
        api.MapGet("/sweeps/{id:long}/changes", async (long id, string? since, SweepReader reader, CancellationToken cancellationToken) =>
            TypedResults.Ok(await reader.ChangesAsync(id, since, cancellationToken)));

        // What the sweep page draws first, before the views above arrive (no metrics of every trial needed).
        api.MapGet("/sweeps/{id:long}/first-view", async (long id, SweepReader reader, CancellationToken cancellationToken) =>
            TypedResults.Ok(await reader.FirstViewAsync(id, FirstRows, cancellationToken)));

        // numbers=3,17: only those trials' curves (never aggregated), e.g. for trials picked to compare in a large sweep.
        api.MapGet("/sweeps/{id:long}/metrics", async (long id, string? name, string? numbers, SweepReader reader, CancellationToken cancellationToken) =>
        {
            var snapshot = await reader.SnapshotAsync(id, cancellationToken);
            var metric = string.IsNullOrEmpty(name) ? snapshot.Sweep.Objective.PrimaryMetric : name;
            return TypedResults.Ok(numbers is null ? SweepReader.Series(snapshot, metric) : MetricCurves.Of(snapshot, metric, Numbers(numbers)));
        });

        api.MapGet("/sweeps/{id:long}/best", async Task<Results<Ok<BestTrialView>, NoContent>> (long id, SweepReader reader, CancellationToken cancellationToken) =>
            reader.Best(await reader.SnapshotAsync(id, cancellationToken)) is { } best ? TypedResults.Ok(best) : TypedResults.NoContent());

        api.MapGet("/sweeps/{id:long}/front", async (long id, SweepReader reader, CancellationToken cancellationToken) =>
            TypedResults.Ok(SweepReader.Front(await reader.SnapshotAsync(id, cancellationToken))));

        api.MapGet("/sweeps/{id:long}/importance", async (long id, SweepReader reader, CancellationToken cancellationToken) =>
            TypedResults.Ok(SweepReader.Importance(await reader.SnapshotAsync(id, cancellationToken))));

        api.MapGet("/sweeps/{id:long}/report", async (long id, SweepReader reader, TimeProvider time, HttpContext context, CancellationToken cancellationToken) =>
        {
            var snapshot = await reader.SnapshotAsync(id, cancellationToken);
            var html = SweepReport.Render(reader, snapshot, time.GetUtcNow());
            context.Response.Headers.ContentDisposition = new ContentDisposition { FileName = SweepReport.FileName(snapshot.Sweep) }.ToString();
            return TypedResults.Text(html, "text/html; charset=utf-8");
        });
        return app;
    }

    private static HashSet<int> Numbers(string text)
    {
        var numbers = new HashSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            numbers.Add(int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new DashboardBadRequestException($"numbers must be trial numbers separated by commas, got '{text}'."));
        }

        return numbers;
    }
}
