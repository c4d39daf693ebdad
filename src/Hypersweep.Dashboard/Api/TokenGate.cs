using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Hypersweep.Dashboard.Api;

/// <summary>
/// When the dashboard has a token, every request must carry it: <c>Authorization: Bearer TOKEN</c>, or the cookie set
/// when a page is first opened with <c>?token=TOKEN</c> (the page is then reloaded without the token in its address).
/// Anything else gets 401.
/// </summary>
internal sealed class TokenGate(RequestDelegate next, DashboardOptions options)
{
    public const string QueryName = "token";

    private readonly byte[] _token = Encoding.UTF8.GetBytes(options.Token ?? string.Empty);

    /// <summary>The cookie name, per port so that two dashboards on one machine do not overwrite each other's.</summary>
    public static string CookieName(HttpContext context) => "hypersweep_token_" + context.Connection.LocalPort.ToString(CultureInfo.InvariantCulture);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if ((authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(authorization["Bearer ".Length..].Trim()))
            || (request.Cookies.TryGetValue(CookieName(context), out var cookie) && Matches(cookie)))
        {
            await next(context);
            return;
        }

        if (request.Query.TryGetValue(QueryName, out var query) && Matches(query.ToString()))
        {
            context.Response.Cookies.Append(CookieName(context), options.Token!, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
            if (HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                var rest = new QueryBuilder(request.Query.Where(q => q.Key != QueryName).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))));
                context.Response.Redirect(request.PathBase + request.Path + rest.ToQueryString());
                return;
            }

            await next(context);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"hypersweep\"";
        await ProblemResponse.WriteAsync(context, StatusCodes.Status401Unauthorized, "Token required", "This dashboard needs its token: open the address 'hypersweep dashboard' printed (it ends in ?token=...), or send 'Authorization: Bearer TOKEN'.");
    }

    private bool Matches(string candidate) =>
        _token.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);
}
