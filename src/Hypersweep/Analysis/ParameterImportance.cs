using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Analysis;

/// <summary>
/// How much each hyperparameter matters, by PED-ANOVA (Watanabe et al., IJCAI 2023, the method Optuna's
/// PedAnovaImportanceEvaluator implements): a parameter matters as much as the distribution of its values among the
/// best trials (the top <see cref="TopQuantile"/> by value) differs from its distribution among all trials, measured by
/// the Pearson divergence ∫ q (p/q − 1)² between the two densities. Values are compared on the unit scale each
/// distribution samples on (so a loguniform parameter counts in log space); continuous parameters are smoothed with a
/// Gaussian kernel (Scott's bandwidth), choices counted per value. The importances are scaled to sum to 1. It needs
/// only the finished trials with a value, in any order; no model is fitted, so it is fast and deterministic. A
/// parameter of a conditional branch is rated on the trials that have it (its top ones against all of them), and 0
/// when fewer than two of the top trials have it.
/// </summary>
public static class ParameterImportance
{
    /// <summary>The share of trials, best first, whose parameter values are compared with all the trials'.</summary>
    public const double TopQuantile = 0.1;

    /// <summary>Fewer trials with a value than this give no importances: the top set would be one or two trials.</summary>
    public const int MinTrials = 10;

    private const int GridPoints = 200;

    /// <summary>
    /// Each parameter's importance (0 to 1, summing to 1; all 0 when nothing differs), from the finished trials with a
    /// finite value; empty when fewer than <see cref="MinTrials"/> have one.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Of(SearchSpace space, IEnumerable<TrialRecord> trials, Goal goal)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trials);
        var rated = trials
            .Where(t => t.State.IsFinished() && t.Value is { } v && double.IsFinite(v) && space.Names.All(n => t.Parameters.TryGetValue(n, out _) || !space.IsActive(n, t.Parameters)))
            .OrderBy(t => goal.ToLoss(t.Value!.Value))
            .ThenBy(t => t.Number)
            .ToList();
        if (rated.Count < MinTrials)
        {
            return new Dictionary<string, double>();
        }

        var top = rated.Take(Math.Max(2, (int)Math.Ceiling(TopQuantile * rated.Count))).ToList();
        var divergences = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, distribution) in space)
        {
            // A conditional parameter is compared over the trials that have it: its best ones against all of them.
            var with = rated.Where(t => t.Parameters.TryGetValue(name, out _)).ToList();
            var topWith = top.Where(t => t.Parameters.TryGetValue(name, out _)).ToList();
            divergences[name] = topWith.Count < 2 ? 0
                : distribution is ChoiceDistribution choice
                ? CategoricalDivergence(choice, topWith, with, name)
                : ContinuousDivergence(distribution, topWith, with, name);
        }

        var total = divergences.Values.Sum();
        return divergences.ToDictionary(p => p.Key, p => total > 0 ? p.Value / total : 0, StringComparer.Ordinal);
    }

    private static double CategoricalDivergence(ChoiceDistribution choice, List<TrialRecord> top, List<TrialRecord> all, string name)
    {
        var k = choice.Values.Length;
        double[] Frequencies(List<TrialRecord> set)
        {
            var counts = new double[k];
            foreach (var t in set)
            {
                var i = choice.Values.IndexOf(t.Parameters[name]);
                if (i >= 0)
                {
                    counts[i]++;
                }
            }

            // Half a trial per value, so an unseen value is rare rather than impossible.
            var sum = counts.Sum() + (0.5 * k);
            return [.. counts.Select(c => (c + 0.5) / sum)];
        }

        return Pearson(Frequencies(top), Frequencies(all));
    }

    private static double ContinuousDivergence(Distribution distribution, List<TrialRecord> top, List<TrialRecord> all, string name)
    {
        double[] Unit(List<TrialRecord> set) => [.. set.Select(t => distribution.ToUnit(t.Parameters[name]))];
        var everything = Unit(all);
        var bandwidth = Scott(everything);
        return Pearson(Density(Unit(top), bandwidth), Density(everything, bandwidth));
    }

    /// <summary>Scott's rule on the unit scale, kept away from 0 for sets of equal values.</summary>
    private static double Scott(double[] x)
    {
        var mean = x.Average();
        var sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, x.Length - 1));
        return Math.Max(1.06 * sd * Math.Pow(x.Length, -0.2), 0.02);
    }

    /// <summary>A Gaussian kernel density on a grid over [0, 1], normalized to sum to 1.</summary>
    private static double[] Density(double[] x, double bandwidth)
    {
        var density = new double[GridPoints];
        for (var g = 0; g < GridPoints; g++)
        {
            var at = (g + 0.5) / GridPoints;
            foreach (var v in x)
            {
                var z = (at - v) / bandwidth;
                density[g] += Math.Exp(-0.5 * z * z);
            }
        }

        var sum = density.Sum();
        return [.. density.Select(d => (d / sum) + 1e-12)];
    }

    /// <summary>The Pearson divergence Σ q (p/q − 1)² of p from q (both summing to 1).</summary>
    private static double Pearson(double[] p, double[] q)
    {
        var d = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var r = (p[i] / q[i]) - 1;
            d += q[i] * r * r;
        }

        return d;
    }
}
