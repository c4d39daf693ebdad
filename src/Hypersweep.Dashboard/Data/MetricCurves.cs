using Hypersweep.Trials;

namespace Hypersweep.Dashboard.Data;

/// <summary>
/// The metric-over-intervals chart's data. Up to <see cref="AllCurvesLimit"/> trials, every trial's curve. Beyond
/// (a sweep of 10,000 trials would be 10,000 Plotly traces, about 30 s to draw and megabytes to send), the curves of the
/// <see cref="BestCurves"/> best trials (by the objective; feasible ones first) and of the latest
/// <see cref="RunningCurves"/> running ones, with a band over every trial: at each step, the 10%, 50% and 90%
/// quantiles of the values logged there and how many trials logged one.
/// </summary>
internal static class MetricCurves
{
    /// <summary>The most trials drawn one curve each.</summary>
    public const int AllCurvesLimit = 100;

    /// <summary>How many of the best trials keep their curve in a large sweep.</summary>
    public const int BestCurves = 10;

    /// <summary>How many running trials (the latest) keep their curve in a large sweep.</summary>
    public const int RunningCurves = 10;

    /// <summary>The band's quantiles: its low edge, the median, its high edge.</summary>
    public static readonly IReadOnlyList<double> Quantiles = [0.1, 0.5, 0.9];

    /// <summary>The metric <paramref name="name"/> of the sweep, aggregated when many trials logged it; only trials <paramref name="numbers"/> (never aggregated) when given.</summary>
    public static MetricSeriesView Of(SweepSnapshot s, string name, IReadOnlySet<int>? numbers = null)
    {
        var all = new List<TrialSeriesView>();
        foreach (var trial in s.Trials)
        {
            var points = s.Metrics[trial.Id].Where(p => string.Equals(p.Name, name, StringComparison.Ordinal)).ToList();
            if (points.Count > 0)
            {
                all.Add(new TrialSeriesView(trial.Number, trial.DisplayId, trial.State.ToString(), [.. points.Select(p => SweepReader.Finite(p.Value))], [.. points.Select(p => p.Step)]));
            }
        }

        if (numbers is not null)
        {
            return new MetricSeriesView(name, [.. all.Where(t => numbers.Contains(t.Number))], all.Count, null);
        }

        if (all.Count <= AllCurvesLimit)
        {
            return new MetricSeriesView(name, all, all.Count, null);
        }

        var shown = Shown(s);
        return new MetricSeriesView(name, [.. all.Where(t => shown.Contains(t.Number))], all.Count, Band(all));
    }

    /// <summary>The best trials by the objective and the latest running ones.</summary>
    private static HashSet<int> Shown(SweepSnapshot s)
    {
        var goal = s.Sweep.Objective.Goal;
        var best = s.Trials.Where(t => t.Value is { } v && double.IsFinite(v))
            .OrderBy(t => t.IsFeasible ? 0 : 1)
            .ThenBy(t => goal == Goal.Maximize ? -t.Value!.Value : t.Value!.Value)
            .Take(BestCurves);
        var running = s.Trials.Where(t => t.State == TrialState.Running).OrderByDescending(t => t.Number).Take(RunningCurves);
        return [.. best.Concat(running).Select(t => t.Number)];
    }

    private static MetricBandView Band(List<TrialSeriesView> all)
    {
        var bySteps = all.All(t => t.Steps.All(step => step is not null));
        var atX = new SortedDictionary<double, List<double>>();
        foreach (var trial in all)
        {
            for (var i = 0; i < trial.Values.Count; i++)
            {
                if (trial.Values[i] is not { } value)
                {
                    continue;
                }

                var x = bySteps ? trial.Steps[i]!.Value : i + 1;
                if (!atX.TryGetValue(x, out var values))
                {
                    atX[x] = values = [];
                }

                values.Add(value);
            }
        }

        foreach (var values in atX.Values)
        {
            values.Sort();
        }

        return new MetricBandView(
            bySteps,
            [.. atX.Keys],
            Quantiles,
            [.. Quantiles.Select(q => (IReadOnlyList<double>)[.. atX.Values.Select(v => Quantile(v, q))])],
            [.. atX.Values.Select(v => v.Count)]);
    }

    /// <summary>The q-quantile of sorted values, interpolated linearly between neighbours.</summary>
    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
