using Hypersweep.Dashboard.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hypersweep.Dashboard.Api;

/// <summary>The JSON API about one trial: its details, its logs, and the files of its folder (never anything outside it).</summary>
internal static class TrialEndpoints
{
    /// <summary>The default and largest log tail sent, in bytes.</summary>
    public const long DefaultTail = 256 * 1024;

    /// <summary>The largest log tail a request may ask for.</summary>
    public const long MaxTail = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapTrialEndpoints(this IEndpointRouteBuilder app)
    {
        var trial = app.MapGroup("/api/sweeps/{id:long}/trials/{number:int}");
        trial.MapGet("/", async (long id, int number, SweepReader reader, CancellationToken cancellationToken) =>
            TypedResults.Ok(await reader.TrialAsync(id, number, cancellationToken)));

        trial.MapGet("/logs/{stream}", async (long id, int number, string stream, long? tail, SweepReader reader, CancellationToken cancellationToken) =>
        {
            if (tail is < 1 or > MaxTail)
            {
                throw new DashboardBadRequestException($"tail must be a number of bytes from 1 to {MaxTail}, got {tail}.");
            }

            var folder = await reader.TrialFolderAsync(id, number, cancellationToken);
            var text = await TrialFiles.TailAsync(TrialFiles.LogPath(folder, stream), tail ?? DefaultTail, cancellationToken);
            return TypedResults.Text(text, "text/plain; charset=utf-8");
        });

        trial.MapGet("/files", async (long id, int number, SweepReader reader, CancellationToken cancellationToken) =>
            TypedResults.Ok(TrialFiles.List(await reader.TrialFolderAsync(id, number, cancellationToken))));

        trial.MapGet("/files/{**path}", async (long id, int number, string path, SweepReader reader, CancellationToken cancellationToken) =>
        {
            var folder = await reader.TrialFolderAsync(id, number, cancellationToken);
            // Routing leaves %2F encoded inside a segment; decode it so "..%2F.." is seen (and refused) as "../..".
            var full = TrialFiles.Resolve(folder, Uri.UnescapeDataString(path));
            if (!File.Exists(full))
            {
                throw new DashboardNotFoundException($"There is no file '{path}' in the trial's folder {folder}.");
            }

            return TypedResults.PhysicalFile(full, TrialFiles.ContentType(full), enableRangeProcessing: true);
        });
        return app;
    }
}
