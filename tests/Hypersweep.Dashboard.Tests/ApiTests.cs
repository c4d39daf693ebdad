using System.Net;
using System.Text.Json;
using Hypersweep.Dashboard.Tests.Fixtures;

namespace Hypersweep.Dashboard.Tests;

/// <summary>The JSON API over the real store, through real HTTP to the dashboard on 127.0.0.1.</summary>
public sealed class ApiTests(DashboardFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Sweeps_ListEverySweep_WithStateProgressBestSamplerAndPolicy()
    {
        var sweeps = await GetAsync("/api/sweeps");

        Assert.Equal(3, sweeps.GetArrayLength());
        var finished = sweeps.EnumerateArray().Single(s => s.GetProperty("name").GetString() == SweepScenarios.FinishedName);
        Assert.Equal("Completed", finished.GetProperty("state").GetString());
        Assert.Equal("random", finished.GetProperty("sampler").GetString());
        Assert.Equal("bandit", finished.GetProperty("policy").GetString());
        Assert.Equal(SweepScenarios.FinishedTrials, finished.GetProperty("max_total_trials").GetInt32());
        var counts = finished.GetProperty("counts");
        Assert.Equal(7, counts.GetProperty("completed").GetInt32());
        Assert.Equal(2, counts.GetProperty("terminated").GetInt32());
        Assert.Equal(1, counts.GetProperty("failed").GetInt32());
        Assert.True(finished.GetProperty("best").GetProperty("value").GetDouble() > 0.5, "the finished sweep has a best accuracy");

        var running = sweeps.EnumerateArray().Single(s => s.GetProperty("name").GetString() == SweepScenarios.RunningName);
        Assert.Equal("Running", running.GetProperty("state").GetString());
        Assert.Equal(SweepScenarios.RunningBlocked, running.GetProperty("counts").GetProperty("running").GetInt32());
        Assert.Equal("minimize", running.GetProperty("goal").GetString());
    }

    [Fact]
    public async Task Sweep_Detail_HasParametersInSearchSpaceOrder_AndEveryMetric()
    {
        var detail = await GetAsync($"/api/sweeps/{fixture.Finished.Id}");

        var parameters = detail.GetProperty("parameters").EnumerateArray().ToList();
        Assert.Equal(["learning_rate", "layers", "optimizer"], parameters.Select(p => p.GetProperty("name").GetString()));
        Assert.True(parameters[0].GetProperty("log").GetBoolean(), "loguniform is plotted on a log axis");
        Assert.Equal("number", parameters[1].GetProperty("kind").GetString());
        Assert.Equal("category", parameters[2].GetProperty("kind").GetString());
        Assert.Equal(["adam", "sgd"], parameters[2].GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["accuracy", "loss"], detail.GetProperty("metrics").EnumerateArray().Select(m => m.GetString()));
        Assert.StartsWith("bandit(slack_factor=0.5", detail.GetProperty("early_termination").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(detail.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Trials_OfTheFinishedSweep_HaveStatesReasonsParametersAndFinalMetrics()
    {
        var trials = (await GetAsync($"/api/sweeps/{fixture.Finished.Id}/trials")).EnumerateArray().ToList();

        Assert.Equal(SweepScenarios.FinishedTrials, trials.Count);
        Assert.Equal(SweepScenarios.Terminated, fixture.TerminatedReasons.Keys.Order());
        foreach (var (number, reason) in fixture.TerminatedReasons)
        {
            Assert.StartsWith(SweepScenarios.TerminationReasonStart, reason, StringComparison.Ordinal);
            Assert.Equal("Terminated", trials[number].GetProperty("state").GetString());
            Assert.Equal(reason, trials[number].GetProperty("message").GetString());
            Assert.Equal(SweepScenarios.TerminatedIntervals, trials[number].GetProperty("intervals").GetInt32());
        }

        var failed = trials[SweepScenarios.FailedTrial];
        Assert.Equal("Failed", failed.GetProperty("state").GetString());
        Assert.Contains(SweepScenarios.FailureMessage, failed.GetProperty("message").GetString(), StringComparison.Ordinal);
        var completed = trials[0];
        Assert.Equal("Completed", completed.GetProperty("state").GetString());
        Assert.Equal(SweepScenarios.FullIntervals, completed.GetProperty("intervals").GetInt32());
        Assert.Equal(3, completed.GetProperty("parameters").EnumerateObject().Count());
        Assert.True(completed.GetProperty("metrics").GetProperty("loss").GetDouble() > 0, "the last loss is among the final metrics");
        Assert.True(completed.GetProperty("duration_seconds").GetDouble() >= 0);
    }

    [Fact]
    public async Task Metrics_PrimarySeries_HasOneSeriesPerTrial_WithEveryInterval()
    {
        var series = await GetAsync($"/api/sweeps/{fixture.Finished.Id}/metrics");

        Assert.Equal("accuracy", series.GetProperty("name").GetString());
        var trials = series.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(SweepScenarios.FinishedTrials, trials.Count);
        Assert.Equal(SweepScenarios.FullIntervals, trials[0].GetProperty("values").GetArrayLength());
        Assert.Equal(SweepScenarios.TerminatedIntervals, trials[3].GetProperty("values").GetArrayLength());
        Assert.Equal([1, 2, 3], trials[3].GetProperty("steps").EnumerateArray().Select(s => s.GetInt64()));

        var loss = await GetAsync($"/api/sweeps/{fixture.Finished.Id}/metrics?name=loss");
        Assert.Equal("loss", loss.GetProperty("name").GetString());
        Assert.Equal(SweepScenarios.FinishedTrials, loss.GetProperty("trials").GetArrayLength());
    }

    [Fact]
    public async Task Best_IsTheTrialWithTheHighestAccuracy_WithItsArguments()
    {
        var best = await GetAsync($"/api/sweeps/{fixture.Finished.Id}/best");
        var trials = (await GetAsync($"/api/sweeps/{fixture.Finished.Id}/trials")).EnumerateArray().ToList();

        var highest = trials.Where(t => t.GetProperty("value").ValueKind == JsonValueKind.Number).Max(t => t.GetProperty("value").GetDouble());
        Assert.Equal(highest, best.GetProperty("trial").GetProperty("value").GetDouble());
        Assert.Contains("--learning_rate", best.GetProperty("command_line").GetString(), StringComparison.Ordinal);
        Assert.Equal(6, best.GetProperty("arguments").GetArrayLength());
    }

    [Fact]
    public async Task Importance_RatesEveryParameter_SummingToOne_AndNeedsTenFinishedTrials()
    {
        var finished = await GetAsync($"/api/sweeps/{fixture.Finished.Id}/importance");
        var running = await GetAsync($"/api/sweeps/{fixture.Running.Id}/importance");

        Assert.Equal("ped-anova", finished.GetProperty("method").GetString());
        var parameters = finished.GetProperty("parameters").EnumerateArray().ToList();
        Assert.Equal(["layers", "learning_rate", "optimizer"], parameters.Select(p => p.GetProperty("name").GetString()).Order().ToArray());
        Assert.Equal(1.0, parameters.Sum(p => p.GetProperty("importance").GetDouble()), 9);
        Assert.Equal(parameters.Select(p => p.GetProperty("importance").GetDouble()).OrderDescending(), parameters.Select(p => p.GetProperty("importance").GetDouble()));
        Assert.Equal(0, running.GetProperty("parameters").GetArrayLength());
        Assert.Equal(10, running.GetProperty("min_trials").GetInt32());
    }

    [Fact]
    public async Task Trial_Detail_HasStateHistoryMetricSeriesLogsAndFiles()
    {
        var trial = await GetAsync($"/api/sweeps/{fixture.Finished.Id}/trials/3");

        Assert.Equal("Terminated", trial.GetProperty("trial").GetProperty("state").GetString());
        Assert.Equal(["Queued", "Running", "Terminated"], trial.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("state").GetString()));
        Assert.Equal(fixture.TerminatedReasons[3], trial.GetProperty("events")[2].GetProperty("message").GetString());
        Assert.Equal(["accuracy", "loss"], trial.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.True(trial.GetProperty("logs").GetProperty("stdout").GetProperty("exists").GetBoolean());
        Assert.Contains(trial.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == "stdout.txt");
    }

    [Fact]
    public async Task Logs_StdoutAndStderr_AreServedAsText()
    {
        var stdout = await Http.GetStringAsync($"/api/sweeps/{fixture.Finished.Id}/trials/0/logs/stdout", TestContext.Current.CancellationToken);
        var stderr = await Http.GetStringAsync($"/api/sweeps/{fixture.Finished.Id}/trials/{SweepScenarios.FailedTrial}/logs/stderr", TestContext.Current.CancellationToken);

        Assert.Contains("epoch 8: accuracy=", stdout, StringComparison.Ordinal);
        Assert.Contains(SweepScenarios.FailureMessage, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_TailOfALargeLog_SaysWhatIsLeftOut()
    {
        var text = await Http.GetStringAsync($"/api/sweeps/{fixture.Finished.Id}/trials/0/logs/stdout?tail=60", TestContext.Current.CancellationToken);

        Assert.StartsWith("[... the first ", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_InsideTheTrialFolder_AreServed()
    {
        var model = await Http.GetStringAsync($"/api/sweeps/{fixture.Finished.Id}/trials/0/files/outputs/model.txt", TestContext.Current.CancellationToken);

        Assert.Equal($"weights of trial {fixture.Finished.Id}-0\n", model);
    }

    [Theory]
    [InlineData("..%2F..%2F..%2Fhypersweep.db")]
    [InlineData("outputs%2F..%2F..%2F1%2Fstdout.txt")]
    [InlineData("%2Fetc%2Fpasswd")]
    [InlineData("outputs/..%2F..%2F..%2F..%2Fhypersweep.db")]
    public async Task Files_OutsideTheTrialFolder_AreRefused(string path)
    {
        using var response = await Http.GetAsync($"/api/sweeps/{fixture.Finished.Id}/trials/0/files/{path}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Contains("outside the trial's folder", problem.GetProperty("detail").GetString() + problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Files_ThroughASymbolicLinkLeadingOutside_AreRefused()
    {
        var folder = fixture.Finished.TrialDirectory(1);
        var link = Path.Combine(folder, "outputs", "escape");
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, fixture.StorePath);
        }

        var dirLink = Path.Combine(folder, "outputs", "up");
        if (!Directory.Exists(dirLink))
        {
            Directory.CreateSymbolicLink(dirLink, fixture.Root);
        }

        using var file = await Http.GetAsync($"/api/sweeps/{fixture.Finished.Id}/trials/1/files/outputs/escape", TestContext.Current.CancellationToken);
        using var throughDir = await Http.GetAsync($"/api/sweeps/{fixture.Finished.Id}/trials/1/files/outputs/up/hypersweep.db", TestContext.Current.CancellationToken);
        using var listing = await Http.GetAsync($"/api/sweeps/{fixture.Finished.Id}/trials/1/files", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, file.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, throughDir.StatusCode);
        var listed = await listing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("hypersweep.db", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_WithAHardLinkToAFileOutside_AreNeitherServedNorListed()
    {
        var folder = fixture.Finished.TrialDirectory(2);
        var outside = Path.Combine(fixture.Root, "secret-outside.txt");
        File.WriteAllText(outside, "a secret outside the trial's folder");
        var link = Path.Combine(folder, "outputs", "innocent.txt");
        if (!File.Exists(link))
        {
            using var ln = System.Diagnostics.Process.Start("ln", [outside, link]);
            await ln.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, ln.ExitCode);
        }

        using var file = await Http.GetAsync($"/api/sweeps/{fixture.Finished.Id}/trials/2/files/outputs/innocent.txt", TestContext.Current.CancellationToken);
        var listed = await Http.GetStringAsync($"/api/sweeps/{fixture.Finished.Id}/trials/2/files", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, file.StatusCode);
        Assert.Contains("has other hard links", await file.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.DoesNotContain("innocent.txt", listed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/sweeps/9999", HttpStatusCode.NotFound)]
    [InlineData("/api/sweeps/1/trials/999", HttpStatusCode.NotFound)]
    [InlineData("/api/sweeps/1/trials/0/logs/passwd", HttpStatusCode.BadRequest)]
    [InlineData("/api/sweeps/1/trials/0/logs/stdout?tail=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/sweeps/1/trials/0/files/outputs/missing.bin", HttpStatusCode.NotFound)]
    public async Task Errors_AreProblemDocuments(string url, HttpStatusCode status)
    {
        using var response = await Http.GetAsync(url.Replace("/sweeps/1/", $"/sweeps/{fixture.Finished.Id}/", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), "the problem says what was wrong");
    }

    [Fact]
    public async Task Events_StartWithAChangedEvent_ThenAnnounceChanges()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sweeps/{fixture.Running.Id}/events");
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var first = await reader.ReadLineAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("event: changed", first);
    }

    [Fact]
    public async Task Pages_AndTheirAssets_AreServedByTheApp()
    {
        foreach (var url in new[] { "/", $"/sweeps/{fixture.Finished.Id}", $"/sweeps/{fixture.Finished.Id}/trials/0" })
        {
            var html = await Http.GetStringAsync(url, TestContext.Current.CancellationToken);
            Assert.Contains("<script src=\"/assets/common.js\"></script>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        }

        using var plotly = await Http.GetAsync("/assets/plotly.min.js", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, plotly.StatusCode);
        Assert.True(plotly.Content.Headers.ContentLength > 1_000_000, "the chart library is served by the dashboard itself");
        using var missing = await Http.GetAsync("/assets/nope.js", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Report_Endpoint_IsOneSelfContainedFile()
    {
        using var response = await Http.GetAsync($"/api/sweeps/{fixture.Finished.Id}/report", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("window.HYPERSWEEP_REPORT", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"/assets", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/assets", html, StringComparison.Ordinal);
    }

    private async Task<JsonElement> GetAsync(string url)
    {
        using var response = await Http.GetAsync(url, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} gave {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
