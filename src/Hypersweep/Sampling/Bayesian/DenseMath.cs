using System.Numerics;
using System.Runtime.InteropServices;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// The small dense linear algebra the Gaussian process needs, on row-major arrays with an explicit row stride:
/// a Cholesky factorization (with jitter when the matrix is numerically singular), triangular solves and the
/// inverse from the factor. Written out rather than taken from a library so the hot loops are contiguous dot
/// products and nothing allocates.
/// </summary>
internal static class DenseMath
{
    /// <summary>The dot product of two equally long spans.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        var i = 0;
        var sum = 0.0;
        if (Vector.IsHardwareAccelerated && n >= 2 * Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..n]);
            var acc = Vector<double>.Zero;
            for (var k = 0; k < va.Length; k++)
            {
                acc += va[k] * vb[k];
            }

            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>y += alpha * x.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        var n = x.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= 2 * Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..n]);
            var va = new Vector<double>(alpha);
            for (var k = 0; k < vx.Length; k++)
            {
                vy[k] += va * vx[k];
            }

            i = vx.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>
    /// Factors the symmetric positive definite n x n matrix in <paramref name="a"/> (row stride <paramref name="stride"/>)
    /// in place into its lower Cholesky factor L (A = L L^T); the strict upper triangle is zeroed.
    /// Returns false, leaving <paramref name="a"/> partly overwritten, when a pivot is not positive.
    /// </summary>
    public static bool TryCholesky(Span<double> a, int n, int stride)
    {
        for (var j = 0; j < n; j++)
        {
            var rowJ = a.Slice(j * stride, j + 1);
            var pivot = rowJ[j] - Dot(rowJ[..j], rowJ[..j]);
            if (!(pivot > 0) || !double.IsFinite(pivot))
            {
                return false;
            }

            var ljj = Math.Sqrt(pivot);
            rowJ[j] = ljj;
            var inverse = 1 / ljj;
            for (var i = j + 1; i < n; i++)
            {
                var rowI = a.Slice(i * stride, j + 1);
                rowI[j] = (rowI[j] - Dot(rowI[..j], rowJ[..j])) * inverse;
            }
        }

        for (var i = 0; i < n; i++)
        {
            a.Slice((i * stride) + i + 1, n - i - 1).Clear();
        }

        return true;
    }

    /// <summary>
    /// Cholesky factor of the n x n matrix <paramref name="source"/> written to <paramref name="factor"/> (both with
    /// row stride <paramref name="stride"/>). When the matrix is numerically singular (near-duplicate points), jitter
    /// growing from 1e-10 to 1e-1 times the mean diagonal is added to the diagonal until it factors.
    /// Returns the jitter added, or NaN when even the largest failed (non-finite entries).
    /// </summary>
    public static double CholeskyWithJitter(ReadOnlySpan<double> source, Span<double> factor, int n, int stride)
    {
        source[..((n - 1) * stride + n)].CopyTo(factor);
        if (TryCholesky(factor, n, stride))
        {
            return 0;
        }

        var meanDiagonal = 0.0;
        for (var i = 0; i < n; i++)
        {
            meanDiagonal += source[(i * stride) + i];
        }

        meanDiagonal = Math.Max(meanDiagonal / n, 1e-300);
        for (var jitter = 1e-10 * meanDiagonal; jitter <= 0.1 * meanDiagonal * 1.0001; jitter *= 10)
        {
            source[..((n - 1) * stride + n)].CopyTo(factor);
            for (var i = 0; i < n; i++)
            {
                factor[(i * stride) + i] += jitter;
            }

            if (TryCholesky(factor, n, stride))
            {
                return jitter;
            }
        }

        return double.NaN;
    }

    /// <summary>Solves L x = b in place (forward substitution) for lower-triangular L.</summary>
    public static void SolveLower(ReadOnlySpan<double> l, int n, int stride, Span<double> b)
    {
        for (var i = 0; i < n; i++)
        {
            var row = l.Slice(i * stride, i + 1);
            b[i] = (b[i] - Dot(row[..i], b[..i])) / row[i];
        }
    }

    /// <summary>Solves L^T x = b in place (back substitution) for lower-triangular L.</summary>
    public static void SolveUpperTransposed(ReadOnlySpan<double> l, int n, int stride, Span<double> b)
    {
        for (var i = n - 1; i >= 0; i--)
        {
            var row = l.Slice(i * stride, i + 1);
            var xi = b[i] / row[i];
            b[i] = xi;
            Axpy(-xi, row[..i], b[..i]);
        }
    }

    /// <summary>Writes A^-1 = L^-T L^-1 (full, symmetric) into <paramref name="inverse"/> (row stride n), using <paramref name="work"/> (n x n).</summary>
    public static void InverseFromCholesky(ReadOnlySpan<double> l, int n, int stride, Span<double> inverse, Span<double> work)
    {
        // work = L^-1, row by row: row_i = (e_i - sum_{k<i} L[i,k] row_k) / L[i,i].
        work[..(n * n)].Clear();
        for (var i = 0; i < n; i++)
        {
            var rowI = work.Slice(i * n, i + 1);
            var li = l.Slice(i * stride, i + 1);
            for (var k = 0; k < i; k++)
            {
                var c = li[k];
                if (c != 0)
                {
                    Axpy(-c, work.Slice(k * n, k + 1), rowI);
                }
            }

            rowI[i] += 1;
            var inv = 1 / li[i];
            for (var j = 0; j <= i; j++)
            {
                rowI[j] *= inv;
            }
        }

        // inverse = sum_k row_k^T row_k (row_k of L^-1 has entries 0..k).
        inverse[..(n * n)].Clear();
        for (var k = 0; k < n; k++)
        {
            var rowK = work.Slice(k * n, k + 1);
            for (var i = 0; i <= k; i++)
            {
                var c = rowK[i];
                if (c != 0)
                {
                    Axpy(c, rowK[..(i + 1)], inverse.Slice(i * n, i + 1));
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                inverse[(i * n) + j] = inverse[(j * n) + i];
            }
        }
    }
}
