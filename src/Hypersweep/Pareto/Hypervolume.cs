namespace Hypersweep.Pareto;

/// <summary>
/// The hypervolume of a set of loss vectors: the volume of the region they dominate, bounded by a reference point
/// (every coordinate at least as bad as the points'). Higher is better; it grows whenever the front moves forward or
/// widens. Exact, by slicing along the last objective (O(n^(d-1) log n) for n points in d objectives, enough for the
/// fronts of a few thousand trials in 2 or 3 objectives).
/// </summary>
public static class Hypervolume
{
    /// <summary>The hypervolume of <paramref name="points"/> (losses) up to <paramref name="reference"/>; points not strictly better than the reference everywhere add nothing.</summary>
    public static double Of(IEnumerable<double[]> points, IReadOnlyList<double> reference)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(reference);
        var inside = points.Where(p => p.Length == reference.Count && p.Select((v, i) => v < reference[i]).All(b => b)).ToList();
        return reference.Count == 0 ? 0 : Slice(inside, [.. reference]);
    }

    /// <summary>
    /// A reference point for a sweep's trials: per objective, the worst loss among them plus a tenth of the spread
    /// between best and worst (1 when all are equal), so that the front's extreme points count.
    /// </summary>
    public static double[] ReferenceFor(IReadOnlyList<double[]> losses, int objectives)
    {
        ArgumentNullException.ThrowIfNull(losses);
        var reference = new double[objectives];
        for (var i = 0; i < objectives; i++)
        {
            if (losses.Count == 0)
            {
                reference[i] = 1;
                continue;
            }

            var worst = losses.Max(p => p[i]);
            var best = losses.Min(p => p[i]);
            reference[i] = worst + (worst > best ? 0.1 * (worst - best) : 1);
        }

        return reference;
    }

    /// <summary>The hypervolume of the fronts of the first 1, 2, ..., n points, for a plot over trials.</summary>
    public static double[] Progression(IReadOnlyList<double[]?> losses, IReadOnlyList<double> reference)
    {
        ArgumentNullException.ThrowIfNull(losses);
        var result = new double[losses.Count];
        var front = new List<double[]>();
        var current = 0.0;
        for (var i = 0; i < losses.Count; i++)
        {
            if (losses[i] is { } p && !front.Any(f => ParetoFront.Dominates(f, p) || f.AsSpan().SequenceEqual(p)))
            {
                front.RemoveAll(f => ParetoFront.Dominates(p, f));
                front.Add(p);
                current = Of(front, reference);
            }

            result[i] = current;
        }

        return result;
    }

    private static double Slice(List<double[]> points, double[] reference)
    {
        var d = reference.Length;
        if (points.Count == 0)
        {
            return 0;
        }

        if (d == 1)
        {
            return reference[0] - points.Min(p => p[0]);
        }

        if (d == 2)
        {
            // Sweep by the first loss: each point adds the strip up to the best second loss so far.
            var sorted = points.OrderBy(p => p[0]).ThenBy(p => p[1]).ToList();
            var area = 0.0;
            var bestSecond = reference[1];
            for (var i = 0; i < sorted.Count; i++)
            {
                if (sorted[i][1] < bestSecond)
                {
                    area += (reference[0] - sorted[i][0]) * (bestSecond - sorted[i][1]);
                    bestSecond = sorted[i][1];
                }
            }

            return area;
        }

        // Slabs along the last loss: between consecutive values, the points at or below the slab dominate a (d-1)-volume.
        var byLast = points.OrderBy(p => p[d - 1]).ToList();
        var lower = reference[..(d - 1)];
        var volume = 0.0;
        var active = new List<double[]>();
        for (var i = 0; i < byLast.Count; i++)
        {
            active.Add(byLast[i][..(d - 1)]);
            var top = i + 1 < byLast.Count ? byLast[i + 1][d - 1] : reference[d - 1];
            var thickness = top - byLast[i][d - 1];
            if (thickness > 0)
            {
                volume += thickness * Slice(active, lower);
            }
        }

        return volume;
    }
}
