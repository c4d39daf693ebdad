using Hypersweep.Sampling.Sobol;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// Maximizes log EI over the encoded space: scores a pool of scrambled Sobol points over the whole space (global
/// candidates) and of local candidates around the best observed points (Gaussian steps of several widths, reflected
/// at the faces of the box, categories switched at random; and lines along each coordinate through the best few
/// points), refines the best local candidates by L-BFGS on the continuous coordinates, rounds them to reachable values,
/// tries every category of each categorical coordinate of the winners, and returns the distinct points best first.
/// <para>
/// Global candidates are scored as they are, never refined. Far from the data EI grows with the posterior variance,
/// which grows towards the faces of the box, so an L-BFGS refinement of a global candidate walked to a corner nearly
/// every time (most of the trials on a face in bench/results/gp-peer.md came from there); refinement serves the local
/// candidates, where it polishes the optimum. For the same reason perturbations are reflected at a face rather than
/// clamped onto it (clamping put a third of the perturbed candidates of a coordinate near a face exactly on it).
/// </para>
/// </summary>
internal sealed class AcquisitionOptimizer
{
    private static readonly double[] StepSizes = [0.005, 0.02, 0.06, 0.15, 0.3];
    private const int MovedCoordinates = 5;

    /// <summary>How many of the best points get lines of candidates along each coordinate.</summary>
    private const int LineCenters = 3;

    /// <summary>Candidates per coordinate on each line, one in each of as many equal strata of its range.</summary>
    private const int LinePoints = 16;

    /// <summary>Refinement reaches a face once one of the best points lies within this share of the range from it ...</summary>
    private const double FaceReach = 0.01;

    /// <summary>... or within this many of its length scales, where the model cannot tell the face from that point apart.</summary>
    private const double FaceReachInLengthScales = 0.1;

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
    /// Builds the candidate pool for one suggestion round: Sobol points over the space (global), then perturbations of
    /// <paramref name="centers"/> (encoded points, best first) and lines along each coordinate through the first
    /// <see cref="LineCenters"/> of them (local). The lines let one coordinate move across its whole range while the
    /// others stay: objectives of tuning problems are often close to additive, and a coordinate caught in a worse basin
    /// (Styblinski-Tang's, say) is freed by exactly such a move.
    /// </summary>
    public CandidatePool CandidatePool(IReadOnlyList<double[]> centers, int observations, long seed, Random random, IReadOnlyList<double> lengthScales)
    {
        var scale = Math.Clamp(LargeHistory / (double)Math.Max(observations, 1), 0.4, 1);
        var space = (int)(_options.SpaceCandidates * scale);
        var local = centers.Count == 0 ? 0 : (int)(_options.LocalCandidates * scale);
        var lineCenters = Math.Min(LineCenters, centers.Count);
        var lines = lineCenters * _d * LinePoints;
        var pool = new double[(space + local + lines) * _d];
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

        var row = space + local;
        for (var c = 0; c < lineCenters; c++)
        {
            for (var j = 0; j < _d; j++)
            {
                for (var k = 0; k < LinePoints; k++, row++)
                {
                    var x = pool.AsSpan(row * _d, _d);
                    centers[c].CopyTo(x);
                    x[j] = _encoding.Categorical[j]
                        ? k % _encoding.Levels[j]
                        : _encoding.Lower[j] + ((k + random.NextDouble()) / LinePoints * (_encoding.Upper[j] - _encoding.Lower[j]));
                    _encoding.Snap(x);
                }
            }
        }

        var (lower, upper) = RefinementBox(centers, lengthScales);
        return new CandidatePool(pool, space, lower, upper);
    }

    /// <summary>
    /// How far refinement may take each coordinate: no closer to a face than halfway from the nearest of the best points
    /// (<paramref name="centers"/>) to it, unless one of them already lies within <see cref="FaceReach"/> of the range or
    /// <see cref="FaceReachInLengthScales"/> of the coordinate's length scale (a kernel correlation above 0.99) from that
    /// face; categorical and quantized coordinates keep their whole range. Near an optimum close to a face,
    /// the posterior mean's slope carries on to the face and L-BFGS followed it there, long before any data showed the
    /// loss still falling at the face (Levy 6 with its optimum a tenth of the way in: 40% of the trials on faces). Now a
    /// run approaches a face by halving its distance at each step, and reaches it when its best points do. (With 1% of the
    /// range alone, a smooth objective whose optimum is on the face, the MLP job's learning rate, took a few trials more to
    /// get there, which in a 40-trial sweep cost its result; the length-scale reach lets a smooth coordinate get there as
    /// soon as the model cannot tell the difference.)
    /// </summary>
    private (double[] Lower, double[] Upper) RefinementBox(IReadOnlyList<double[]> centers, IReadOnlyList<double> lengthScales)
    {
        var lower = (double[])_encoding.Lower.Clone();
        var upper = (double[])_encoding.Upper.Clone();
        for (var j = 0; j < _d; j++)
        {
            if (centers.Count == 0 || _encoding.Categorical[j] || _encoding.Quantized[j])
            {
                continue;
            }

            var reach = Math.Max(FaceReach * (upper[j] - lower[j]), FaceReachInLengthScales * lengthScales[j]);
            var fromLower = centers.Min(c => c[j] - _encoding.Lower[j]);
            var fromUpper = centers.Min(c => _encoding.Upper[j] - c[j]);
            if (fromLower > reach)
            {
                lower[j] += 0.5 * fromLower;
            }

            if (fromUpper > reach)
            {
                upper[j] -= 0.5 * fromUpper;
            }
        }

        return (lower, upper);
    }

    /// <summary>
    /// Scores the pool and returns distinct points, best first: the refined local winners, then the rest of the pool's
    /// best. An exploration step (<paramref name="explore"/>) scores only the local candidates and refines none: it
    /// looks for a better basin near the best points, at the candidates as they were drawn. With
    /// <paramref name="feasibility"/> (constraints), every score is log EI + log P(feasible): the pool is ranked by it,
    /// the winners are refined on log EI inside their box and scored again with it.
    /// </summary>
    public List<(double[] X, double Value)> Optimize(GaussianProcess gp, int observations, double best, CandidatePool candidates, bool explore = false, FeasibilityModel? feasibility = null)
    {
        var refine = explore ? 0 : observations > LargeHistory ? Math.Max(1, _options.RefinedCandidates / 2) : _options.RefinedCandidates;
        var pool = candidates.Points;
        var count = pool.Length / _d;
        var scores = new double[count];
        var means = new double[count];
        var variances = new double[count];
        gp.PredictMany(pool, means, variances);
        for (var i = 0; i < count; i++)
        {
            scores[i] = explore && candidates.IsGlobal(i) ? double.NegativeInfinity : LogExpectedImprovement.Value(means[i], Math.Sqrt(variances[i]), best);
            if (feasibility is not null && double.IsFinite(scores[i]))
            {
                scores[i] += feasibility.LogProbability(pool.AsSpan(i * _d, _d));
            }
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
            if (candidates.IsGlobal(i))
            {
                results.Add((start, scores[i]));
            }
            else if (feasibility is null)
            {
                results.Add(Refine(gp, best, start, scores[i], candidates));
            }
            else
            {
                var (refinedX, _) = Refine(gp, best, start, Score(gp, best, start), candidates);
                var refinedScore = Score(gp, best, refinedX) + feasibility.LogProbability(refinedX);
                results.Add(refinedScore >= scores[i] ? (refinedX, refinedScore) : (start, scores[i]));
            }
        }

        // Keep a tail of unrefined candidates as fallbacks when the winners turn out to be duplicates.
        foreach (var i in order.Take(64).Where(i => double.IsFinite(scores[i])))
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

    /// <summary>
    /// The global candidates of the pool, the most uncertain first (largest posterior variance): where the model knows
    /// least, far from every trial so far. Their value is their variance.
    /// </summary>
    public static List<(double[] X, double Value)> MostUncertain(GaussianProcess gp, CandidatePool candidates)
    {
        var d = gp.Dimensions;
        var count = candidates.GlobalCount;
        var means = new double[count];
        var variances = new double[count];
        gp.PredictMany(candidates.Points.AsSpan(0, count * d), means, variances);
        return [.. Enumerable.Range(0, count).OrderByDescending(i => variances[i]).ThenBy(i => i).Take(64).Select(i => (candidates.Points.AsSpan(i * d, d).ToArray(), variances[i]))];
    }

    /// <summary>log EI at a point.</summary>
    public static double Score(GaussianProcess gp, double best, ReadOnlySpan<double> x)
    {
        var (mean, variance) = gp.Predict(x);
        return LogExpectedImprovement.Value(mean, Math.Sqrt(variance), best);
    }

    private (double[] X, double Value) Refine(GaussianProcess gp, double best, double[] start, double startValue, CandidatePool candidates)
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
                // Within the refinement box, widened to take in a start that lies outside it.
                lower[j] = _encoding.Categorical[j] ? x[j] : Math.Min(candidates.RefineLower[j], x[j]);
                upper[j] = _encoding.Categorical[j] ? x[j] : Math.Max(candidates.RefineUpper[j], x[j]);
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
            var at = x;
            for (var level = 0; level < _encoding.Levels[j]; level++)
            {
                if (level == current)
                {
                    continue;
                }

                // In a conditional space the new value may switch parameters on or off: score the point as it encodes.
                var y = (double[])x.Clone();
                y[j] = level;
                if (_encoding.IsConditional)
                {
                    _encoding.Snap(y);
                }

                var v = Score(gp, best, y);
                if (v > value)
                {
                    value = v;
                    current = level;
                    at = y;
                }
            }

            x = at;
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

        // A step past a face is reflected back into the box (a few times for steps longer than the range).
        var (lower, upper) = (_encoding.Lower[j], _encoding.Upper[j]);
        var value = x[j] + (step * (upper - lower) * Gaussian(random));
        for (var r = 0; r < 4 && (value < lower || value > upper); r++)
        {
            value = value < lower ? (2 * lower) - value : (2 * upper) - value;
        }

        x[j] = Math.Clamp(value, lower, upper);
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    internal static double Gaussian(Random random)
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

/// <summary>
/// The candidates of one suggestion round, row-major: the first <see cref="GlobalCount"/> are global (Sobol points over
/// the space), the rest local (around the best points); and the box within which L-BFGS refines them.
/// </summary>
internal sealed record CandidatePool(double[] Points, int GlobalCount, double[] RefineLower, double[] RefineUpper)
{
    /// <summary>True when candidate <paramref name="i"/> is a global one.</summary>
    public bool IsGlobal(int i) => i < GlobalCount;
}
