using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// The probability that a point keeps every constraint (Gardner et al. 2014, as Optuna's GP sampler does): one GP per
/// constraint over the trials that logged its metric, modelling how far the worst logged value is past the limit
/// (<see cref="Constraint.Violation"/>, standardized; no power transform, so the limit maps to one known level), and
/// P(feasible | x) = Π Φ((limit − μ(x)) / σ(x)), the constraints taken as independent. The sampler adds its log to
/// log EI, which makes the acquisition EI × P(feasible): suggestions avoid regions the trials showed to break a limit
/// while still trying the uncertain edge of the feasible region. A constraint with fewer than
/// <see cref="MinObservations"/> observations, or whose observations all keep it, does not restrict the acquisition.
/// </summary>
internal sealed class FeasibilityModel
{
    /// <summary>The fewest observations of a constraint's metric before it is modelled.</summary>
    public const int MinObservations = 3;

    /// <summary>The floor of a probability, so that its log stays finite and ranks points far past a limit by how far.</summary>
    private const double MinProbability = 1e-300;

    private readonly List<(GaussianProcess Process, double Limit)> _constraints;

    private FeasibilityModel(List<(GaussianProcess Process, double Limit)> constraints) => _constraints = constraints;

    /// <summary>
    /// Fits one GP per constraint that some observed trial broke, or returns null when no constraint is worth modelling.
    /// A trial that logged a NaN or an infinity for the metric counts as the worst violation seen.
    /// </summary>
    public static FeasibilityModel? Build(IReadOnlyList<TrialRecord> history, SpaceEncoding encoding, IReadOnlyList<Constraint> constraints)
    {
        var d = encoding.Dimensions;
        var models = new List<(GaussianProcess, double)>();
        var point = new double[d];
        for (var c = 0; c < constraints.Count; c++)
        {
            var xs = new List<double>();
            var violations = new List<double>();
            foreach (var trial in history)
            {
                if (c < trial.ConstraintValues.Count && trial.ConstraintValues[c] is { } value && encoding.TryEncode(trial.Parameters, point))
                {
                    xs.AddRange(point);
                    violations.Add(double.IsFinite(value) ? constraints[c].Violation(value) : double.PositiveInfinity);
                }
            }

            var finite = violations.Where(double.IsFinite).ToList();
            if (violations.Count < MinObservations || violations.All(v => v <= 0) || finite.Count == 0)
            {
                continue;
            }

            var worst = Math.Max(finite.Max(), 0) + (finite.Max() - finite.Min() + 1);
            var y = violations.Select(v => double.IsFinite(v) ? v : worst).ToArray();
            var mean = y.Average();
            var sd = Math.Sqrt(y.Select(v => (v - mean) * (v - mean)).Average());
            var scale = sd > 1e-12 ? sd : 1;
            for (var i = 0; i < y.Length; i++)
            {
                y[i] = (y[i] - mean) / scale;
            }

            var n = y.Length;
            var x = xs.ToArray();
            var hyperparameters = new GpFitter(encoding.Categorical, x, y, n, minNoise: GpFitter.ConstrainedMinNoise).Fit();
            models.Add((new GaussianProcess(hyperparameters, encoding.Categorical, x, y, n), (0 - mean) / scale));
        }

        return models.Count == 0 ? null : new FeasibilityModel(models);
    }

    /// <summary>log P(every modelled constraint holds at x).</summary>
    public double LogProbability(ReadOnlySpan<double> x)
    {
        var sum = 0.0;
        foreach (var (process, limit) in _constraints)
        {
            var (mean, variance) = process.Predict(x);
            var z = (limit - mean) / Math.Sqrt(Math.Max(variance, 1e-12));
            sum += Math.Log(Math.Max(StandardNormal.Cdf(z), MinProbability));
        }

        return sum;
    }
}
