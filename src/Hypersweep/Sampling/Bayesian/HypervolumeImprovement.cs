using Hypersweep.Pareto;
using Hypersweep.Trials;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// Several objectives by expected hypervolume improvement (EHVI): one GP per objective (each with the single-objective
/// model's kernel, trend and output transform, on its own standardized scale), the front of the trials' posterior means
/// on those scales, and for a point the expected gain in the hypervolume of that front if the point's objectives were
/// drawn from the posteriors, estimated with the same <see cref="Draws"/> standard-normal draws for every point (so
/// that points compare without sampling noise). The gain rewards both moving the front forward and filling its gaps,
/// which a scalarization with one weight per round (ParEGO) does only by luck of the weight. Pending trials are
/// fantasized at their posterior means in every model, and those means join the front, so concurrent suggestions seek
/// gains beyond each other.
/// </summary>
internal sealed class HypervolumeImprovement
{
    /// <summary>The Monte-Carlo draws per point.</summary>
    public const int Draws = 48;

    private readonly SurrogateModel[] _models;
    private readonly List<double[]> _front;
    private readonly double[] _reference;
    private readonly double[][] _draws;
    private double _frontVolume;

    private HypervolumeImprovement(SurrogateModel[] models, List<double[]> front, double[] reference, double[][] draws, IReadOnlyList<double[]> centers)
    {
        _models = models;
        _front = front;
        _reference = reference;
        _draws = draws;
        _frontVolume = Hypervolume.Of(front, reference);
        Centers = centers;
    }

    /// <summary>The encoded points of the trials on the modelled front (where local candidates are drawn).</summary>
    public IReadOnlyList<double[]> Centers { get; }

    /// <summary>The models, one per objective.</summary>
    public IReadOnlyList<SurrogateModel> Models => _models;

    /// <summary>
    /// Fits one model per objective to the trials that have its value, or returns null while fewer than two trials
    /// have every objective's value (the initial design goes on).
    /// </summary>
    public static HypervolumeImprovement? Build(IReadOnlyList<TrialRecord> history, IReadOnlyList<Goal> goals, SpaceEncoding encoding, BayesianSamplerOptions options, HyperparameterCache fits, int extraFantasies, Random random)
    {
        var m = goals.Count;
        var models = new SurrogateModel[m];
        for (var i = 0; i < m; i++)
        {
            var index = i;
            var own = history.Select(t => t with { Value = index < t.ObjectiveValues.Count ? t.ObjectiveValues[index] : null, SecondaryValues = [] }).ToList();
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
            if (trial.State == TrialState.Completed && trial.IsFeasible && trial.ObjectiveValues.Count >= m && trial.ObjectiveValues.Take(m).All(v => v is { } f && Objective.IsRankable(f)) && encoding.TryEncode(trial.Parameters, x))
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
        var draws = new double[Draws][];
        for (var s = 0; s < Draws; s++)
        {
            draws[s] = new double[m];
            for (var i = 0; i < m; i++)
            {
                // Box-Muller from the round's seeded generator.
                var u1 = 1 - random.NextDouble();
                var u2 = random.NextDouble();
                draws[s][i] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }
        }

        return new HypervolumeImprovement(models, [.. front.Select(p => p.Y)], reference, draws, [.. front.Select(p => p.X)]);
    }

    /// <summary>log EHVI at each point of <paramref name="pool"/> (flattened encoded points); −∞ where no draw improves the front.</summary>
    public void LogValues(double[] pool, int dimensions, double[] scores)
    {
        var count = pool.Length / dimensions;
        var m = _models.Length;
        var means = new double[m][];
        var sds = new double[m][];
        for (var i = 0; i < m; i++)
        {
            means[i] = new double[count];
            var variances = new double[count];
            _models[i].Process.PredictMany(pool, means[i], variances);
            sds[i] = [.. variances.Select(v => Math.Sqrt(Math.Max(v, 1e-12)))];
        }

        var y = new double[m];
        for (var k = 0; k < count; k++)
        {
            var sum = 0.0;
            foreach (var z in _draws)
            {
                for (var i = 0; i < m; i++)
                {
                    y[i] = means[i][k] + (sds[i][k] * z[i]);
                }

                sum += Gain(y);
            }

            scores[k] = sum > 0 ? Math.Log(sum / _draws.Length) : double.NegativeInfinity;
        }
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
            _frontVolume = Hypervolume.Of(_front, _reference);
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

    /// <summary>How much a point with objectives <paramref name="y"/> would add to the front's hypervolume.</summary>
    private double Gain(double[] y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            if (y[i] >= _reference[i])
            {
                return 0;
            }
        }

        foreach (var f in _front)
        {
            if (ParetoFront.Dominates(f, y) || f.AsSpan().SequenceEqual(y))
            {
                return 0;
            }
        }

        return Hypervolume.Of([.. _front, y], _reference) - _frontVolume;
    }
}
