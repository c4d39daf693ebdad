using Hypersweep.Trials;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// Several objectives for the single-objective GP (ParEGO, Knowles 2006): each suggestion round draws a weight vector
/// uniformly from the simplex, scales every objective's losses to [0, 1] over the trials that have all of them, and
/// models the augmented Chebyshev scalarization max_i(w_i f_i) + 0.05 Σ_i w_i f_i, whose minima over all weights are
/// exactly the Pareto-optimal points (concave parts of the front included, unlike a weighted sum). A new weight each
/// round spreads the suggestions along the front; the GP, the acquisition and the handling of pending trials stay
/// those of one objective. Chosen over expected hypervolume improvement because it reuses the tuned single-objective
/// machinery unchanged and costs one GP fit per suggestion whatever the number of objectives.
/// </summary>
internal static class ParEgo
{
    /// <summary>The weight of the sum term, which breaks ties of the max term between weakly dominated points.</summary>
    private const double Augmentation = 0.05;

    /// <summary>A weight vector drawn uniformly from the simplex.</summary>
    public static double[] Weights(Random random, int objectives)
    {
        var w = new double[objectives];
        for (var i = 0; i < objectives; i++)
        {
            w[i] = -Math.Log(1 - random.NextDouble());
        }

        var sum = w.Sum();
        for (var i = 0; i < objectives; i++)
        {
            w[i] /= sum;
        }

        return w;
    }

    /// <summary>
    /// The history with each trial's value replaced by its scalarized loss (to minimize; null where an objective has
    /// no finite value) and no further values; trials keep their state, parameters and feasibility.
    /// </summary>
    public static IReadOnlyList<TrialRecord> Scalarize(IReadOnlyList<TrialRecord> history, IReadOnlyList<Goal> goals, double[] weights)
    {
        var m = goals.Count;
        var losses = history.Select(t => Pareto.ParetoFront.Losses(t.ObjectiveValues, goals)).ToList();
        var low = new double[m];
        var high = new double[m];
        var known = losses.OfType<double[]>().ToList();
        var front = known.Where(l => !known.Any(o => Pareto.ParetoFront.Dominates(o, l))).ToList();
        for (var i = 0; i < m; i++)
        {
            // From the best value to the front's worst (its nadir), not to the worst trial's: far-off trials would
            // squash the front's differences in that objective to nothing.
            low[i] = known.Count > 0 ? known.Min(l => l[i]) : 0;
            high[i] = front.Count > 0 ? front.Max(l => l[i]) : 1;
            if (!(high[i] > low[i]))
            {
                high[i] = known.Count > 0 ? known.Max(l => l[i]) : 1;
            }
        }

        var result = new List<TrialRecord>(history.Count);
        for (var k = 0; k < history.Count; k++)
        {
            double? scalar = null;
            if (losses[k] is { } l)
            {
                var max = double.NegativeInfinity;
                var sum = 0.0;
                for (var i = 0; i < m; i++)
                {
                    var f = high[i] > low[i] ? (l[i] - low[i]) / (high[i] - low[i]) : 0;
                    max = Math.Max(max, weights[i] * f);
                    sum += weights[i] * f;
                }

                scalar = max + (Augmentation * sum);
            }

            result.Add(history[k] with { Value = scalar, SecondaryValues = [] });
        }

        return result;
    }
}
