using System.Globalization;
using System.Net;

namespace Hypersweep.Dashboard;

/// <summary>How the dashboard is served. Immutable; <see cref="Check"/> lists every problem at once.</summary>
public sealed record DashboardOptions
{
    /// <summary>The default port.</summary>
    public const int DefaultPort = 8265;

    /// <summary>The default address: loopback only, so nobody else on the network can see the sweeps.</summary>
    public const string DefaultAddress = "127.0.0.1";

    /// <summary>The shortest token accepted.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>The default time between two looks at the store for changes to push to open pages.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>The IP address to listen on (<c>localhost</c> means 127.0.0.1). <value>The default is 127.0.0.1.</value></summary>
    public string Address { get; init; } = DefaultAddress;

    /// <summary>The TCP port, 0 to 65535; 0 picks a free one. <value>The default is 8265.</value></summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>
    /// A secret every request for data must carry (<c>Authorization: Bearer TOKEN</c> or a <c>?token=</c> query; pages
    /// opened with <c>?token=</c> keep it and send it). Required, at least 16 characters, when <see cref="Address"/> is
    /// not a loopback address.
    /// <value>The default is none (loopback only).</value>
    /// </summary>
    public string? Token { get; init; }

    /// <summary>
    /// More host names (or addresses) requests may be addressed to, beyond the loopback names, the listen address and,
    /// for a non-loopback address, this machine's names; "*" allows any (behind a proxy that checks them itself).
    /// <value>The default is none.</value>
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>How often open pages' data is checked for changes (0.05 s to 60 s). <value>The default is 1 second.</value></summary>
    public TimeSpan RefreshInterval { get; init; } = DefaultRefreshInterval;

    /// <summary>
    /// The address as an <see cref="IPAddress"/>, or null when it is not one; an IPv4 address written in IPv6 form
    /// (<c>::ffff:127.0.0.1</c>) is the IPv4 address, which is what a socket can bind.
    /// </summary>
    public IPAddress? IPAddress => string.Equals(Address, "localhost", StringComparison.OrdinalIgnoreCase)
        ? IPAddress.Loopback
        : IPAddress.TryParse(Address, out var ip) ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip) : null;

    /// <summary>True when only this machine can connect.</summary>
    public bool IsLoopback => IPAddress is { } ip && IPAddress.IsLoopback(ip);

    /// <summary>Every problem with the options as (option, message) pairs; empty when valid.</summary>
    public IReadOnlyList<(string Option, string Message)> Check()
    {
        var problems = new List<(string, string)>();
        if (IPAddress is null)
        {
            problems.Add(("address", $"must be an IP address such as 127.0.0.1, 0.0.0.0 or ::1 (or localhost), got '{Address}'"));
        }
        else if (!IsLoopback && string.IsNullOrEmpty(Token))
        {
            problems.Add(("token", $"is required to listen on {Address}, which other machines can reach: pass --token with a secret of at least {MinimumTokenLength} characters, or keep the default address {DefaultAddress}"));
        }

        if (Port is < 0 or > 65535)
        {
            problems.Add(("port", $"must be from 0 to 65535 (0 picks a free port), got {Port.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (Token is { } token && (token.Length < MinimumTokenLength || token.Any(char.IsWhiteSpace)))
        {
            problems.Add(("token", $"must be at least {MinimumTokenLength} characters without spaces, got {token.Length.ToString(CultureInfo.InvariantCulture)} characters{(token.Any(char.IsWhiteSpace) ? " with spaces" : string.Empty)}"));
        }

        if (RefreshInterval < TimeSpan.FromMilliseconds(50) || RefreshInterval > TimeSpan.FromSeconds(60))
        {
            problems.Add(("refresh", $"must be from 0.05 to 60 seconds, got {RefreshInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)}"));
        }

        return problems;
    }
}

/// <summary>The dashboard options are invalid; <see cref="Problems"/> lists every problem.</summary>
public sealed class DashboardOptionsException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public DashboardOptionsException(IReadOnlyList<(string Option, string Message)> problems)
        : base("The dashboard options are invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => $"  --{p.Option}: {p.Message}")))
    {
        Problems = problems;
    }

    /// <summary>The problems as (option, message) pairs.</summary>
    public IReadOnlyList<(string Option, string Message)> Problems { get; }
}
