using Hypersweep.Analysis;
using Hypersweep.Sampling;
using Hypersweep.Space;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Analysis;

/// <summary>PED-ANOVA importances on functions whose importances are known, from seeded random samples.</summary>
public sealed class ParameterImportanceTests
{
    private static readonly SearchSpace Space = new()
    {
        { "strong", Distributions.Uniform(0, 1) },
        { "weak", Distributions.LogUniform(-6, 0) },
        { "none", Distributions.Uniform(-5, 5) },
        { "kind", Distributions.Choice("a", "b", "c") },
    };

    private static List<TrialRecord> Sample(int count, Func<ParameterSet, double> value, int seed = 1) =>
        CompletedTrials.Of(new RandomSampler(seed).Suggest(Space, [], count), value);

    [Fact]
    public void AParameterThatDrivesTheValue_RanksFirst_OneThatDoesNothing_Last()
    {
        // loss = 10 * strong + 1 * ln(weak)/6 (+ nothing from 'none' and 'kind'): strong > weak > none, kind.
        var trials = Sample(400, p => (10 * p["strong"].AsDouble()) + (Math.Log(p["weak"].AsDouble()) / 6));

        var importance = ParameterImportance.Of(Space, trials, Goal.Minimize);

        Assert.Equal(1.0, importance.Values.Sum(), 9);
        Assert.True(importance["strong"] > 0.6, string.Join(", ", importance.Select(p => $"{p.Key} {p.Value:0.000}")));
        Assert.True(importance["weak"] > importance["none"] && importance["weak"] > importance["kind"], string.Join(", ", importance.Select(p => $"{p.Key} {p.Value:0.000}")));
        Assert.True(importance["none"] < 0.1 && importance["kind"] < 0.1, string.Join(", ", importance.Select(p => $"{p.Key} {p.Value:0.000}")));
    }

    [Fact]
    public void AChoiceThatDecidesTheValue_RanksFirst_WhicheverTheGoal()
    {
        // Only 'kind' matters (c scores 5, a and b 0); maximizing, the best tenth is all c; minimizing, all a or b.
        var trials = Sample(300, p => p["kind"].ToString() == "c" ? 5 : 0, seed: 2);

        foreach (var goal in new[] { Goal.Maximize, Goal.Minimize })
        {
            var importance = ParameterImportance.Of(Space, trials, goal);
            var said = $"{goal}: " + string.Join(", ", importance.Select(p => $"{p.Key} {p.Value:0.000}"));
            Assert.True(importance["kind"] > 0.5, said);
            Assert.Equal("kind", importance.MaxBy(p => p.Value).Key);
        }
    }

    [Fact]
    public void TooFewTrials_OrOnlyUnfinishedOnes_GiveNoImportances()
    {
        Assert.Empty(ParameterImportance.Of(Space, Sample(9, _ => 1), Goal.Minimize));
        var running = Sample(50, p => p["strong"].AsDouble()).Select(t => t with { State = TrialState.Running }).ToList();
        Assert.Empty(ParameterImportance.Of(Space, running, Goal.Minimize));
    }

    [Fact]
    public void ConditionalParameters_AreRatedOnTheTrialsThatHaveThem()
    {
        // optimizer sgd brings momentum, which decides sgd's loss; adam brings beta1, which does nothing; noise does nothing.
        var space = new SearchSpace
        {
            { "optimizer", Distributions.Choice("sgd", "adam") },
            { "momentum", Distributions.Uniform(0, 1), new ParameterCondition("optimizer", ParameterValue.Of("sgd")) },
            { "beta1", Distributions.Uniform(0, 1), new ParameterCondition("optimizer", ParameterValue.Of("adam")) },
            { "noise", Distributions.Uniform(0, 1) },
        };
        var trials = CompletedTrials.Of(new RandomSampler(3).Suggest(space, [], 400), p => p.TryGetValue("momentum", out var m) ? 5 * Math.Abs(m.AsDouble() - 0.9) : 2);

        var importance = ParameterImportance.Of(space, trials, Goal.Minimize);

        var said = string.Join(", ", importance.Select(p => $"{p.Key} {p.Value:0.000}"));
        Assert.Equal(1.0, importance.Values.Sum(), 9);
        Assert.True(importance["momentum"] > importance["beta1"] && importance["momentum"] > importance["noise"], said);
        Assert.True(importance["beta1"] < 0.05, said);
    }
}
