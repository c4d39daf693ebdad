using Hypersweep.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Hypersweep.Dashboard.Api;

/// <summary>
/// The one place where exceptions become responses: every error of the JSON API is an RFC 9457 problem document
/// (<c>application/problem+json</c>) whose <c>detail</c> says what was wrong.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = Classify(exception);
        if (status == StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, exception, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                Detail = status == StatusCodes.Status500InternalServerError ? $"{exception.GetType().Name}: {exception.Message}" : exception.Message,
                Instance = httpContext.Request.Path,
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error for {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, PathString path);

    /// <summary>The status code and title for an exception.</summary>
    public static (int Status, string Title) Classify(Exception exception) => exception switch
    {
        DashboardNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
        PathOutsideSweepException => (StatusCodes.Status403Forbidden, "Outside the trial's folder"),
        DashboardBadRequestException or BadHttpRequestException => (StatusCodes.Status400BadRequest, "Bad request"),
        SweepStoreException => (StatusCodes.Status503ServiceUnavailable, "The store cannot be read"),
        _ => (StatusCodes.Status500InternalServerError, "Internal error"),
    };
}
