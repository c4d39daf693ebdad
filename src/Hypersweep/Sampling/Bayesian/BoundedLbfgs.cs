namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// Limited-memory BFGS for smooth functions on a box, used both to fit the kernel's hyperparameters and to refine
/// the acquisition. The search direction is the two-loop L-BFGS direction on the free variables (those not held at
/// a bound by the gradient), the step is projected back onto the box, and a backtracking line search enforces the
/// Armijo condition. Deterministic and allocation-light; it never throws on lack of convergence, it just stops.
/// </summary>
internal static class BoundedLbfgs
{
    /// <summary>Computes f(x) and writes its gradient.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>Minimizes <paramref name="f"/> from <paramref name="x"/> (updated in place) within [lower, upper]; returns the final value.</summary>
    public static double Minimize(Objective f, Span<double> x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, int maxIterations, int memory = 8, double tolerance = 1e-7)
    {
        var n = x.Length;
        for (var i = 0; i < n; i++)
        {
            x[i] = Math.Clamp(x[i], lower[i], upper[i]);
        }

        var g = new double[n];
        var fx = f(x, g);
        if (!double.IsFinite(fx))
        {
            return fx;
        }

        var s = new double[memory][];
        var yv = new double[memory][];
        var rho = new double[memory];
        for (var m = 0; m < memory; m++)
        {
            s[m] = new double[n];
            yv[m] = new double[n];
        }

        var stored = 0;
        var head = 0;
        var d = new double[n];
        var alpha = new double[memory];
        var xNew = new double[n];
        var gNew = new double[n];
        var free = new bool[n];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var projectedNorm = 0.0;
            for (var i = 0; i < n; i++)
            {
                free[i] = !((x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0));
                if (free[i])
                {
                    projectedNorm = Math.Max(projectedNorm, Math.Abs(g[i]));
                }
            }

            if (projectedNorm < 1e-9)
            {
                break;
            }

            // Two-loop recursion on the free variables.
            for (var i = 0; i < n; i++)
            {
                d[i] = free[i] ? -g[i] : 0;
            }

            for (var k = 0; k < stored; k++)
            {
                var m = ((head - 1 - k) % memory + memory) % memory;
                alpha[m] = rho[m] * FreeDot(s[m], d, free);
                for (var i = 0; i < n; i++)
                {
                    if (free[i])
                    {
                        d[i] -= alpha[m] * yv[m][i];
                    }
                }
            }

            if (stored > 0)
            {
                var last = ((head - 1) % memory + memory) % memory;
                var gamma = FreeDot(s[last], yv[last], free) / Math.Max(FreeDot(yv[last], yv[last], free), 1e-300);
                if (gamma > 0 && double.IsFinite(gamma))
                {
                    for (var i = 0; i < n; i++)
                    {
                        d[i] *= gamma;
                    }
                }
            }
            else
            {
                // First step: at most a unit move in the largest coordinate.
                var scale = 1 / Math.Max(1, projectedNorm);
                for (var i = 0; i < n; i++)
                {
                    d[i] *= scale;
                }
            }

            for (var k = stored - 1; k >= 0; k--)
            {
                var m = ((head - 1 - k) % memory + memory) % memory;
                var beta = rho[m] * FreeDot(yv[m], d, free);
                for (var i = 0; i < n; i++)
                {
                    if (free[i])
                    {
                        d[i] += (alpha[m] - beta) * s[m][i];
                    }
                }
            }

            var slope = 0.0;
            for (var i = 0; i < n; i++)
            {
                slope += g[i] * d[i];
            }

            if (!(slope < 0))
            {
                // Not a descent direction: fall back to steepest descent and forget the curvature pairs.
                stored = 0;
                for (var i = 0; i < n; i++)
                {
                    d[i] = free[i] ? -g[i] / Math.Max(1, projectedNorm) : 0;
                }
            }

            var step = 1.0;
            var accepted = false;
            var fNew = fx;
            for (var trial = 0; trial < 30; trial++)
            {
                var decrease = 0.0;
                for (var i = 0; i < n; i++)
                {
                    xNew[i] = Math.Clamp(x[i] + (step * d[i]), lower[i], upper[i]);
                    decrease += g[i] * (xNew[i] - x[i]);
                }

                fNew = f(xNew, gNew);
                if (double.IsFinite(fNew) && fNew <= fx + (1e-4 * decrease))
                {
                    accepted = true;
                    break;
                }

                step *= 0.5;
            }

            if (!accepted)
            {
                break;
            }

            var sy = 0.0;
            for (var i = 0; i < n; i++)
            {
                s[head][i] = xNew[i] - x[i];
                yv[head][i] = gNew[i] - g[i];
                sy += s[head][i] * yv[head][i];
            }

            if (sy > 1e-12)
            {
                rho[head] = 1 / sy;
                head = (head + 1) % memory;
                stored = Math.Min(stored + 1, memory);
            }

            var change = fx - fNew;
            xNew.CopyTo(x);
            gNew.CopyTo(g);
            fx = fNew;
            if (change <= tolerance * Math.Max(1, Math.Abs(fx)))
            {
                break;
            }
        }

        return fx;
    }

    private static double FreeDot(double[] a, double[] b, bool[] free)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            if (free[i])
            {
                sum += a[i] * b[i];
            }
        }

        return sum;
    }
}
