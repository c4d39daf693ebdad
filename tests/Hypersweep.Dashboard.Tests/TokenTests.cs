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
    public async Task WithAToken_OnAnyAddress_DataRequestsWithoutItGet401_WithItAreServed_AndNoCookieIsEverSet()
    {
        await using var store = SweepStores.Open(fixture.StorePath, create: false);
        await using var app = DashboardApp.Build(store, new DashboardOptions { Address = "0.0.0.0", Port = 0, Token = Token });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var port = DashboardApp.AddressOf(app).Port;
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var ct = TestContext.Current.CancellationToken;
        string[] data = ["/api/sweeps", "/api/info", $"/api/sweeps/{fixture.Finished.Id}/trials/0/logs/stdout", $"/api/sweeps/{fixture.Finished.Id}/trials/0/files/outputs/model.txt", $"/api/sweeps/{fixture.Finished.Id}/report", "/api/events"];

        foreach (var url in data)
        {
            using var anonymous = await http.GetAsync(url, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
            using var withCookie = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "Cookie", $"hypersweep_token_{port}={Token}; hypersweep_token={Token}" } } };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(withCookie, ct)).StatusCode);
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token + "x") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/sweeps?token={Token}x", ct)).StatusCode);

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(bearer, ct)).StatusCode);
        using var download = await http.GetAsync($"/api/sweeps/{fixture.Finished.Id}/trials/0/files/outputs/model.txt?token={Uri.EscapeDataString(Token)}", ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);

        // The pages and scripts hold no data: they are served to anyone, and the address with the token sets no cookie
        // (a cookie for 127.0.0.1 would go to every service on the host, whatever its port).
        foreach (var url in new[] { "/", $"/sweeps/{fixture.Finished.Id}?token={Uri.EscapeDataString(Token)}", "/assets/common.js" })
        {
            using var page = await http.GetAsync(url, ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.False(page.Headers.Contains("Set-Cookie"), $"{url} set a cookie");
            Assert.DoesNotContain(SweepScenarios.FinishedName, await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        await app.StopAsync(ct);
    }
}
