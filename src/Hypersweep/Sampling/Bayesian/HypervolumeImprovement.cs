using Hypersweep.Pareto;
using Hypersweep.Trials;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// Two objectives by expected hypervolume improvement (EHVI): one GP per objective (each with the single-objective
/// model's kernel, trend and output transform, on its own standardized scale), the front of the trials' posterior means
/// on those scales, and for a point the expected gain in that front's hypervolume if the point's objectives were
/// drawn from the posteriors, in closed form (<see cref="Exact"/>). The gain rewards both moving the front forward and
/// filling its gaps, which a scalarization with one weight per round (ParEGO) does only by luck of the weight. Pending
/// trials are fantasized at their posterior means in both models, and those means join the front, so concurrent
/// suggestions seek gains beyond each other.
/// </summary>
internal sealed class HypervolumeImprovement
{
    private readonly SurrogateModel[] _models;
    private readonly List<double[]> _front;
    private readonly double[] _reference;

    private HypervolumeImprovement(SurrogateModel[] models, List<double[]> front, double[] reference, IReadOnlyList<double[]> centers)
    {
        _models = models;
        _front = front;
        _reference = reference;
        Centers = centers;
    }

    /// <summary>The encoded points of the trials on the modelled front (where local candidates are drawn).</summary>
    public IReadOnlyList<double[]> Centers { get; }

    /// <summary>The front the gain is measured against, on the models' scales.</summary>
    internal IReadOnlyList<double[]> Front => _front;

    /// <summary>The reference point, on the models' scales.</summary>
    internal IReadOnlyList<double> Reference => _reference;

    /// <summary>The models, one per objective.</summary>
    public IReadOnlyList<SurrogateModel> Models => _models;

    /// <summary>
    /// Fits one model per objective to the trials that have its value, or returns null while fewer than two trials
    /// have every objective's value (the initial design goes on).
    /// </summary>
    public static HypervolumeImprovement? Build(IReadOnlyList<TrialRecord> history, IReadOnlyList<Goal> goals, SpaceEncoding encoding, BayesianSamplerOptions options, HyperparameterCache fits, int extraFantasies)
    {
        var m = goals.Count;
        if (m != 2)
        {
            throw new ArgumentException($"EHVI here is for two objectives, got {m}.", nameof(goals));
        }

        var models = new SurrogateModel[m];
        for (var i = 0; i < m; i++)
        {
            var index = i;
            var own = history.Select(t => t with { Value = t.ObjectiveValue(index), SecondaryValues = [] }).ToList();
            var observations = Observations.From(own, encoding, goals[i], _ => [], options);
            if (observations.Count < 2)
            {
                return null;
            }

            models[i] = SurrogateModel.Build(observations, encoding, options, fits, extraFantasies);
        }

        // The trials' posterior means on the models' scales; their non-dominated ones are the front to improve on.
        var x = new double[encoding.Dimensions];
        var points = new List<(double[] X, double[] Y)>();
        foreach (var trial in history)
        {
            if (trial.State == TrialState.Completed && trial.IsFeasible && ParetoFront.Losses(trial.ObjectiveValues, goals) is not null && encoding.TryEncode(trial.Parameters, x))
            {
                points.Add(((double[])x.Clone(), [.. models.Select(model => model.Process.Predict(x).Mean)]));
            }
        }

        if (points.Count < 2)
        {
            return null;
        }

        var front = points.Where(p => !points.Any(o => ParetoFront.Dominates(o.Y, p.Y))).ToList();
        var reference = Hypervolume.ReferenceFor([.. points.Select(p => p.Y)], m);
        return new HypervolumeImprovement(models, [.. front.Select(p => p.Y)], reference, [.. front.Select(p => p.X)]);
    }

    /// <summary>log EHVI at each point of <paramref name="pool"/> (flattened encoded points); −∞ where nothing can improve.</summary>
    public void LogValues(double[] pool, int dimensions, double[] scores)
    {
        var count = pool.Length / dimensions;
        var means = new double[2][];
        var sds = new double[2][];
        for (var i = 0; i < 2; i++)
        {
            means[i] = new double[count];
            var variances = new double[count];
            _models[i].Process.PredictMany(pool, means[i], variances);
            sds[i] = [.. variances.Select(v => Math.Sqrt(Math.Max(v, 1e-12)))];
        }

        var strips = Strips();
        for (var k = 0; k < count; k++)
        {
            var value = Exact(strips, means[0][k], sds[0][k], means[1][k], sds[1][k]);
            scores[k] = value > 0 ? Math.Log(value) : double.NegativeInfinity;
        }
    }

    /// <summary>
    /// The region two objectives' front leaves undominated, as vertical strips (from, to, height): between consecutive
    /// front points sorted by the first objective, up to the earlier point's second objective (the first strip from
    /// −∞ up to the reference's second objective, the last to the reference's first).
    /// </summary>
    private List<(double From, double To, double Height)> Strips()
    {
        var sorted = _front.Where(f => f[0] < _reference[0] && f[1] < _reference[1]).OrderBy(f => f[0]).ToList();
        var strips = new List<(double, double, double)>();
        var from = double.NegativeInfinity;
        var height = _reference[1];
        foreach (var f in sorted)
        {
            strips.Add((from, f[0], height));
            from = f[0];
            height = Math.Min(height, f[1]);
        }

        strips.Add((from, _reference[0], height));
        return strips;
    }

    /// <summary>
    /// Exact EHVI for two objectives with independent normal posteriors: over each strip, E[(to − max(from, Y1))⁺] ×
    /// E[(height − Y2)⁺], each factor a closed form like expected improvement's (Emmerich et al. 2011).
    /// </summary>
    internal static double Exact(List<(double From, double To, double Height)> strips, double mean1, double sd1, double mean2, double sd2)
    {
        double Below(double c, double mean, double sd)
        {
            if (double.IsNegativeInfinity(c))
            {
                return 0;
            }

            var z = (c - mean) / sd;
            return ((c - mean) * Space.StandardNormal.Cdf(z)) + (sd * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI));
        }

        var sum = 0.0;
        foreach (var (from, to, height) in strips)
        {
            var width = Below(to, mean1, sd1) - Below(from, mean1, sd1);
            if (width > 0)
            {
                sum += width * Below(height, mean2, sd2);
            }
        }

        return sum;
    }

    /// <summary>log EHVI at one encoded point.</summary>
    public double LogValue(ReadOnlySpan<double> x)
    {
        var scores = new double[1];
        LogValues(x.ToArray(), x.Length, scores);
        return scores[0];
    }

    /// <summary>Adds a pending point: a fantasy at its posterior mean in every model, and that mean to the front.</summary>
    public void AddPending(ReadOnlySpan<double> x)
    {
        var y = new double[_models.Length];
        for (var i = 0; i < _models.Length; i++)
        {
            y[i] = _models[i].Process.Predict(x).Mean;
            _models[i].AddPending(x);
        }

        if (!_front.Any(f => ParetoFront.Dominates(f, y)))
        {
            _front.RemoveAll(f => ParetoFront.Dominates(y, f));
            _front.Add(y);
        }
    }

    /// <summary>True when a pending point is near <paramref name="x"/> in any model's length scales.</summary>
    public bool IsNearPending(ReadOnlySpan<double> x)
    {
        foreach (var model in _models)
        {
            if (model.IsNearPending(x))
            {
                return true;
            }
        }

        return false;
    }
}
