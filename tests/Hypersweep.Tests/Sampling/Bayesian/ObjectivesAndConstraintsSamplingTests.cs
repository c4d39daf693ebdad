using Hypersweep.Pareto;
using Hypersweep.Sampling;
using Hypersweep.Sampling.Bayesian;
using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Sampling.Bayesian;

/// <summary>The Bayesian sampler with several objectives (ParEGO scalarizations) and with constraints (a feasibility model).</summary>
public sealed class ObjectivesAndConstraintsSamplingTests
{
    /// <summary>
    /// Runs a sequential sweep of <paramref name="trials"/> trials: <paramref name="evaluate"/> gives the objective
    /// values (minimized) and, with a constraint, its metric's value last.
    /// </summary>
    private static List<TrialRecord> Run(ISampler sampler, SearchSpace space, int objectives, Constraint? constraint, Func<double[], double[]> evaluate, int trials)
    {
        var history = new List<TrialRecord>();
        for (var i = 0; i < trials; i++)
        {
            var p = sampler.Suggest(space, history, 1).Single();
            var f = evaluate([.. p.Select(kv => kv.Value.AsDouble())]);
            var broken = constraint is { } c && !c.IsMetBy(f[objectives]);
            history.Add(History.Trial(i, p) with
            {
                Value = f[0],
                SecondaryValues = [.. f.Skip(1).Take(objectives - 1).Select(v => (double?)v)],
                ConstraintValues = constraint is null ? [] : [f[objectives]],
                Infeasibility = broken ? "broken" : null,
            });
        }

        return history;
    }

    private static double[] Zdt1(double[] x)
    {
        var g = 1 + (9 * x.Skip(1).Average());
        return [x[0], g * (1 - Math.Sqrt(x[0] / g))];
    }

    [Fact]
    public void TwoObjectives_TheFrontsHypervolume_BeatsRandomSamplingOnEverySeed()
    {
        var space = History.UnitCube(4);
        Objective[] objectives = [new("f0", Goal.Minimize), new("f1", Goal.Minimize)];
        double[] reference = [1.1, 11];
        for (var seed = 1; seed <= 4; seed++)
        {
            var bayesian = Run(BayesianSampler.For(seed, [Goal.Minimize, Goal.Minimize], []), space, 2, null, Zdt1, 40);
            var random = Run(new RandomSampler(seed), space, 2, null, Zdt1, 40);

            var hvBayesian = Hypervolume.Of(bayesian.Select(t => ParetoFront.Losses(t, objectives)!), reference);
            var hvRandom = Hypervolume.Of(random.Select(t => ParetoFront.Losses(t, objectives)!), reference);

            // The best possible is 12.1 - 1/3 = 11.767; 40 random points in 4 dimensions reach about 10.5.
            Assert.True(hvBayesian > hvRandom + 0.3, $"seed {seed}: Bayesian {hvBayesian:G5} against random {hvRandom:G5}");
            Assert.True(hvBayesian > 11.5, $"seed {seed}: Bayesian {hvBayesian:G5}");
        }
    }

    [Fact]
    public void TwoObjectives_SuggestionsSpreadAlongTheFront_NotOnlyAtOneEnd()
    {
        var space = History.UnitCube(3);
        var trials = Run(BayesianSampler.For(5, [Goal.Minimize, Goal.Minimize], []), space, 2, null, Zdt1, 50);

        var front = ParetoFront.Of(trials, [new Objective("f0", Goal.Minimize), new Objective("f1", Goal.Minimize)]);
        var f0 = front.Select(t => t.Value!.Value).Order().ToList();

        // A scalarization with one fixed weight would find one point of the front; new weights each round cover it.
        Assert.True(front.Count >= 8, $"{front.Count} trials on the front");
        Assert.True(f0[0] < 0.1 && f0[^1] > 0.7, $"the front spans f0 from {f0[0]:G3} to {f0[^1]:G3}");
    }

    /// <summary>Gardner et al. 2014: minimize cos 2x cos y + sin x subject to cos x cos y − sin x sin y ≤ 0.5 on [0, 6]².</summary>
    private static double[] Gardner(double[] u)
    {
        var (x, y) = (6 * u[0], 6 * u[1]);
        return [(Math.Cos(2 * x) * Math.Cos(y)) + Math.Sin(x), (Math.Cos(x) * Math.Cos(y)) - (Math.Sin(x) * Math.Sin(y))];
    }

    [Fact]
    public void Constraint_SuggestionsAvoidTheInfeasibleRegion_AndTheBestFeasibleIsNearTheOptimum()
    {
        var space = History.UnitCube(2);
        var constraint = new Constraint("c", ConstraintBound.AtMost, 0.5);
        var modelled = new List<double>();
        var ignored = new List<double>();
        var regrets = new List<double>();
        for (var seed = 1; seed <= 5; seed++)
        {
            var withModel = Run(BayesianSampler.For(seed, [Goal.Minimize], [constraint]), space, 1, constraint, Gardner, 40);
            var without = Run(new BayesianSampler(seed, Goal.Minimize), space, 1, constraint, Gardner, 40);
            modelled.Add(withModel.Skip(15).Count(t => !t.IsFeasible) / 25.0);
            ignored.Add(without.Skip(15).Count(t => !t.IsFeasible) / 25.0);
            // The feasible optimum is -2.0 (at about x = 4.71, y = 3.14 in the problem's units); infeasible trials never count.
            regrets.Add(withModel.Where(t => t.IsFeasible).Min(t => t.Value!.Value) + 2.0);
        }

        // Measured: 6% of the trials after the start break it with the model, 13% without (where infeasible trials
        // are only kept from being the incumbent); a model that got the constraint backwards would raise the share.
        Assert.True(modelled.Average() < 0.1, $"infeasible share after trial 15 with the model: {string.Join(", ", modelled)}");
        Assert.True(modelled.Average() < 0.6 * ignored.Average(), $"with the model {modelled.Average():P0}, without {ignored.Average():P0}");
        Assert.All(regrets, r => Assert.True(r < 0.01, $"regrets {string.Join(", ", regrets)}"));
    }
}

/// <summary>Expected hypervolume improvement, the two-objective acquisition.</summary>
public sealed class HypervolumeImprovementTests
{
    [Fact]
    public void LogValue_IsHighestInTheFrontsWidestGap_AndLowBesideKnownPoints()
    {
        // f0 = x, f1 = 1 - x: every point is on the front; the trials leave a gap between 0.15 and 0.85.
        var space = History.UnitCube(1);
        var xs = new[] { 0.0, 0.05, 0.1, 0.15, 0.85, 0.9, 0.95, 1.0 };
        var history = xs.Select((x, i) => History.Trial(i, new ParameterSet([new("p0", ParameterValue.Of(x))])) with { Value = x, SecondaryValues = [1 - x] }).ToList();
        var encoding = new SpaceEncoding(space);

        var ehvi = HypervolumeImprovement.Build(history, [Goal.Minimize, Goal.Minimize], encoding, BayesianSamplerOptions.Default, new HyperparameterCache(), 1)!;

        var middle = ehvi.LogValue([0.5]);
        Assert.True(middle > ehvi.LogValue([0.125]) + 1, $"the gap's middle {middle:G4} against beside known points {ehvi.LogValue([0.125]):G4}");
        Assert.True(middle > ehvi.LogValue([0.3]), $"the gap's middle {middle:G4} against its edge {ehvi.LogValue([0.3]):G4}");
    }

    [Fact]
    public void LogValue_IsTheExpectedHypervolumeGain_AsMonteCarloOverThePosteriorEstimatesIt()
    {
        // A curved front with noise-free trials: f0 = x0, f1 = (1 - x0)^2 + x1.
        var space = History.UnitCube(2);
        var random = new Random(3);
        var history = Enumerable.Range(0, 12).Select(i =>
        {
            var (a, b) = (random.NextDouble(), random.NextDouble() * 0.3);
            return History.Trial(i, new ParameterSet([new("p0", ParameterValue.Of(a)), new("p1", ParameterValue.Of(b))])) with { Value = a, SecondaryValues = [((1 - a) * (1 - a)) + b] };
        }).ToList();
        var ehvi = HypervolumeImprovement.Build(history, [Goal.Minimize, Goal.Minimize], new SpaceEncoding(space), BayesianSamplerOptions.Default, new HyperparameterCache(), 1)!;
        var volume = Hypervolume.Of(ehvi.Front, ehvi.Reference);

        foreach (var x in new[] { new[] { 0.5, 0.0 }, [0.05, 0.1], [0.9, 0.25], [0.3, 0.02] })
        {
            var (m0, v0) = ehvi.Models[0].Process.Predict(x);
            var (m1, v1) = ehvi.Models[1].Process.Predict(x);
            var sum = 0.0;
            const int Draws = 40_000;
            for (var s = 0; s < Draws; s++)
            {
                double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                double[] y = [m0 + (Math.Sqrt(v0) * Normal()), m1 + (Math.Sqrt(v1) * Normal())];
                sum += Hypervolume.Of([.. ehvi.Front, y], ehvi.Reference) - volume;
            }

            var estimate = sum / Draws;
            var exact = Math.Exp(ehvi.LogValue(x));
            Assert.InRange(exact, estimate * 0.95, (estimate * 1.05) + 1e-9);
        }
    }
}
