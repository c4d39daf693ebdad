using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Hypersweep.Dashboard.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Hypersweep.Dashboard.Api;

/// <summary>
/// Server-sent events that tell open pages when to fetch again: one <c>changed</c> event at once, then one each time
/// the data behind the page changes (checked every <see cref="DashboardOptions.RefreshInterval"/>).
/// </summary>
internal static class EventEndpoints
{
    public const string ChangedEvent = "changed";

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events", (SweepReader reader, DashboardOptions options, IHostApplicationLifetime lifetime, TimeProvider time, HttpContext context) =>
            TypedResults.ServerSentEvents(Changes(reader.StoreVersionAsync, options.RefreshInterval, time, lifetime, context.RequestAborted)));

        app.MapGet("/api/sweeps/{id:long}/events", async (long id, SweepReader reader, DashboardOptions options, IHostApplicationLifetime lifetime, TimeProvider time, HttpContext context) =>
        {
            _ = await reader.VersionAsync(id, context.RequestAborted); // a missing sweep is a 404, not an empty stream
            return TypedResults.ServerSentEvents(Changes(ct => reader.VersionAsync(id, ct), options.RefreshInterval, time, lifetime, context.RequestAborted));
        });
        return app;
    }

    private static async IAsyncEnumerable<SseItem<string>> Changes(
        Func<CancellationToken, Task<string>> version,
        TimeSpan interval,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        using var timer = new PeriodicTimer(interval, time);
        string? last = null;
        while (true)
        {
            string current;
            try
            {
                current = await version(stop.Token);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            if (!string.Equals(current, last, StringComparison.Ordinal))
            {
                last = current;
                yield return new SseItem<string>(current, ChangedEvent) { ReconnectionInterval = TimeSpan.FromSeconds(2) };
            }

            try
            {
                if (!await timer.WaitForNextTickAsync(stop.Token))
                {
                    yield break;
                }
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
