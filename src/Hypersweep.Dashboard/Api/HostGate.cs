using System.Net;
using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Http;

namespace Hypersweep.Dashboard.Api;

/// <summary>
/// Serves only requests addressed to this dashboard, against DNS rebinding: a page on another site whose name is made
/// to resolve to 127.0.0.1 would otherwise read the dashboard as its own origin (trial logs and files included). A
/// request whose <c>Host</c> is not a name or address of the dashboard gets 421 Misdirected Request. Allowed: the
/// loopback spellings (127.0.0.1 and the rest of 127.0.0.0/8, ::1, localhost, ::ffff:127.0.0.1), the address it
/// listens on, and for an address other machines can reach, this machine's name and addresses; plus every name given
/// with <see cref="DashboardOptions.AllowedHosts"/> ("*" allows any). Every response also carries
/// <c>X-Content-Type-Options: nosniff</c>, so a trial file is never run as a script or style sheet whatever its content.
/// </summary>
internal sealed class HostGate(RequestDelegate next, DashboardOptions options)
{
    private readonly HashSet<string> _names = AllowedNames(options);

    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var host = context.Request.Host.Host.Trim('[', ']');
        if (_names.Contains("*") || IsAllowed(host))
        {
            await next(context);
            return;
        }

        await ProblemResponse.WriteAsync(
            context,
            StatusCodes.Status421MisdirectedRequest,
            "Unknown host",
            $"This dashboard does not serve the host name '{context.Request.Host.Host}'. Open it at the address 'hypersweep dashboard' printed, or start it with --allowed-host NAME to serve it under another name.");
    }

    private bool IsAllowed(string host) =>
        _names.Contains(host) || (IPAddress.TryParse(host, out var ip) && (IPAddress.IsLoopback(ip) || IsMappedLoopback(ip) || _names.Contains(ip.ToString())));

    private static bool IsMappedLoopback(IPAddress ip) => ip.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(ip.MapToIPv4());

    private static HashSet<string> AllowedNames(DashboardOptions options)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", options.Address };
        if (options.IPAddress is { } listen)
        {
            names.Add(listen.ToString());
            if (!options.IsLoopback)
            {
                var machine = Dns.GetHostName();
                names.Add(machine);
                names.Add(machine.Split('.')[0]);
                try
                {
                    names.Add(IPGlobalProperties.GetIPGlobalProperties() is { DomainName: { Length: > 0 } domain } ? $"{machine.Split('.')[0]}.{domain}" : machine);
                    foreach (var address in NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses))
                    {
                        names.Add(address.Address.ToString());
                    }
                }
                catch (NetworkInformationException)
                {
                    // Without the interface list, the names given with --allowed-host still serve.
                }
            }
        }

        names.UnionWith(options.AllowedHosts);
        return names;
    }
}
