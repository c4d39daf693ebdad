using Hypersweep.Sampling;
using Hypersweep.Space;
using Hypersweep.Tests.Space;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Sampling;

public sealed class RandomSamplerTests
{
    private static readonly SearchSpace Space = new()
    {
        { "lr", Distributions.LogUniform(-6, -1) },
        { "layers", Distributions.RandInt(8) },
        { "act", Distributions.Choice("relu", "tanh") },
        { "dropout", Distributions.Uniform(0, 0.5) },
        { "width", Distributions.QNormal(64, 16, 8) },
    };

    [Fact]
    public void SameSeed_GivesTheSameSuggestions()
    {
        var a = new RandomSampler(42).Suggest(Space, [], 50);
        var b = new RandomSampler(42).Suggest(Space, [], 50);

        Assert.Equal(50, a.Count);
        Assert.Equal(a, b);
        Assert.Equal(a.Select(p => p.ToJson()), b.Select(p => p.ToJson()));
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentSuggestions()
    {
        var a = new RandomSampler(42).Suggest(Space, [], 50);
        var b = new RandomSampler(43).Suggest(Space, [], 50);

        Assert.All(a.Zip(b), pair => Assert.NotEqual(pair.First["lr"], pair.Second["lr"]));
    }

    [Fact]
    public void SuggestingOneAtATime_GivesTheSameSequenceAsBatchesOfFive()
    {
        var sampler = new RandomSampler(7);
        var single = new List<TrialRecord>();
        var batched = new List<TrialRecord>();

        while (single.Count < 20)
        {
            single.Add(History.Trial(single.Count, Assert.Single(sampler.Suggest(Space, single, 1))));
        }

        while (batched.Count < 20)
        {
            foreach (var p in sampler.Suggest(Space, batched, 5))
            {
                batched.Add(History.Trial(batched.Count, p));
            }
        }

        Assert.Equal(single.Select(t => t.Parameters), batched.Select(t => t.Parameters));
        Assert.Equal(new RandomSampler(7).Suggest(Space, [], 20), single.Select(t => t.Parameters));
    }

    [Fact]
    public void TrialN_DependsOnlyOnTheSeedAndN_NotOnWhatTheHistoryHolds()
    {
        var fresh = new RandomSampler(3).Suggest(Space, [], 12);
        var other = History.Of(new RandomSampler(99).Suggest(Space, [], 9), TrialState.Failed);

        var resumed = new RandomSampler(3).Suggest(Space, other, 3);

        Assert.Equal(fresh.Skip(9), resumed);
    }

    [Fact]
    public void Suggestions_AreDistinct_AndCountZeroGivesNone()
    {
        var sampler = new RandomSampler(11);

        Assert.Empty(sampler.Suggest(Space, [], 0));
        var many = sampler.Suggest(History.UnitCube(2), [], 5000);
        Assert.Equal(5000, many.Distinct().Count());
        Assert.Equal(11, sampler.Seed);
    }

    [Fact]
    public void ParametersOfOneTrial_AreIndependent()
    {
        // The pairs (u0, u1) and (u1, u2) of each trial, binned on a 10 x 10 grid, must be uniform.
        var points = History.Coordinates(new RandomSampler(2025).Suggest(History.UnitCube(3), [], SampleChecks.N));
        var expected = Enumerable.Range(0, 100).ToDictionary(i => (long)i, _ => 0.01);

        SampleChecks.AssertFrequencies(points.Select(p => Cell(p[0], p[1])), expected, "(p0, p1) within a trial");
        SampleChecks.AssertFrequencies(points.Select(p => Cell(p[1], p[2])), expected, "(p1, p2) within a trial");
        Assert.InRange(Correlation(points.Select(p => (p[0], p[1]))), -0.03, 0.03);
    }

    [Fact]
    public void ConsecutiveTrials_AreIndependent()
    {
        var points = History.Coordinates(new RandomSampler(2026).Suggest(History.UnitCube(1), [], SampleChecks.N + 1));
        var expected = Enumerable.Range(0, 100).ToDictionary(i => (long)i, _ => 0.01);
        var pairs = points.Zip(points.Skip(1), (a, b) => (a[0], b[0])).ToList();

        SampleChecks.AssertFrequencies(pairs.Select(p => Cell(p.Item1, p.Item2)), expected, "(trial n, trial n + 1)");
        Assert.InRange(Correlation(pairs), -0.03, 0.03);
    }

    private static long Cell(double x, double y) => ((long)(x * 10) * 10) + (long)(y * 10);

    private static double Correlation(IEnumerable<(double X, double Y)> pairs)
    {
        var list = pairs.ToList();
        var mx = list.Average(p => p.X);
        var my = list.Average(p => p.Y);
        var cov = list.Sum(p => (p.X - mx) * (p.Y - my));
        return cov / Math.Sqrt(list.Sum(p => (p.X - mx) * (p.X - mx)) * list.Sum(p => (p.Y - my) * (p.Y - my)));
    }
}
