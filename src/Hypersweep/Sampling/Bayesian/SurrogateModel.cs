namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// The fitted model for one suggestion round: the GP posterior (with pending trials as fantasies), the incumbent
/// loss EI improves on (the best completed observation, transformed) and the best observed points, around which local
/// candidates are drawn. With many observations the model keeps the best third and an even spread of the rest, and
/// fits its hyperparameters on a smaller such subset, so suggestion time stays bounded as the history grows.
/// </summary>
internal sealed class SurrogateModel
{
    private const int CenterCount = 5;
    private const double MaxPendingExclusion = 0.1;
    private const double PendingExclusionPerSpacing = 0.5;
    private readonly List<(double[] X, double Radius)> _pending = [];
    private readonly bool[] _categorical;
    private readonly double[] _observedX;
    private readonly double[] _inverseSquaredLengthScales;

    private SurrogateModel(GaussianProcess process, double incumbent, IReadOnlyList<double[]> centers, bool[] categorical, double[] observedX)
    {
        _categorical = categorical;
        _observedX = observedX;
        _inverseSquaredLengthScales = process.Hyperparameters.InverseSquaredLengthScales();
        Process = process;
        Incumbent = incumbent;
        Centers = centers;
    }

    /// <summary>
    /// Adds a pending point as a fantasy (kriging believer: observed at the posterior mean). The incumbent is left
    /// alone (taking a promising fantasy as the new best made batches explore too much: Rosenbrock 4 with 4 concurrent
    /// trials ended at a median regret of 13.8 against 4.6 without, over 10 seeds).
    /// </summary>
    public void AddPending(ReadOnlySpan<double> x)
    {
        Process.AddFantasy(x);
        _pending.Add((x.ToArray(), ExclusionRadius(x)));
    }

    /// <summary>
    /// True when <paramref name="x"/> is within the exclusion radius of a pending point (see
    /// <see cref="ExclusionRadius"/>). A fantasy pins the variance there but keeps the mean and its slope, so where
    /// the mean promises improvement EI still peaks right beside a running trial; such points are passed over (when
    /// any other new point is left) so concurrent trials stay apart.
    /// </summary>
    public bool IsNearPending(ReadOnlySpan<double> x)
    {
        foreach (var (p, radius) in _pending)
        {
            if (Matern52.ScaledDistance(x, p, _inverseSquaredLengthScales, _categorical) < radius * radius)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The radius, in length scales, kept clear around a pending point <paramref name="x"/>: half its distance to the
    /// nearest observation, at most a tenth of a length scale (a kernel correlation above 0.99). A fixed radius was
    /// wrong both ways: where observations are sparse, too small a radius lets batches crowd one running trial, and
    /// where a run refines its optimum, observations lie far closer than 0.1 apart and a fixed radius pushed the
    /// other trials of a batch out of the region worth refining. Measured on the virtual clock (concurrency-sim, 200
    /// seeds, 4 concurrent, median regret at 100 trials): with the fixed radius of 0.1, Rosenbrock 4 5.10 and Levy 6
    /// 0.677 (sequential 4.12 and 0.563) and converged runs slower in the last digits (mixed_ml 6.9e-7 against
    /// 4.6e-8 over 40 seeds); with no radius at all, Rosenbrock 4 5.62 and Levy 6 0.786; with this one, 4.56, 0.656
    /// and 5.8e-8 (sequential 8.6e-8 over 200 seeds).
    /// </summary>
    private double ExclusionRadius(ReadOnlySpan<double> x)
    {
        var d = x.Length;
        var nearest = double.PositiveInfinity;
        for (var i = 0; i < ObservationCount; i++)
        {
            nearest = Math.Min(nearest, Matern52.ScaledDistance(x, _observedX.AsSpan(i * d, d), _inverseSquaredLengthScales, _categorical));
        }

        return Math.Min(MaxPendingExclusion, PendingExclusionPerSpacing * Math.Sqrt(nearest));
    }

    /// <summary>The posterior.</summary>
    public GaussianProcess Process { get; }

    /// <summary>The transformed loss EI improves on: the best completed observation's, or the lowest posterior mean at one.</summary>
    public double Incumbent { get; }

    /// <summary>The best observed points, best first.</summary>
    public IReadOnlyList<double[]> Centers { get; }

    /// <summary>The number of observations the model conditions on (fantasies excluded).</summary>
    public int ObservationCount { get; private init; }

    /// <summary>
    /// Fits the model to the observations, with room for the pending points and <paramref name="extraFantasies"/> more.
    /// The incumbent is the best completed loss, or with <paramref name="incumbentFromPosterior"/> the lowest posterior
    /// mean at a completed trial (the noise-free loss the model expects there rather than one noisy draw).
    /// </summary>
    public static SurrogateModel Build(Observations observations, SpaceEncoding encoding, BayesianSamplerOptions options, HyperparameterCache cache, int extraFantasies, bool incumbentFromPosterior = false)
    {
        var d = encoding.Dimensions;
        var keep = Subset(observations.Losses, options.MaxModelPoints);
        var n = keep.Length;
        var x = new double[n * d];
        var y = new double[n];
        var completed = new bool[n];
        for (var k = 0; k < n; k++)
        {
            var i = keep[k];
            for (var j = 0; j < d; j++)
            {
                x[(k * d) + j] = observations.X[(i * d) + j];
            }

            y[k] = observations.Losses[i];
            completed[k] = observations.Completed[i];
        }

        Transform(y);

        var hyperparameters = cache.Get(observations, encoding, options);
        var process = new GaussianProcess(hyperparameters, encoding.Categorical, x, y, n, observations.PendingCount + extraFantasies, new QuadraticTrend(encoding));
        var anyCompleted = completed.Any(c => c);
        var incumbent = double.PositiveInfinity;
        for (var k = 0; k < n; k++)
        {
            if (completed[k] || !anyCompleted)
            {
                incumbent = Math.Min(incumbent, incumbentFromPosterior ? process.Predict(x.AsSpan(k * d, d)).Mean : y[k]);
            }
        }

        var centers = Enumerable.Range(0, n)
            .Where(k => completed[k] || !anyCompleted)
            .OrderBy(k => y[k])
            .ThenBy(k => k)
            .Take(CenterCount)
            .Select(k => x.AsSpan(k * d, d).ToArray())
            .ToList();
        var model = new SurrogateModel(process, incumbent, centers, encoding.Categorical, x) { ObservationCount = n };
        var pending = observations.Pending;
        for (var p = 0; p < observations.PendingCount; p++)
        {
            var point = new double[d];
            for (var j = 0; j < d; j++)
            {
                point[j] = pending[(p * d) + j];
            }

            model.AddPending(point);
        }

        return model;
    }

    /// <summary>The output transform the model applies to losses.</summary>
    internal static void Transform(Span<double> y) => OutputTransform.Apply(y);

    /// <summary>
    /// Indices of at most <paramref name="limit"/> values, in their original order: all of them when they fit,
    /// otherwise the best third and an evenly strided selection of the others.
    /// </summary>
    internal static int[] Subset(IReadOnlyList<double> losses, int limit)
    {
        var n = losses.Count;
        if (n <= limit)
        {
            return [.. Enumerable.Range(0, n)];
        }

        var byLoss = Enumerable.Range(0, n).OrderBy(i => losses[i]).ThenBy(i => i).ToArray();
        var bestCount = limit / 3;
        var chosen = new HashSet<int>(byLoss.Take(bestCount));
        var rest = Enumerable.Range(0, n).Where(i => !chosen.Contains(i)).ToArray();
        var others = limit - bestCount;
        for (var k = 0; k < others; k++)
        {
            chosen.Add(rest[(int)((long)k * rest.Length / others)]);
        }

        return [.. chosen.Order()];
    }
}
