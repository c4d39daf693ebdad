using Hypersweep.Bench.Problems;
using Hypersweep.Sampling;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Sweeps;
using Hypersweep.Trials;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// A sweep of an in-process benchmark problem on a virtual clock: the sampler is asked exactly as the scheduler asks
/// it (a batch for the free slots at the start, then one suggestion per finished trial with the others pending), and
/// each trial lasts 5-35 units drawn from the seed and its number, so every run is reproducible. Sequentially (one
/// slot) this is the same computation as a sweep through <see cref="Sweep"/> with a store.
/// </summary>
internal static class VirtualSweep
{
    /// <summary>The trials of one sweep, in creation order, all completed.</summary>
    public static IReadOnlyList<TrialRecord> Run(BenchmarkProblem problem, ISampler sampler, int trials, int concurrency, int seed)
    {
        var history = new List<TrialRecord>();
        var running = new List<(double End, int Number)>();
        var now = 0.0;
        void Start(int count)
        {
            foreach (var parameters in sampler.Suggest(problem.Space, history, count))
            {
                var number = history.Count;
                history.Add(new TrialRecord { Id = number + 1, SweepId = 1, Number = number, Parameters = parameters, State = TrialState.Running, CreatedAt = DateTimeOffset.UnixEpoch });
                running.Add((now + 5 + (SampleEfficiencyBenchmark.SplitMix((ulong)((seed * 1000) + number)) % 30), number));
            }
        }

        Start(Math.Min(concurrency, trials));
        while (running.Count > 0)
        {
            var next = running.MinBy(r => (r.End, r.Number));
            running.Remove(next);
            now = next.End;
            var trial = history[next.Number];
            history[next.Number] = trial with { State = TrialState.Completed, Value = problem.Evaluate(trial.Parameters), Intervals = 1 };
            if (history.Count < trials)
            {
                Start(1);
            }
        }

        return history;
    }

    /// <summary>The Bayesian sampler of a sweep with this seed, minimizing.</summary>
    public static ISampler Bayesian(int seed) => new SamplingSpec(SamplingAlgorithm.Bayesian, Seed: seed).CreateSampler(seed, Goal.Minimize);

    /// <summary>Simple regret of the first <paramref name="budget"/> trials (clipped at 0).</summary>
    public static double Regret(BenchmarkProblem problem, IReadOnlyList<TrialRecord> trials, int budget) =>
        Math.Max(0, trials.Take(budget).Min(t => t.Value ?? double.PositiveInfinity) - problem.Optimum);

    /// <summary>
    /// True when a numeric parameter of the trial lies within <paramref name="margin"/> of a bound of its unit
    /// coordinate (choice parameters have no edge; unbounded normal ones are judged by their CDF, like the sampler).
    /// </summary>
    public static bool OnEdge(SearchSpace space, ParameterSet parameters, double margin = 1e-3)
    {
        foreach (var (name, distribution) in space)
        {
            if (distribution is ChoiceDistribution)
            {
                continue;
            }

            var u = distribution.ToUnit(parameters[name]);
            if (u < margin || u > 1 - margin)
            {
                return true;
            }
        }

        return false;
    }
}
