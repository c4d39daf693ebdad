using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Hypersweep.Dashboard.Api;

/// <summary>Writes a refusal as <c>application/problem+json</c> (plain text when no problem-details service is there).</summary>
internal static class ProblemResponse
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var details = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path };
        if (context.RequestServices.GetService(typeof(IProblemDetailsService)) is not IProblemDetailsService problems
            || !await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details }))
        {
            await context.Response.WriteAsync(detail);
        }
    }
}
