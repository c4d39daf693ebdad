using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hypersweep.Dashboard.Api;

/// <summary>
/// When the dashboard has a token, every request for data (<c>/api/...</c>) must carry it: <c>Authorization: Bearer
/// TOKEN</c>, or <c>?token=TOKEN</c> (for the event streams and file downloads, which a browser cannot give a header).
/// Anything else gets 401. The pages and their scripts hold no data and are served to anyone: a page opened with
/// <c>?token=TOKEN</c> keeps the token in the browser's storage for this origin (scheme, host and port), drops it from
/// the address bar and sends it with each request. No cookie is set: a cookie for 127.0.0.1 would also be sent to every
/// other service on that host, whatever its port.
/// </summary>
internal sealed class TokenGate(RequestDelegate next, DashboardOptions options)
{
    public const string QueryName = "token";

    private readonly byte[] _token = Encoding.UTF8.GetBytes(options.Token ?? string.Empty);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (!request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            || (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(authorization["Bearer ".Length..].Trim()))
            || (request.Query.TryGetValue(QueryName, out var query) && Matches(query.ToString())))
        {
            await next(context);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"hypersweep\"";
        await ProblemResponse.WriteAsync(context, StatusCodes.Status401Unauthorized, "Token required", "This dashboard needs its token: open the address 'hypersweep dashboard' printed (it ends in ?token=...), or send 'Authorization: Bearer TOKEN'.");
    }

    private bool Matches(string candidate) =>
        _token.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);
}
