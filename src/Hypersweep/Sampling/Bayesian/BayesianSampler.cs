using Hypersweep.Sampling.Sobol;
using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// Gaussian-process Bayesian optimization (<c>sampling_algorithm: bayesian</c>). The first trials follow a scrambled
/// Sobol design; after that each suggestion fits a GP with a Matérn-5/2 kernel (one length scale per parameter, a
/// categorical distance for <c>choice</c>) and a quadratic trend as its prior mean (<see cref="QuadraticTrend"/>) to the
/// losses of earlier trials, power-transformed and standardized, with the hyperparameters and the noise fitted by
/// maximizing the marginal likelihood (multi-start L-BFGS), and picks the point that maximizes log expected improvement
/// over the best completed trial (Sobol and local candidates, L-BFGS refinement of the local ones, rounding to
/// reachable values; see <see cref="AcquisitionOptimizer"/>). Trials still running are fantasized at the posterior
/// mean (kriging believer) and points closer to one of them than half its distance to the nearest observation (at
/// most a tenth of a length scale) are passed over, so concurrent suggestions spread out; no suggestion repeats a
/// parameter set of the history or of the same batch. Trials stopped early inform the model without counting as
/// finished (see <see cref="Observations"/>). Deterministic: the same seed, space and history give the same suggestions.
/// <para>
/// When a run has stalled (its last <see cref="StallWindow"/> completed trials improved the best loss by at most
/// <see cref="StallTolerance"/> of its distance to the median), every other suggestion is an exploration step: EI
/// against a bar <see cref="ExplorationMargin"/> below the incumbent, over the candidates near the best points only,
/// unrefined. Plain EI in a converged run keeps buying improvements in the last digits of the incumbent's basin, since
/// the model is sure nothing else is better; asking for a real improvement makes it try the moves whose outcome it is
/// unsure of, such as one coordinate across its range. On bench/edge-problems.json's Styblinski-Tang 8 with the optimum
/// in a corner, where each coordinate has a second, worse minimum, 7 of seeds 1..10 reached the optimum in 100 trials
/// without these steps and 9 with them (BayesianSamplerTests).
/// </para>
/// <para>
/// Once the history holds <see cref="CheapExplorationFrom"/> trials and the sweep's early-termination policy has
/// stopped one, a trial that turns out poor costs only the intervals before it is stopped, so exploring is cheap, and
/// only the trials that run to the end can be the best. The sampler then gives <see cref="UncertainShare"/> of its suggestions
/// to the point where the model is least certain (the largest posterior variance among the quasi-random candidates:
/// BOHB keeps a random share under Hyperband for the same reason), and aims the others at the best final loss: EI
/// against the lowest posterior mean at a completed trial rather than the best observed value, a noisy draw that few
/// completions no longer average out, and without the stall test's exploration steps. Measured on bench's
/// learning_curve (bench/results/pruning-notes.md; 100 trials, 10 seeds, best err_50 relative to the run without a
/// policy): median stopping 0.743 → 0.570 of the epochs at 1.026 → 0.966 of the best, Hyperband 1.302 → 1.193,
/// truncation selection (50%) 1.336 → 1.177, Bandit 1.734 → 1.434, ASHA 1.380 → 1.390, truncation selection (75%) 1.919.
/// </para>
/// <para>
/// With two objectives every suggestion is the point of highest expected hypervolume improvement
/// (<see cref="HypervolumeImprovement"/>, in closed form); with three or more, the objectives are scalarized afresh for
/// every suggestion round with a random weight (<see cref="ParEgo"/>), since a Monte-Carlo EHVI cost ten times more and
/// did worse on DTLZ2 (14.86 against 14.92 with ParEGO alone). Measured on bench/ (multi-objective, median hypervolume
/// at 100 trials, seeds 1..20): ParEGO alone 11.738 on ZDT1, 11.407 on ZDT2, 9.174 on the mixed trade-off; alternating
/// ParEGO and EHVI 11.750, 11.415, 9.194239; EHVI every round 11.732, 11.392, 9.194262 (seeds 21..40: alternating
/// 11.750, 11.415, 9.194244; EHVI 11.731, 11.396, 9.194260). EHVI fills the gaps of a front of discrete choices that
/// random weights miss and refines each of its points; ParEGO's refined EI converges a little closer on a smooth front,
/// but there EHVI alone stays far above every peer, while alternating stayed below Optuna 5 GP on the trade-off
/// (9.194247). (With the noise floor at 1e-6, EHVI every round reached 9.194237 to 9.194245 only.) With either,
/// constraints multiply the acquisition by the modelled probability of keeping them (<see cref="FeasibilityModel"/>),
/// and an infeasible trial never becomes the incumbent.
/// </para>
/// </summary>
public sealed class BayesianSampler : ISampler
{
    /// <summary>The number of latest completed trials over which a run that has not improved counts as stalled.</summary>
    private const int StallWindow = 10;

    /// <summary>
    /// A run has stalled when those trials improved the best loss by at most this share of (median − best). At 1e-3 a
    /// run still converging in its basin counted as stalled and gave every other trial to exploration (Branin, three
    /// equal optima: median regret at 50 trials 6.3e-5 against 1.9e-5 at 1e-5, bench gp-peer). At 1e-5 with the model
    /// resolving improvements down to <see cref="GpFitter.MinNoise"/>, a run in a worse basin kept finding improvements
    /// that small and never explored (a conditional space settled in adam's basin, ConditionalSamplingTests). 1e-4
    /// keeps both.
    /// </summary>
    private const double StallTolerance = 1e-4;

    /// <summary>How much better than the incumbent (in standardized transformed losses) an exploration step asks for.</summary>
    private const double ExplorationMargin = 0.3;

    /// <summary>
    /// The share of suggestions that go to the most uncertain point once the policy has stopped a trial: three of every
    /// four. Under median stopping on bench's learning_curve such a trial costs about a tenth of a completed one, so the
    /// share sets how many trials complete (30 seeds: 0.555 of the epochs at 0.996 of the best without a policy; with
    /// 0.7, 0.583 at 0.986). Quasi-random points instead of the most uncertain ones cost more, as more of them completed.
    /// </summary>
    private const double UncertainShare = 0.75;

    /// <summary>
    /// The number of trials before the split begins: the first trials of a sweep go to finding the best basin. From the
    /// first stopped trial on (0.6 of the suggestions), sweeps of 60 trials ended with a best trial 0.02 above the
    /// optimum's noise-free error in 2 of 4 seeds (0.001 without the split), settled in a worse spot before they had seen
    /// enough; from trial 40, seeds 1..10 end within 0.007 of it (0.003 without), at 0.711 of the epochs instead of
    /// 0.822. Sweeps of 40 trials or fewer, the common budgets, sample as without a policy.
    /// </summary>
    private const int CheapExplorationFrom = 40;

    private readonly Dictionary<SearchSpace, SpaceEncoding> _encodings = new(ReferenceEqualityComparer.Instance);
    private readonly HyperparameterCache _fits;

    /// <summary>Creates a Bayesian sampler.</summary>
    /// <param name="seed">The seed of the initial design and of the candidate search.</param>
    /// <param name="goal">Whether the sweep maximizes or minimizes its primary metric.</param>
    /// <param name="options">Tuning knobs; null for <see cref="BayesianSamplerOptions.Default"/>.</param>
    public BayesianSampler(long seed, Goal goal, BayesianSamplerOptions? options = null)
        : this(seed, [goal], [], options)
    {
    }

    /// <summary>Creates a Bayesian sampler for a sweep with several objectives or with constraints.</summary>
    /// <param name="seed">The seed of the initial design and of the candidate search.</param>
    /// <param name="goals">Each objective's goal, the primary first (at least one).</param>
    /// <param name="constraints">The sweep's constraints, in the order of <see cref="TrialRecord.ConstraintValues"/>.</param>
    /// <param name="options">Tuning knobs; null for <see cref="BayesianSamplerOptions.Default"/>.</param>
    public static BayesianSampler For(long seed, IReadOnlyList<Goal> goals, IReadOnlyList<Constraint> constraints, BayesianSamplerOptions? options = null) =>
        new(seed, goals, constraints, options);

    private BayesianSampler(long seed, IReadOnlyList<Goal> goals, IReadOnlyList<Constraint> constraints, BayesianSamplerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(goals);
        ArgumentNullException.ThrowIfNull(constraints);
        if (goals.Count == 0)
        {
            throw new ArgumentException("A sampler needs at least one objective's goal.", nameof(goals));
        }

        Seed = seed;
        Goal = goals[0];
        Goals = [.. goals];
        Constraints = [.. constraints];
        Options = options ?? BayesianSamplerOptions.Default;
        _fits = new HyperparameterCache(Constraints.Count > 0 ? GpFitter.ConstrainedMinNoise : GpFitter.MinNoise);
    }

    /// <summary>Each objective's goal, the primary first.</summary>
    public IReadOnlyList<Goal> Goals { get; }

    /// <summary>The constraints whose probability of holding weighs the acquisition.</summary>
    public IReadOnlyList<Constraint> Constraints { get; }

    /// <summary>The seed.</summary>
    public long Seed { get; }

    /// <summary>The optimization direction.</summary>
    public Goal Goal { get; }

    /// <summary>The options.</summary>
    public BayesianSamplerOptions Options { get; }

    /// <inheritdoc />
    public IReadOnlyList<ParameterSet> Suggest(SearchSpace space, IReadOnlyList<TrialRecord> history, int count) => Suggest(space, history, count, _ => []);

    /// <inheritdoc />
    public IReadOnlyList<ParameterSet> Suggest(SearchSpace space, IReadOnlyList<TrialRecord> history, int count, Func<long, IReadOnlyList<double>> curveOf)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(history);
        var result = new List<ParameterSet>(Math.Max(count, 0));
        if (count <= 0 || space.Count == 0)
        {
            return result;
        }

        if (!_encodings.TryGetValue(space, out var encoding))
        {
            encoding = new SpaceEncoding(space);
            _encodings[space] = encoding;
        }

        var random = SeedMixer.RandomFor(Seed, history.Count);
        var modelled = history;
        var goal = Goal;
        var byHypervolume = Goals.Count == 2;
        if (Goals.Count > 2)
        {
            // The curves are the primary metric's; the scalarized loss has none.
            modelled = ParEgo.Scalarize(history, Goals, ParEgo.Weights(SeedMixer.RandomFor(Seed ^ 0x5DEECE66DL, history.Count), Goals.Count));
            goal = Goal.Minimize;
            curveOf = _ => [];
        }

        var observations = Observations.From(modelled, encoding, goal, curveOf, Options);
        var initial = Options.InitialTrialsFor(space.Count, encoding.ContinuousCount, constrained: Constraints.Count > 0);
        var sobolIndex = (long)history.Count;
        var chosen = new List<double[]>();

        // The initial design, and the fallback while too few trials have values to fit a model.
        while (result.Count < count && (history.Count + result.Count < initial || observations.Count < 2))
        {
            if (NextInitialPoint(encoding, observations.Seen, ref sobolIndex, random) is not { } point)
            {
                return result;
            }

            result.Add(point.Parameters);
            observations.Seen.Add(point.Parameters);
            chosen.Add(point.X);
        }

        if (result.Count == count)
        {
            return result;
        }

        if (byHypervolume)
        {
            SuggestByHypervolume(encoding, history, count, result, chosen, observations, ref sobolIndex, random);
            return result;
        }

        var exploreCheaply = history.Count >= CheapExplorationFrom && observations.HasStoppedTrials;
        var model = SurrogateModel.Build(observations, encoding, Options, _fits, count - result.Count + chosen.Count, incumbentFromPosterior: exploreCheaply);
        foreach (var x in chosen)
        {
            model.AddPending(x);
        }

        var feasibility = Constraints.Count > 0 ? FeasibilityModel.Build(history, encoding, Constraints) : null;
        var optimizer = new AcquisitionOptimizer(encoding, Options);
        var pool = optimizer.CandidatePool(model.Centers, model.ObservationCount, (long)SeedMixer.Mix((ulong)Seed ^ ((ulong)history.Count << 20)), random, model.Process.Hyperparameters.LengthScales);
        var stalled = !exploreCheaply && observations.HasStalled(StallWindow, StallTolerance);
        while (result.Count < count)
        {
            var index = history.Count + result.Count;
            var explore = stalled && index % 2 == 0;
            var bar = explore ? model.Incumbent - ExplorationMargin : model.Incumbent;
            var ranked = exploreCheaply && IsUncertaintyTurn(index)
                ? AcquisitionOptimizer.MostUncertain(model.Process, pool)
                : optimizer.Optimize(model.Process, model.ObservationCount, bar, pool, explore, feasibility);
            var pick = BestNew(ranked, encoding, observations.Seen, x => model.IsNearPending(x)) ?? NextInitialPoint(encoding, observations.Seen, ref sobolIndex, random);
            if (pick is not { } p)
            {
                break;
            }

            result.Add(p.Parameters);
            observations.Seen.Add(p.Parameters);
            if (result.Count < count)
            {
                model.AddPending(p.X);
            }
        }

        return result;
    }

    /// <summary>Whether suggestion <paramref name="index"/> (the trial's number) is one of the <see cref="UncertainShare"/>.</summary>
    private static bool IsUncertaintyTurn(int index) => Math.Floor((index + 1) * UncertainShare) > Math.Floor(index * UncertainShare);

    /// <summary>
    /// The suggestions of a multi-objective sweep: the points of highest expected hypervolume improvement
    /// (<see cref="HypervolumeImprovement"/>, times the probability of feasibility with constraints) among the candidate
    /// pool around the front's trials, each of the best refined by a local random search.
    /// </summary>
    private void SuggestByHypervolume(SpaceEncoding encoding, IReadOnlyList<TrialRecord> history, int count, List<ParameterSet> result, List<double[]> chosen, Observations observations, ref long sobolIndex, Random random)
    {
        var ehvi = HypervolumeImprovement.Build(history, Goals, encoding, Options, _fits, count - result.Count + chosen.Count);
        if (ehvi is null)
        {
            while (result.Count < count && NextInitialPoint(encoding, observations.Seen, ref sobolIndex, random) is { } point)
            {
                result.Add(point.Parameters);
                observations.Seen.Add(point.Parameters);
            }

            return;
        }

        foreach (var x in chosen)
        {
            ehvi.AddPending(x);
        }

        var d = encoding.Dimensions;
        var feasibility = Constraints.Count > 0 ? FeasibilityModel.Build(history, encoding, Constraints) : null;
        var optimizer = new AcquisitionOptimizer(encoding, Options);
        // The pool draws half its local candidates around its first centre: start the front at a different trial each round.
        var shift = ehvi.Centers.Count == 0 ? 0 : history.Count % ehvi.Centers.Count;
        var centers = ehvi.Centers.Skip(shift).Concat(ehvi.Centers.Take(shift)).ToList();
        var pool = optimizer.CandidatePool(centers, observations.Count, (long)SeedMixer.Mix((ulong)Seed ^ ((ulong)history.Count << 20)), random, ehvi.Models[0].Process.Hyperparameters.LengthScales);
        double Score(double[] x) => ehvi.LogValue(x) + (feasibility?.LogProbability(x) ?? 0);
        while (result.Count < count)
        {
            var n = pool.Points.Length / d;
            var scores = new double[n];
            ehvi.LogValues(pool.Points, d, scores);
            for (var i = 0; feasibility is not null && i < n; i++)
            {
                scores[i] += feasibility.LogProbability(pool.Points.AsSpan(i * d, d));
            }

            var ranked = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(64)
                .Select(i => (X: pool.Points.AsSpan(i * d, d).ToArray(), Value: scores[i])).ToList();
            for (var k = 0; k < Math.Min(LocallyRefined, ranked.Count) && double.IsFinite(ranked[k].Value); k++)
            {
                ranked[k] = RefineLocally(encoding, ranked[k].X, ranked[k].Value, Score, random);
            }

            ranked.Sort((a, b) => b.Value.CompareTo(a.Value));
            var pick = BestNew(ranked, encoding, observations.Seen, x => ehvi.IsNearPending(x)) ?? NextInitialPoint(encoding, observations.Seen, ref sobolIndex, random);
            if (pick is not { } p)
            {
                return;
            }

            result.Add(p.Parameters);
            observations.Seen.Add(p.Parameters);
            if (result.Count < count)
            {
                ehvi.AddPending(p.X);
            }
        }
    }

    /// <summary>
    /// The best of <paramref name="ranked"/> (best first) whose parameters are new and that is away from pending
    /// points; failing that, the best new one; null when none is new.
    /// </summary>
    private static (double[] X, ParameterSet Parameters)? BestNew(IEnumerable<(double[] X, double Value)> ranked, SpaceEncoding encoding, HashSet<ParameterSet> seen, Func<double[], bool> isNearPending)
    {
        foreach (var avoidPending in new[] { true, false })
        {
            foreach (var (x, _) in ranked)
            {
                if (avoidPending && isNearPending(x))
                {
                    continue;
                }

                var parameters = encoding.Decode(x);
                if (!seen.Contains(parameters))
                {
                    return (x, parameters);
                }
            }
        }

        return null;
    }

    /// <summary>How many of the best candidates a multi-objective round refines.</summary>
    private const int LocallyRefined = 5;

    /// <summary>
    /// A random local search from <paramref name="start"/>: rounds of Gaussian steps of 10%, 3%, 1%, 0.3% and 0.1% of
    /// each continuous coordinate's range (categorical ones jump to another level now and then), keeping the best point.
    /// EHVI by Monte-Carlo has no gradient for L-BFGS. The two finest rounds matter where each point of the front needs
    /// its own settings to the last digits: on bench/'s trade-off problem they raised the median hypervolume at 100
    /// trials from 9.194178 to 9.194231 (the best possible is 9.1942707); finer rounds, a compass search or L-BFGS on
    /// finite differences after them did not raise it further.
    /// </summary>
    private static (double[] X, double Value) RefineLocally(SpaceEncoding encoding, double[] start, double value, Func<double[], double> score, Random random)
    {
        var best = start;
        foreach (var step in new[] { 0.1, 0.03, 0.01, 0.003, 0.001 })
        {
            for (var t = 0; t < 12; t++)
            {
                var x = (double[])best.Clone();
                for (var j = 0; j < x.Length; j++)
                {
                    if (encoding.Categorical[j])
                    {
                        if (random.NextDouble() < 0.1)
                        {
                            x[j] = random.Next(encoding.Levels[j]);
                        }

                        continue;
                    }

                    var u1 = 1 - random.NextDouble();
                    var gauss = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble());
                    x[j] = Math.Clamp(x[j] + (gauss * step * (encoding.Upper[j] - encoding.Lower[j])), encoding.Lower[j], encoding.Upper[j]);
                }

                encoding.Snap(x);
                var v = score(x);
                if (v > value)
                {
                    (best, value) = (x, v);
                }
            }
        }

        return (best, value);
    }

    /// <summary>
    /// The next point of the scrambled Sobol sequence whose parameters are new (points of small discrete spaces
    /// repeat); after many repeats a random point, and null when none of those is new either (the space is exhausted).
    /// </summary>
    private (double[] X, ParameterSet Parameters)? NextInitialPoint(SpaceEncoding encoding, HashSet<ParameterSet> seen, ref long index, Random random)
    {
        var sobol = new SobolSequence(encoding.Dimensions, Seed);
        var unit = new double[encoding.Dimensions];
        for (var attempt = 0; attempt < 256; attempt++)
        {
            if (attempt < 64)
            {
                sobol.Point(index++, unit);
            }
            else
            {
                for (var j = 0; j < unit.Length; j++)
                {
                    unit[j] = random.NextDouble();
                }
            }

            var x = new double[encoding.Dimensions];
            encoding.FromUnitCube(unit, x);
            var parameters = encoding.Decode(x);
            if (!seen.Contains(parameters))
            {
                return (x, parameters);
            }
        }

        return null;
    }
}
