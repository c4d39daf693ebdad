using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hypersweep.Dashboard.Api;

/// <summary>The HTML pages and their assets: <c>/</c>, <c>/sweeps/{id}</c>, <c>/sweeps/{id}/trials/{number}</c>, <c>/assets/{name}</c>.</summary>
internal static class PageEndpoints
{
    public static IEndpointRouteBuilder MapPageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => Serve(context, "index.html"));
        app.MapGet("/sweeps/{id:long}", (HttpContext context) => Serve(context, "sweep.html"));
        app.MapGet("/sweeps/{id:long}/trials/{number:int}", (HttpContext context) => Serve(context, "trial.html"));
        app.MapGet("/assets/{name}", (HttpContext context, string name) =>
            DashboardAssets.Find(name) is { } asset && !name.EndsWith(".html", StringComparison.Ordinal)
                ? Serve(context, asset)
                : throw new DashboardNotFoundException($"There is no asset '{name}'."));
        return app;
    }

    private static IResult Serve(HttpContext context, string name) => Serve(context, DashboardAssets.Get(name));

    private static IResult Serve(HttpContext context, Asset asset)
    {
        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }
}
