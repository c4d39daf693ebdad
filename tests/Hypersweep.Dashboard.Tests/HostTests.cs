using System.Net;
using Hypersweep.Dashboard.Tests.Fixtures;
using Hypersweep.Storage;

namespace Hypersweep.Dashboard.Tests;

/// <summary>DNS rebinding: only requests addressed to the dashboard by one of its names are served; every response says nosniff.</summary>
public sealed class HostTests(DashboardFixture fixture)
{
    [Fact]
    public async Task RequestsForAnotherHost_Get421_TheDashboardsOwnNamesAreServed()
    {
        await using var store = SweepStores.Open(fixture.StorePath, create: false);
        await using var app = DashboardApp.Build(store, new DashboardOptions { Port = 0, AllowedHosts = ["sweeps.internal"] });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var port = DashboardApp.AddressOf(app).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var ct = TestContext.Current.CancellationToken;

        async Task<HttpResponseMessage> GetAs(string host, string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Host = host } };
            return await http.SendAsync(request, ct);
        }

        foreach (var url in new[] { "/", "/api/sweeps", $"/api/sweeps/{fixture.Finished.Id}/trials/0/logs/stdout", "/api/events" })
        {
            using var evil = await GetAs($"evil.example:{port}", url);
            Assert.Equal(HttpStatusCode.MisdirectedRequest, evil.StatusCode);
            Assert.Equal("application/problem+json", evil.Content.Headers.ContentType?.MediaType);
            Assert.Contains("evil.example", await evil.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        foreach (var host in new[] { $"127.0.0.1:{port}", $"localhost:{port}", $"[::1]:{port}", $"[::ffff:127.0.0.1]:{port}", "sweeps.internal" })
        {
            using var ok = await GetAs(host, "/api/sweeps");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("nosniff", Assert.Single(ok.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Theory]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("localhost")]
    public async Task LoopbackSpellings_NeedNoToken_AndServe(string address)
    {
        var options = new DashboardOptions { Address = address, Port = 0 };
        Assert.True(options.IsLoopback);
        Assert.Empty(options.Check());

        await using var store = SweepStores.Open(fixture.StorePath, create: false);
        await using var app = DashboardApp.Build(store, options);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var url = DashboardApp.AddressOf(app);
        using var http = new HttpClient { BaseAddress = url };
        using var response = await http.GetAsync("/api/sweeps", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
