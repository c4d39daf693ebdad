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
    public void WithStoppedTrials_BeyondTheAnchors_TheFitIsKeptUntilTheNextAnchor_AndAFreshCacheFitsTheSame()
    {
        // 52 and 53 finished trials, three in four stopped early with their curves: both have the anchor 49, so one fit
        // serves both, although the 53rd trial's curve moves the losses predicted for the stopped trials before it.
        var space = new SearchSpace { { "u", Distributions.Uniform(0, 1) }, { "v", Distributions.Uniform(0, 1) } };
        var encoding = new SpaceEncoding(space);
        var points = new SobolSampler(5).Suggest(space, [], 53);
        var curves = new Dictionary<long, IReadOnlyList<double>>();
        var history = CompletedTrials.Of(points, _ => 0);
        for (var i = 0; i < history.Count; i++)
        {
            var (u, v) = (points[i]["u"].AsDouble(), points[i]["v"].AsDouble());
            var end = 0.05 + Math.Pow(u - 0.3, 2) + (0.1 * v);
            var intervals = i % 4 == 0 ? 30 : 3 + (i % 7);
            var curve = Enumerable.Range(1, intervals).Select(t => end + ((0.9 - end) * Math.Exp(-(0.05 + (0.6 * u)) * t))).ToList();
            curves[history[i].Id] = curve;
            history[i] = history[i] with { State = i % 4 == 0 ? TrialState.Completed : TrialState.Terminated, Value = curve.Min() };
        }

        var before = Observations.From(history.Take(52).ToList(), encoding, Goal.Minimize, id => curves[id]);
        var after = Observations.From(history, encoding, Goal.Minimize, id => curves[id]);
        Assert.Equal(HyperparameterCache.Anchor(52), HyperparameterCache.Anchor(53));
        var lossAfter = Enumerable.Range(0, after.Count).ToDictionary(i => after.HistoryIndex[i], i => after.Losses[i]);
        Assert.True(Enumerable.Range(0, before.Count).Any(i => !before.Completed[i] && before.Losses[i] != lossAfter[before.HistoryIndex[i]]), "the new curve should move a stopped trial's predicted loss");

        var cache = new HyperparameterCache();
        var first = cache.Get(before, encoding, BayesianSamplerOptions.Default);
        var second = cache.Get(after, encoding, BayesianSamplerOptions.Default);
        var fresh = new HyperparameterCache().Get(after, encoding, BayesianSamplerOptions.Default);
        Assert.Same(first, second);
        Assert.Equal(fresh.ToLog(), second.ToLog());

        // The fit is the one a sweep whose history ended with the anchor's last trial would make.
        var anchor = HyperparameterCache.Anchor(53);
        var ended = history.Take(after.HistoryIndex[after.InHistoryOrder().ElementAt(anchor - 1)] + 1).ToList();
        var endedThere = Observations.From(ended, encoding, Goal.Minimize, id => curves[id]);
        Assert.Equal(anchor, endedThere.Count);
        Assert.Equal(new HyperparameterCache().Get(endedThere, encoding, BayesianSamplerOptions.Default).ToLog(), second.ToLog());

        // A trial in the prefix that recorded something else is a different prefix.
        var changed = history.Select(t => t.Number == 8 ? t with { Value = t.Value + 0.01 } : t).ToList();
        var third = cache.Get(Observations.From(changed, encoding, Goal.Minimize, id => curves[id]), encoding, BayesianSamplerOptions.Default);
        Assert.NotSame(second, third);
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
