using Hypersweep.Sampling;
using Hypersweep.Sampling.Bayesian;
using Hypersweep.Space;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Sampling.Bayesian;

public sealed class HyperparameterCacheTests
{
    [Fact]
    public void Anchor_IsEveryObservationEarlyThenEveryTenPercent()
    {
        Assert.Equal(1, HyperparameterCache.Anchor(1));
        Assert.Equal(40, HyperparameterCache.Anchor(40));
        Assert.Equal(40, HyperparameterCache.Anchor(43));
        Assert.Equal(44, HyperparameterCache.Anchor(44));
        Assert.Equal(44, HyperparameterCache.Anchor(48));
        var anchors = Enumerable.Range(1, 1000).Select(HyperparameterCache.Anchor).Distinct().ToList();
        Assert.True(anchors.Count < 80, $"{anchors.Count} refits over 1000 trials");
        Assert.All(Enumerable.Range(41, 960), m => Assert.InRange(HyperparameterCache.Anchor(m), (int)(m / 1.11), m));
    }

    [Fact]
    public void Suggest_BeyondTheAnchors_IsTheSameForAFreshAndAWarmSampler()
    {
        // 52 finished trials: the hyperparameters come from the cached fit of the first 49 observations (the anchor).
        var space = new SearchSpace { { "a", Distributions.Uniform(0, 1) }, { "b", Distributions.Uniform(0, 1) } };
        var points = new SobolSampler(4).Suggest(space, [], 52);
        var history = CompletedTrials.Of(points, p => Math.Sin(6 * p["a"].AsDouble()) + Math.Pow(p["b"].AsDouble() - 0.4, 2));
        var warm = new BayesianSampler(9, Goal.Minimize);
        for (var n = 45; n < 52; n++)
        {
            warm.Suggest(space, history.Take(n).ToList(), 1);
        }

        var fromWarm = warm.Suggest(space, history, 2);
        var fromFresh = new BayesianSampler(9, Goal.Minimize).Suggest(space, history, 2);
        Assert.Equal(fromFresh, fromWarm);
    }

    [Fact]
    public void OutputTransform_KeepsTheOrderAndTamesAHeavyTail()
    {
        double[] losses = [0.5, 3, 12, 40, 150, 900, 4000, 25000, 1e5, 8e5];
        var transformed = (double[])losses.Clone();
        var lambda = OutputTransform.Apply(transformed);
        Assert.True(lambda < 0.5, $"a heavy right tail should get a compressing transform, got lambda {lambda}");
        for (var i = 1; i < losses.Length; i++)
        {
            Assert.True(transformed[i] > transformed[i - 1], "the transform must keep the order");
        }

        Assert.Equal(0, transformed.Average(), 10);
        // The largest value pulls less far from the rest than it does standardized alone.
        var standardized = (double[])losses.Clone();
        OutputTransform.Standardize(standardized);
        Assert.True(transformed[^1] - transformed[^2] < 0.75 * (standardized[^1] - standardized[^2]), "the tail should be compressed");
    }
}
