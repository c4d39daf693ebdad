using System.CommandLine;
using System.Globalization;
using Hypersweep.Dashboard;
using Microsoft.Extensions.Hosting;

namespace Hypersweep.Cli.Commands;

/// <summary><c>hypersweep dashboard</c>: serves the web dashboard over a store until Ctrl+C.</summary>
internal static class DashboardCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var port = new Option<int>("--port") { Description = $"The TCP port (0 picks a free one). Default: {DashboardOptions.DefaultPort}.", DefaultValueFactory = _ => DashboardOptions.DefaultPort };
        var address = new Option<string>("--address") { Description = $"The IP address to listen on. Default: {DashboardOptions.DefaultAddress} (this machine only); any other address needs --token.", DefaultValueFactory = _ => DashboardOptions.DefaultAddress };
        var token = new Option<string?>("--token") { Description = $"A secret of at least {DashboardOptions.MinimumTokenLength} characters that every request must carry (required with a non-loopback --address). Default: the HYPERSWEEP_DASHBOARD_TOKEN environment variable, if set." };
        var refresh = new Option<double>("--refresh") { Description = "Seconds between checks of the store for changes to push to open pages. Default: 1.", DefaultValueFactory = _ => DashboardOptions.DefaultRefreshInterval.TotalSeconds };
        var allowedHosts = new Option<string[]>("--allowed-host") { Description = "Another host name the dashboard may be opened under (repeatable; '*' allows any). By default only the loopback names, the --address and, for a non-loopback address, this machine's names and addresses are served: other Host headers get 421 (DNS rebinding).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("dashboard", "Serve the web dashboard: sweeps, trials, live charts (no internet needed). Stop with Ctrl+C.") { store, port, address, token, refresh, allowedHosts };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new DashboardOptions
            {
                Address = parse.GetValue(address)!,
                Port = parse.GetValue(port),
                Token = parse.GetValue(token) ?? NullIfEmpty(Environment.GetEnvironmentVariable("HYPERSWEEP_DASHBOARD_TOKEN")),
                RefreshInterval = TimeSpan.FromSeconds(parse.GetValue(refresh)),
                AllowedHosts = parse.GetValue(allowedHosts) ?? [],
            };
            var problems = options.Check();
            if (problems.Count > 0)
            {
                throw new CliError(string.Join(Environment.NewLine + "hypersweep: ", problems.Select(p => $"--{p.Option} {p.Message}")));
            }

            await using var sweepStore = CommonOptions.OpenForReading(parse.GetValue(store));
            await using var app = DashboardApp.Build(sweepStore, options);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                throw new CliError($"cannot listen on {options.Address}:{options.Port.ToString(CultureInfo.InvariantCulture)}: {e.Message} Pick another --port (0 picks a free one).");
            }

            var url = DashboardApp.AddressOf(app);
            Console.WriteLine($"Hypersweep dashboard for {sweepStore.Location}");
            Console.WriteLine($"  open {url}{(options.Token is null ? string.Empty : "?token=" + Uri.EscapeDataString(options.Token))}");
            Console.WriteLine("  Ctrl+C stops it.");
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
