using Hypersweep.Sampling.Sobol;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// Maximizes log EI over the encoded space: scores a pool of scrambled Sobol points over the whole space and of
/// perturbations of the best observed points (Gaussian steps of several widths, categories switched at random),
/// refines the best few by L-BFGS on the continuous coordinates, rounds them to reachable values, tries every
/// category of each categorical coordinate of the winners, and returns the distinct points best first.
/// </summary>
internal sealed class AcquisitionOptimizer
{
    private static readonly double[] StepSizes = [0.005, 0.02, 0.06, 0.15, 0.3];
    private const int MovedCoordinates = 5;

    /// <summary>Beyond this many observations, fewer candidates are scored and refined (each costs O(n²)).</summary>
    private const int LargeHistory = 100;
    private readonly SpaceEncoding _encoding;
    private readonly BayesianSamplerOptions _options;
    private readonly int _d;

    public AcquisitionOptimizer(SpaceEncoding encoding, BayesianSamplerOptions options)
    {
        _encoding = encoding;
        _options = options;
        _d = encoding.Dimensions;
    }

    /// <summary>
    /// Builds the candidate pool (row-major) for one suggestion round: Sobol points over the space and perturbations
    /// of <paramref name="centers"/> (encoded points, best first).
    /// </summary>
    public double[] CandidatePool(IReadOnlyList<double[]> centers, int observations, long seed, Random random)
    {
        var scale = Math.Clamp(LargeHistory / (double)Math.Max(observations, 1), 0.4, 1);
        var space = (int)(_options.SpaceCandidates * scale);
        var local = centers.Count == 0 ? 0 : (int)(_options.LocalCandidates * scale);
        var pool = new double[(space + local) * _d];
        var sobol = new SobolSequence(_d, seed);
        var unit = new double[_d];
        for (var i = 0; i < space; i++)
        {
            sobol.Point(i, unit);
            _encoding.FromUnitCube(unit, pool.AsSpan(i * _d, _d));
        }

        for (var i = 0; i < local; i++)
        {
            // Centres: the best point half the time, otherwise one of the next best.
            var c = random.NextDouble() < 0.5 ? 0 : random.Next(centers.Count);
            var x = pool.AsSpan((space + i) * _d, _d);
            centers[c].CopyTo(x);
            var step = StepSizes[random.Next(StepSizes.Length)];
            // Move each coordinate with a probability that keeps about min(D, 5) of them moving, at least one.
            var p = Math.Min(1, MovedCoordinates / (double)_d);
            var moved = false;
            for (var j = 0; j < _d; j++)
            {
                if (random.NextDouble() >= p)
                {
                    continue;
                }

                moved = true;
                Perturb(x, j, step, random);
            }

            if (!moved)
            {
                Perturb(x, random.Next(_d), step, random);
            }

            _encoding.Snap(x);
        }

        return pool;
    }

    /// <summary>Scores the pool and returns distinct points, best first: refined winners, then the rest of the pool's best.</summary>
    public List<(double[] X, double Value)> Optimize(GaussianProcess gp, int observations, double best, double[] pool)
    {
        var refine = observations > LargeHistory ? Math.Max(1, _options.RefinedCandidates / 2) : _options.RefinedCandidates;
        var count = pool.Length / _d;
        var scores = new double[count];
        var means = new double[count];
        var variances = new double[count];
        gp.PredictMany(pool, means, variances);
        for (var i = 0; i < count; i++)
        {
            scores[i] = LogExpectedImprovement.Value(means[i], Math.Sqrt(variances[i]), best);
        }

        var order = Enumerable.Range(0, count).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        var results = new List<(double[] X, double Value)>();
        var refined = 0;
        foreach (var i in order)
        {
            if (refined >= refine)
            {
                break;
            }

            var start = pool.AsSpan(i * _d, _d).ToArray();
            if (results.Any(r => SamePoint(r.X, start)))
            {
                continue;
            }

            refined++;
            var (x, value) = Refine(gp, best, start, scores[i]);
            results.Add((x, value));
        }

        // Keep a tail of unrefined candidates as fallbacks when the winners turn out to be duplicates.
        foreach (var i in order.Take(64))
        {
            results.Add((pool.AsSpan(i * _d, _d).ToArray(), scores[i]));
        }

        results.Sort((a, b) => b.Value.CompareTo(a.Value));
        var distinct = new List<(double[] X, double Value)>();
        foreach (var r in results)
        {
            if (!distinct.Any(o => SamePoint(o.X, r.X)))
            {
                distinct.Add(r);
            }
        }

        return distinct;
    }

    /// <summary>log EI at a point.</summary>
    public static double Score(GaussianProcess gp, double best, ReadOnlySpan<double> x)
    {
        var (mean, variance) = gp.Predict(x);
        return LogExpectedImprovement.Value(mean, Math.Sqrt(variance), best);
    }

    private (double[] X, double Value) Refine(GaussianProcess gp, double best, double[] start, double startValue)
    {
        var x = (double[])start.Clone();
        var value = startValue;
        var hasContinuous = _encoding.Categorical.Any(c => !c);
        if (hasContinuous)
        {
            var lower = new double[_d];
            var upper = new double[_d];
            for (var j = 0; j < _d; j++)
            {
                lower[j] = _encoding.Categorical[j] ? x[j] : _encoding.Lower[j];
                upper[j] = _encoding.Categorical[j] ? x[j] : _encoding.Upper[j];
            }

            var meanGradient = new double[_d];
            var varianceGradient = new double[_d];
            var candidate = (double[])x.Clone();
            BoundedLbfgs.Minimize(
                (point, gradient) =>
                {
                    var (mean, variance) = gp.PredictWithGradient(point, meanGradient, varianceGradient);
                    var v = LogExpectedImprovement.ValueAndGradient(mean, variance, best, meanGradient, varianceGradient, gradient);
                    for (var j = 0; j < gradient.Length; j++)
                    {
                        gradient[j] = _encoding.Categorical[j] ? 0 : -gradient[j];
                    }

                    return double.IsFinite(v) ? -v : double.PositiveInfinity;
                },
                candidate,
                lower,
                upper,
                maxIterations: 40);
            _encoding.Snap(candidate);
            var candidateValue = Score(gp, best, candidate);
            if (candidateValue > value)
            {
                x = candidate;
                value = candidateValue;
            }
        }

        // Coordinate search over the categories of each categorical coordinate.
        for (var j = 0; j < _d; j++)
        {
            if (!_encoding.Categorical[j])
            {
                continue;
            }

            var current = x[j];
            for (var level = 0; level < _encoding.Levels[j]; level++)
            {
                if (level == current)
                {
                    continue;
                }

                x[j] = level;
                var v = Score(gp, best, x);
                if (v > value)
                {
                    value = v;
                    current = level;
                }
            }

            x[j] = current;
        }

        return (x, value);
    }

    private void Perturb(Span<double> x, int j, double step, Random random)
    {
        if (_encoding.Categorical[j])
        {
            x[j] = random.Next(_encoding.Levels[j]);
            return;
        }

        var range = _encoding.Upper[j] - _encoding.Lower[j];
        x[j] = Math.Clamp(x[j] + (step * range * Gaussian(random)), _encoding.Lower[j], _encoding.Upper[j]);
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static bool SamePoint(double[] a, double[] b)
    {
        for (var j = 0; j < a.Length; j++)
        {
            if (a[j] != b[j])
            {
                return false;
            }
        }

        return true;
    }
}
