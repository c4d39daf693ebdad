using Hypersweep.Sampling;
using Hypersweep.Sampling.Bayesian;
using Hypersweep.Space;
using Hypersweep.Tests.Space;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Sampling;

/// <summary>Random, Sobol, grid and Bayesian sampling over a conditional search space.</summary>
public sealed class ConditionalSamplingTests
{
    private const int Draws = 3000;

    public static TheoryData<string> Samplers => new("random", "sobol");

    private static ISampler Create(string name) => name == "random" ? new RandomSampler(17) : new SobolSampler(17);

    /// <summary>The parameters a set must have, given its choices (see <see cref="ConditionalSpaceTests.Optimizers"/>).</summary>
    private static string[] Expected(ParameterSet p) => p["optimizer"].AsString() switch
    {
        "sgd" => ["lr", "optimizer", "momentum", "nesterov"],
        "adam" when p["amsgrad"].AsBoolean() => ["lr", "optimizer", "beta1", "beta2", "amsgrad", "clip"],
        "adam" => ["lr", "optimizer", "beta1", "beta2", "amsgrad"],
        _ => ["lr", "optimizer"],
    };

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Suggest_DrawsEachBranchAsOftenAsItsChoice_AndItsParametersExactlyThere(string sampler)
    {
        var space = ConditionalSpaceTests.Optimizers();

        var points = Create(sampler).Suggest(space, [], Draws);

        // Each optimizer a third of the time (a sampler that weighted branches by their size, or drew the choice after
        // its children, would be off by far more than the tolerance: about 4 standard errors of a random sample).
        foreach (var optimizer in new[] { "sgd", "adam", "rmsprop" })
        {
            var share = points.Count(p => p["optimizer"].AsString() == optimizer) / (double)Draws;
            Assert.InRange(share, (1 / 3.0) - 0.035, (1 / 3.0) + 0.035);
        }

        // amsgrad: true half of the adam trials: clip in a sixth of all.
        Assert.InRange(points.Count(p => p.TryGetValue("clip", out _)) / (double)Draws, (1 / 6.0) - 0.03, (1 / 6.0) + 0.03);
        Assert.All(points, p => Assert.Equal(Expected(p), p.Names));
        // Where momentum exists it follows its own distribution, uniform(0, 0.99): mean 0.495.
        var momentum = points.Where(p => p.TryGetValue("momentum", out _)).Select(p => p["momentum"].AsDouble()).ToList();
        Assert.InRange(momentum.Average(), 0.495 - 0.03, 0.495 + 0.03);
        Assert.All(momentum, m => Assert.InRange(m, 0, 0.99));
    }

    /// <summary>optimizer [sgd, adam] x batch [16, 32]; sgd brings momentum [0, 0.9]; adam brings beta1 [0.9, 0.95], beta2 [0.99, 0.999] and amsgrad [true, false]; amsgrad true brings clip [1, 5, 10].</summary>
    private static SearchSpace GridSpace() => new()
    {
        { "optimizer", Distributions.Choice("sgd", "adam") },
        { "momentum", Distributions.Choice(0.0, 0.9), new ParameterCondition("optimizer", ParameterValue.Of("sgd")) },
        { "beta1", Distributions.Choice(0.9, 0.95), new ParameterCondition("optimizer", ParameterValue.Of("adam")) },
        { "beta2", Distributions.Choice(0.99, 0.999), new ParameterCondition("optimizer", ParameterValue.Of("adam")) },
        { "amsgrad", Distributions.Choice(true, false), new ParameterCondition("optimizer", ParameterValue.Of("adam")) },
        { "clip", Distributions.Choice(1L, 5L, 10L), new ParameterCondition("amsgrad", ParameterValue.Of(true)) },
        { "batch", Distributions.Choice(16L, 32L) },
    };

    [Fact]
    public void Grid_EnumeratesEveryCombinationOfActiveParametersOnce_NotTheCrossProduct()
    {
        var space = GridSpace();

        var points = new GridSampler().Suggest(space, [], 1000);

        // (sgd: 2 momenta + adam: 2 x 2 x (3 clips + amsgrad false)) x 2 batches = (2 + 16) x 2 = 36, not 2*2*2*2*2*3*2 = 192.
        Assert.Equal(36, GridSampler.Size(space));
        Assert.Equal(36, points.Count);
        Assert.Equal(36, points.Distinct().Count());
        Assert.All(points, p => Assert.All(space.Names, n => Assert.Equal(space.IsActive(n, p), p.TryGetValue(n, out _))));
        Assert.Equal(4, points.Count(p => p["optimizer"].AsString() == "sgd"));
        Assert.Equal(24, points.Count(p => p.TryGetValue("clip", out _)));
        // Nested loops in declaration order: the first points are sgd with momentum 0, batch fastest.
        Assert.Equal("optimizer=sgd momentum=0 batch=16", points[0].ToString());
        Assert.Equal("optimizer=sgd momentum=0 batch=32", points[1].ToString());
        Assert.Equal("optimizer=adam beta1=0.9 beta2=0.99 amsgrad=true clip=1 batch=16", points[4].ToString());
    }

    [Fact]
    public void Grid_ResumedWithPartOfTheTreeDone_GivesTheRestOnly()
    {
        var space = GridSpace();
        var done = GridSampler.Enumerate(space).Take(10).ToList();

        var rest = new GridSampler().Suggest(space, History.Of(done), 1000);

        Assert.Equal(26, rest.Count);
        Assert.Empty(rest.Intersect(done));
    }

    /// <summary>A loss over the optimizer tree: sgd is best near momentum 0.9, adam near beta1 0.85, rmsprop is flat.</summary>
    private static double Loss(ParameterSet p)
    {
        var lr = Math.Log(p["lr"].AsDouble());
        var l = Math.Pow((lr + 5) / 3.5, 2);
        return p["optimizer"].AsString() switch
        {
            "sgd" => l + (4 * Math.Pow(p["momentum"].AsDouble() - 0.9, 2)) + (p["nesterov"].AsBoolean() ? 0 : 0.1),
            "adam" => l + 0.4 + Math.Pow(p["beta1"].AsDouble() - 0.85, 2) + (p.TryGetValue("clip", out var c) ? 0.01 * c.AsDouble() : 0.05),
            _ => l + 0.8,
        };
    }

    [Fact]
    public void Bayesian_SuggestsOnlyConsistentSets_AndLearnsTheBestBranch()
    {
        // The best is sgd with momentum near 0.9 and lr near e^-5 (loss 0); adam cannot go below 0.4. A run whose initial
        // design's sgd trials were all bad (momentum far from 0.9) first settles adam's basin and must find sgd's when it
        // stalls and explores. Over seeds 1..20, 40 trials: sgd's basin (loss below 0.15) in 19 of 20 runs; seed 3 of
        // these ten ends in adam's basin (0.401).
        var space = ConditionalSpaceTests.Optimizers();
        var outcomes = new List<string>();
        var bestBranchFound = 0;
        for (var seed = 1; seed <= 10; seed++)
        {
            var sampler = new BayesianSampler(seed, Goal.Minimize);
            var history = new List<TrialRecord>();
            for (var i = 0; i < 40; i++)
            {
                var p = sampler.Suggest(space, history, 1).Single();
                Assert.Equal(Expected(p), p.Names);
                history.Add(History.Trial(i, p) with { Value = Loss(p) });
            }

            var best = history.MinBy(t => t.Value)!;
            outcomes.Add($"seed {seed}: {best.Value:F3} at {best.Parameters}");
            if (best.Parameters["optimizer"].AsString() == "sgd" && best.Value < 0.15)
            {
                bestBranchFound++;
            }
            else
            {
                // A run that misses sgd's basin has at least settled adam's: beta1 near 0.85, clip at its lower bound.
                Assert.True(best.Value < 0.41, $"seed {seed} found neither basin: {outcomes[^1]}");
            }
        }

        Assert.True(bestBranchFound >= 9, $"sgd's basin found in {bestBranchFound} of 10 runs: {string.Join("; ", outcomes)}");
    }

    [Fact]
    public void BayesianEncoding_PutsInactiveCoordinatesAtAFixedValue_SoPointsDifferingOnlyThereAreOne()
    {
        var space = ConditionalSpaceTests.Optimizers();
        var encoding = new SpaceEncoding(space);
        var rmsprop = space.FromUnit([0.5, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
        var x = new double[space.Count];
        var stray = new ParameterSet([.. rmsprop, new("momentum", ParameterValue.Of(0.5))]);

        Assert.True(encoding.TryEncode(rmsprop, x));
        Assert.Equal(encoding.InactiveValue[2..], x[2..]);
        Assert.False(encoding.TryEncode(stray, new double[space.Count]), "a set with a value for an inactive parameter belongs to another space");
        // A candidate whose inactive coordinates wandered snaps back to the same point.
        double[] moved = [.. x];
        moved[2] = 0.9;
        moved[7] = 0.2;
        encoding.Snap(moved);
        Assert.Equal(x, moved);
        Assert.Equal(rmsprop, encoding.Decode(moved));
    }
}
