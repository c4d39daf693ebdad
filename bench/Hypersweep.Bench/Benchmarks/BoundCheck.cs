using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// Whether a sweep's best trial lies on a bound of the search space because the objective is best there (issue 13's
/// target 2 allows a pile-up on a bound only where the optimum is): every continuous parameter (uniform, loguniform) of
/// the best trial within <see cref="RealJobsBenchmark.EdgeTolerance"/> of a bound of its unit coordinate is moved inward
/// to each of <see cref="Steps"/> of its unit range from that bound, the other parameters kept, and the workload is
/// evaluated there. A bound that holds the optimum along that parameter makes every move worse or equal.
/// </summary>
internal static class BoundCheck
{
    /// <summary>How far inward (a share of the unit range) a parameter on a bound is moved.</summary>
    public static readonly double[] Steps = [0.01, 0.05, 0.1, 0.25];

    /// <summary>The value (after the last epoch) of each move of one parameter of one seed's best trial, beside the best's.</summary>
    public sealed record Move(string Parameter, bool Upper, int Seed, double Best, double[] Moved);

    /// <summary>Every move of every best trial's parameters on a bound.</summary>
    public static List<Move> Run(SearchSpace space, CachedEvaluator evaluator, IEnumerable<(int Seed, ParameterSet Best)> bests)
    {
        var moves = new List<Move>();
        foreach (var (seed, best) in bests)
        {
            var bestValue = evaluator.Evaluate(best)[^1];
            foreach (var (name, distribution) in space.Where(p => p.Value is UniformDistribution or LogUniformDistribution))
            {
                var unit = distribution.ToUnit(best[name]);
                if (Math.Min(unit, 1 - unit) >= RealJobsBenchmark.EdgeTolerance)
                {
                    continue;
                }

                var upper = unit > 0.5;
                var moved = Steps.Select(step =>
                {
                    var value = distribution.FromUnit(upper ? 1 - step : step);
                    return evaluator.Evaluate(new ParameterSet(best.Select(p => p.Key == name ? new KeyValuePair<string, ParameterValue>(name, value) : p)))[^1];
                }).ToArray();
                moves.Add(new Move(name, upper, seed, bestValue, moved));
            }
        }

        return moves;
    }

    /// <summary>A markdown row per parameter and bound: how many best trials sit there, and per step better / tied / worse after the move with the median change.</summary>
    public static IEnumerable<string> Rows(string workload, Goal goal, int seeds, List<Move> moves) =>
        moves.GroupBy(m => (m.Parameter, m.Upper)).OrderBy(g => g.Key.Parameter, StringComparer.Ordinal).ThenBy(g => g.Key.Upper).Select(g =>
        {
            var cells = Steps.Select((step, k) =>
            {
                // Positive: the move made the trial worse.
                var changes = g.Select(m => (Change: goal == Goal.Minimize ? m.Moved[k] - m.Best : m.Best - m.Moved[k], Tied: RealJobsBenchmark.Same(m.Moved[k], m.Best))).ToList();
                var tied = changes.Count(c => c.Tied);
                var better = changes.Count(c => !c.Tied && c.Change < 0);
                var worse = changes.Count - better - tied;
                return FormattableString.Invariant($"{better} / {tied} / {worse}, {SampleEfficiencyBenchmark.Quantiles(changes.Select(c => c.Change)).Median:+0.####;-0.####;0}");
            });
            return FormattableString.Invariant($"| {workload} | {g.Key.Parameter} {(g.Key.Upper ? "upper" : "lower")} | {g.Count()} of {seeds} ({string.Join(" ", g.Select(m => m.Seed))}) | {string.Join(" | ", cells)} |");
        });
}
