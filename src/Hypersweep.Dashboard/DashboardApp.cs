using Hypersweep.Dashboard.Api;
using Hypersweep.Dashboard.Data;
using Hypersweep.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hypersweep.Dashboard;

/// <summary>
/// The web dashboard: an ASP.NET Core app over one sweep store that serves the sweeps, sweep and trial pages, their
/// JSON API, server-sent change events and its own scripts (no internet needed).
/// <example>
/// <code>
/// await using var store = SweepStores.Open(null, create: false);
/// await using var app = DashboardApp.Build(store, new DashboardOptions { Port = 0 });
/// await app.StartAsync();
/// Console.WriteLine(DashboardApp.AddressOf(app)); // http://127.0.0.1:PORT/
/// </code>
/// </example>
/// </summary>
public static class DashboardApp
{
    /// <summary>Builds the app (not started). The store stays the caller's to dispose, after the app.</summary>
    /// <param name="store">The store to show.</param>
    /// <param name="options">Address, port, token, refresh interval.</param>
    /// <param name="timeProvider">The clock for durations of running trials and for refresh ticks. <value>The default is the system clock.</value></param>
    /// <exception cref="DashboardOptionsException">The options are invalid; the exception lists every problem.</exception>
    public static WebApplication Build(ISweepStore store, DashboardOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Check();
        if (problems.Count > 0)
        {
            throw new DashboardOptionsException(problems);
        }

        var time = timeProvider ?? TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardApp).Assembly.GetName().Name, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        // A failure to start (a busy port) reaches the caller as an exception; the host's own log of it is a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.IPAddress!, options.Port);
        });
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<SweepReader>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(json => DashboardJson.Configure(json.SerializerOptions));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<HostGate>();
        if (options.Token is not null)
        {
            app.UseMiddleware<TokenGate>();
        }

        app.MapPageEndpoints();
        app.MapSweepEndpoints();
        app.MapTrialEndpoints();
        app.MapEventEndpoints();
        return app;
    }

    /// <summary>The address a started app listens on, e.g. <c>http://127.0.0.1:8265/</c> (with the port picked when it was 0).</summary>
    public static Uri AddressOf(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("The dashboard has no address yet; start it first.");
        var address = addresses.FirstOrDefault() ?? throw new InvalidOperationException("The dashboard has no address yet; start it first.");
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
