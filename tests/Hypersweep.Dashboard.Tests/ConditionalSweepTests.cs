using Hypersweep.Dashboard.Tests.Fixtures;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.Sweeps;
using Hypersweep.Trials;

namespace Hypersweep.Dashboard.Tests;

/// <summary>
/// A sweep over a conditional search space, run in-process through the Sweep API into its own store, then its offline
/// report in real headless Chromium: inactive parameters are empty cells and an "(inactive)" tick, never a script error
/// or an undefined/NaN on the page.
/// </summary>
public sealed class ConditionalSweepTests(BrowserFixture browser) : IAsyncLifetime
{
    private const int Trials = 12;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hypersweep-conditional-" + Guid.NewGuid().ToString("N")[..8]);

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static SweepSpec Spec() => new()
    {
        Name = "conditional",
        SearchSpace = new SearchSpace
        {
            { "lr", Distributions.LogUniform(Math.Log(1e-4), Math.Log(1e-1)) },
            { "optimizer", Distributions.Choice("sgd", "adam") },
            { "momentum", Distributions.Uniform(0, 0.99), new ParameterCondition("optimizer", ParameterValue.Of("sgd")) },
            { "beta1", Distributions.Choice(0.8, 0.9, 0.95), new ParameterCondition("optimizer", ParameterValue.Of("adam")) },
        },
        Objective = new Objective("accuracy", Goal.Maximize),
        Sampling = new SamplingSpec(SamplingAlgorithm.Bayesian, Seed: 4),
        Limits = new SweepLimits { MaxTotalTrials = Trials, MaxConcurrentTrials = 2 },
    };

    [Fact]
    public async Task InProcessSweep_GivesEachTrialItsActiveParametersOnly_AndTheReportShowsInactiveOnesEmpty()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = SqliteSweepStore.Open(Path.Combine(_root, "hypersweep.db"));
        var sweep = new Sweep(Spec()) { Store = store };

        var result = await sweep.RunAsync((trial, token) =>
        {
            var sgd = trial.GetString("optimizer") == "sgd";
            // An inactive parameter is not there at all.
            if (sgd != trial.Parameters.TryGetValue("momentum", out _) || sgd == trial.Parameters.TryGetValue("beta1", out _))
            {
                throw new InvalidOperationException($"trial {trial.Id} got {trial.Parameters}");
            }

            var accuracy = sgd ? 0.9 - Math.Abs(trial.GetDouble("momentum") - 0.9) : 0.85 + (trial.GetDouble("beta1") / 100);
            trial.Report("accuracy", accuracy - (0.01 * Math.Abs(Math.Log10(trial.GetDouble("lr")) + 2.5)), 1);
            return Task.CompletedTask;
        }, ct);

        var trials = await store.ListTrialsAsync(result.Sweep.Id, ct);
        Assert.Equal(Trials, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.Contains(trials, t => t.Parameters["optimizer"].AsString() == "sgd");
        Assert.Contains(trials, t => t.Parameters["optimizer"].AsString() == "adam");

        var path = Path.Combine(_root, "report.html");
        await File.WriteAllTextAsync(path, await Report.SweepReport.RenderAsync(store, result.Sweep.Id, cancellationToken: ct), ct);
        await using var page = await browser.OpenAsync();
        await page.Page.GotoAsync(new Uri(path).AbsoluteUri);
        await page.Page.WaitForFunctionAsync($"() => document.querySelectorAll('#trials-table tbody tr').length === {Trials} && document.getElementById('parcoords-chart').data");

        Assert.Equal(["lr (log)", "optimizer", "momentum (lowest: inactive)", "beta1 (lowest: inactive)", "accuracy (maximize)"],
            await page.Page.EvaluateAsync<string[]>("() => document.getElementById('parcoords-chart').data[0].dimensions.map(d => d.label)"));
        Assert.Equal("(inactive)", await page.Page.EvaluateAsync<string>("() => document.getElementById('parcoords-chart').data[0].dimensions[3].ticktext[0]"));
        Assert.True(await page.Page.EvaluateAsync<bool>("() => document.getElementById('parcoords-chart').data[0].dimensions.every(d => d.values.every(v => Number.isFinite(v)))"), "every axis value is a number");
        await page.ScreenshotAsync("report-conditional");
        await page.AssertHealthyAsync();
    }
}
