using System.Net;
using System.Net.Http.Headers;
using Hypersweep.Dashboard.Tests.Fixtures;
using Hypersweep.Storage;

namespace Hypersweep.Dashboard.Tests;

/// <summary>Binding and the token: loopback by default; any other address needs a token, and then every request must carry it.</summary>
public sealed class TokenTests(DashboardFixture fixture)
{
    private const string Token = "s3cret-token-for-tests-0123456789";

    [Fact]
    public void Options_Default_AreLoopbackWithoutToken()
    {
        var options = new DashboardOptions();

        Assert.Equal("127.0.0.1", options.Address);
        Assert.True(options.IsLoopback);
        Assert.Null(options.Token);
        Assert.Empty(options.Check());
    }

    [Theory]
    [InlineData("0.0.0.0", null, "token")]
    [InlineData("::", null, "token")]
    [InlineData("192.168.1.20", null, "token")]
    [InlineData("0.0.0.0", "short", "token")]
    [InlineData("not-an-address", null, "address")]
    public void Options_NonLoopbackWithoutAGoodToken_AreRefused(string address, string? token, string option)
    {
        var options = new DashboardOptions { Address = address, Token = token };

        var error = Assert.Throws<DashboardOptionsException>(() => DashboardApp.Build(fixture.Store, options));
        Assert.Contains(error.Problems, p => p.Option == option);
        Assert.Contains("--" + option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ReportEveryProblemAtOnce()
    {
        var problems = new DashboardOptions { Address = "0.0.0.0", Port = 70000, RefreshInterval = TimeSpan.Zero }.Check();

        Assert.Equal(["token", "port", "refresh"], problems.Select(p => p.Option));
    }

    [Fact]
    public async Task WithAToken_OnAnyAddress_RequestsWithoutItGet401_AndWithItAreServed()
    {
        await using var store = SweepStores.Open(fixture.StorePath, create: false);
        await using var app = DashboardApp.Build(store, new DashboardOptions { Address = "0.0.0.0", Port = 0, Token = Token });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var port = DashboardApp.AddressOf(app).Port;
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var ct = TestContext.Current.CancellationToken;

        foreach (var url in new[] { "/", "/api/sweeps", $"/api/sweeps/{fixture.Finished.Id}/trials/0/logs/stdout", "/assets/plotly.min.js", "/api/events" })
        {
            using var anonymous = await http.GetAsync(url, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token + "x") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong, ct)).StatusCode);

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(bearer, ct)).StatusCode);

        // Opening the printed address sets a cookie and drops the token from the address bar.
        using var first = await http.GetAsync($"/sweeps/{fixture.Finished.Id}?token={Uri.EscapeDataString(Token)}", ct);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal($"/sweeps/{fixture.Finished.Id}", first.Headers.Location?.ToString());
        var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps") { Headers = { { "Cookie", cookie.Split(';')[0] } } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(withCookie, ct)).StatusCode);

        await app.StopAsync(ct);
    }
}
