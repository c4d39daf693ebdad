namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// A Gaussian process posterior with the Matérn-5/2 ARD kernel, conditioned on observations in the encoded unit cube:
/// <c>K = σ² k(X, X) + noise I</c>, factored once by Cholesky (with jitter for near-duplicate points). Its prior mean is
/// 0, or a <see cref="QuadraticTrend"/> fitted to the observations given K, when one is given.
/// Predictions give the mean and variance of the latent function (without noise), with gradients for the local
/// refinement of the acquisition. Pending trials are added as fantasies (kriging believer: observed at the current
/// posterior mean), which leaves the mean unchanged and shrinks the variance around them, by a rank-one extension of
/// the factor.
/// </summary>
internal sealed class GaussianProcess
{
    private readonly int _dimensions;
    private readonly bool[] _categorical;
    private readonly double[] _inverseSquaredLengthScales;
    private readonly double _signal;
    private readonly double _noise;
    private readonly int _capacity;
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _factor;
    private readonly double[] _alpha;
    private readonly double[] _k;
    private readonly double[] _v;
    private readonly double[] _g;

    /// <summary>Conditions the process on <paramref name="count"/> points (row-major in <paramref name="x"/>) and values.</summary>
    /// <param name="hyperparameters">The kernel's hyperparameters.</param>
    /// <param name="categorical">Which dimensions are categorical.</param>
    /// <param name="x">The encoded points, count x dimensions, row-major.</param>
    /// <param name="y">The standardized values.</param>
    /// <param name="count">The number of points.</param>
    /// <param name="extraCapacity">How many fantasies may be added later.</param>
    /// <param name="trend">The basis of the prior mean, fitted here to the observations; null for a zero mean.</param>
    public GaussianProcess(GpHyperparameters hyperparameters, bool[] categorical, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int count, int extraCapacity = 0, QuadraticTrend? trend = null)
    {
        _dimensions = categorical.Length;
        _categorical = categorical;
        Hyperparameters = hyperparameters;
        _inverseSquaredLengthScales = hyperparameters.InverseSquaredLengthScales();
        _signal = hyperparameters.SignalVariance;
        _noise = hyperparameters.NoiseVariance;
        _capacity = Math.Max(1, count + extraCapacity);
        _x = new double[_capacity * _dimensions];
        _y = new double[_capacity];
        _factor = new double[_capacity * _capacity];
        _alpha = new double[_capacity];
        _k = new double[_capacity];
        _v = new double[_capacity];
        _g = new double[_capacity];
        x[..(count * _dimensions)].CopyTo(_x);
        y[..count].CopyTo(_y);
        Count = count;

        var kernel = new double[_capacity * _capacity];
        for (var i = 0; i < count; i++)
        {
            var xi = Row(i);
            kernel[(i * _capacity) + i] = _signal + _noise;
            for (var j = 0; j < i; j++)
            {
                var kij = _signal * Matern52.Value(Matern52.ScaledDistance(xi, Row(j), _inverseSquaredLengthScales, _categorical));
                kernel[(i * _capacity) + j] = kij;
                kernel[(j * _capacity) + i] = kij;
            }
        }

        Jitter = count == 0 ? 0 : DenseMath.CholeskyWithJitter(kernel, _factor, count, _capacity);
        if (double.IsNaN(Jitter))
        {
            throw new InvalidOperationException("The kernel matrix could not be factored; the observations are not finite.");
        }

        Trend = trend is not null && count > 0 ? trend.Fit(_factor, count, _capacity, _x, y, _y) : trend;
        UpdateAlpha();
    }

    /// <summary>The fitted prior mean, or null for a zero mean.</summary>
    public QuadraticTrend? Trend { get; }

    /// <summary>The number of conditioning points, fantasies included.</summary>
    public int Count { get; private set; }

    /// <summary>The number of dimensions of the encoded points.</summary>
    public int Dimensions => _dimensions;

    /// <summary>The jitter that had to be added to the diagonal for the factorization (0 when none).</summary>
    public double Jitter { get; }

    /// <summary>The hyperparameters.</summary>
    public GpHyperparameters Hyperparameters { get; }

    /// <summary>The posterior mean and variance of the latent function at <paramref name="x"/>.</summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> x)
    {
        var n = Count;
        var k = _k.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            k[i] = _signal * Matern52.Value(Matern52.ScaledDistance(x, Row(i), _inverseSquaredLengthScales, _categorical));
        }

        var mean = DenseMath.Dot(k, _alpha.AsSpan(0, n)) + PriorMean(x);
        var v = _v.AsSpan(0, n);
        k.CopyTo(v);
        DenseMath.SolveLower(_factor, n, _capacity, v);
        var variance = _signal - DenseMath.Dot(v, v);
        return (mean, Math.Max(variance, 1e-12 * _signal));
    }

    /// <summary>
    /// The posterior means and variances at many points (row-major in <paramref name="points"/>), computed in blocks:
    /// the cross-covariances of a block form an n x B matrix whose forward substitution runs along contiguous rows of
    /// B candidates, which vectorizes far better than one triangular solve per point.
    /// </summary>
    public void PredictMany(ReadOnlySpan<double> points, Span<double> means, Span<double> variances)
    {
        const int Block = 64;
        var n = Count;
        var m = points.Length / _dimensions;
        var cross = new double[Math.Max(1, n) * Block];
        var sums = new double[Block];
        for (var start = 0; start < m; start += Block)
        {
            var b = Math.Min(Block, m - start);
            for (var i = 0; i < n; i++)
            {
                var xi = Row(i);
                var row = cross.AsSpan(i * Block, b);
                for (var c = 0; c < b; c++)
                {
                    row[c] = _signal * Matern52.Value(Matern52.ScaledDistance(points.Slice((start + c) * _dimensions, _dimensions), xi, _inverseSquaredLengthScales, _categorical));
                }
            }

            // Means: alpha . k* for each candidate.
            var mean = sums.AsSpan(0, b);
            mean.Clear();
            for (var i = 0; i < n; i++)
            {
                DenseMath.Axpy(_alpha[i], cross.AsSpan(i * Block, b), mean);
            }

            for (var c = 0; c < b; c++)
            {
                mean[c] += PriorMean(points.Slice((start + c) * _dimensions, _dimensions));
            }

            mean.CopyTo(means.Slice(start, b));

            // Forward substitution V = L^-1 K*, row by row; accumulate sum of squares per candidate.
            var squares = sums.AsSpan(0, b);
            squares.Clear();
            for (var i = 0; i < n; i++)
            {
                var row = cross.AsSpan(i * Block, b);
                var li = _factor.AsSpan(i * _capacity, i + 1);
                for (var k = 0; k < i; k++)
                {
                    var c = li[k];
                    if (c != 0)
                    {
                        DenseMath.Axpy(-c, cross.AsSpan(k * Block, b), row);
                    }
                }

                var inverse = 1 / li[i];
                for (var c = 0; c < b; c++)
                {
                    row[c] *= inverse;
                    squares[c] += row[c] * row[c];
                }
            }

            for (var c = 0; c < b; c++)
            {
                variances[start + c] = Math.Max(_signal - squares[c], 1e-12 * _signal);
            }
        }
    }

    /// <summary>
    /// The posterior mean and variance at <paramref name="x"/> with their gradients with respect to the continuous
    /// coordinates (entries of categorical dimensions are set to 0).
    /// </summary>
    public (double Mean, double Variance) PredictWithGradient(ReadOnlySpan<double> x, Span<double> meanGradient, Span<double> varianceGradient)
    {
        var n = Count;
        var k = _k.AsSpan(0, n);
        var g = _g.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            k[i] = _signal * Matern52.ValueAndDerivative(Matern52.ScaledDistance(x, Row(i), _inverseSquaredLengthScales, _categorical), out var dk);
            g[i] = _signal * dk;
        }

        var mean = DenseMath.Dot(k, _alpha.AsSpan(0, n)) + PriorMean(x);
        var v = _v.AsSpan(0, n);
        k.CopyTo(v);
        DenseMath.SolveLower(_factor, n, _capacity, v);
        var rawVariance = _signal - DenseMath.Dot(v, v);
        // w = K^-1 k* (reusing v).
        DenseMath.SolveUpperTransposed(_factor, n, _capacity, v);
        meanGradient.Clear();
        varianceGradient.Clear();
        for (var i = 0; i < n; i++)
        {
            var a = _alpha[i] * g[i];
            var b = v[i] * g[i];
            var xi = Row(i);
            for (var j = 0; j < _dimensions; j++)
            {
                if (!_categorical[j])
                {
                    var t = x[j] - xi[j];
                    meanGradient[j] += a * t;
                    varianceGradient[j] += b * t;
                }
            }
        }

        // d k*_i / d x_j = g_i * 2 (x_j - X_ij) / l_j^2; d var = -2 w . d k*.
        for (var j = 0; j < _dimensions; j++)
        {
            meanGradient[j] *= 2 * _inverseSquaredLengthScales[j];
            varianceGradient[j] *= -4 * _inverseSquaredLengthScales[j];
        }

        Trend?.AddGradient(x, meanGradient);
        var floor = 1e-12 * _signal;
        if (rawVariance < floor)
        {
            varianceGradient.Clear();
            return (mean, floor);
        }

        return (mean, rawVariance);
    }

    /// <summary>
    /// Adds a pending point as a fantasy observation at the current posterior mean (kriging believer), extending the
    /// Cholesky factor by one row. The mean is unchanged; the variance near the point shrinks to about the noise.
    /// Returns the fantasized value (the posterior mean at the point).
    /// </summary>
    public double AddFantasy(ReadOnlySpan<double> x)
    {
        if (Count == _capacity)
        {
            throw new InvalidOperationException("No capacity left for another fantasy.");
        }

        var n = Count;
        var (mean, _) = Predict(x);
        var row = _factor.AsSpan(n * _capacity, n + 1);
        for (var i = 0; i < n; i++)
        {
            row[i] = _signal * Matern52.Value(Matern52.ScaledDistance(x, Row(i), _inverseSquaredLengthScales, _categorical));
        }

        DenseMath.SolveLower(_factor, n, _capacity, row[..n]);
        var pivot = _signal + _noise + Jitter - DenseMath.Dot(row[..n], row[..n]);
        row[n] = Math.Sqrt(Math.Max(pivot, 1e-10 * _signal));
        x.CopyTo(_x.AsSpan(n * _dimensions, _dimensions));
        _y[n] = mean - PriorMean(x);
        Count = n + 1;
        UpdateAlpha();
        return mean;
    }

    private double PriorMean(ReadOnlySpan<double> x) => Trend?.Value(x) ?? 0;

    private ReadOnlySpan<double> Row(int i) => _x.AsSpan(i * _dimensions, _dimensions);

    private void UpdateAlpha()
    {
        var n = Count;
        var alpha = _alpha.AsSpan(0, n);
        _y.AsSpan(0, n).CopyTo(alpha);
        DenseMath.SolveLower(_factor, n, _capacity, alpha);
        DenseMath.SolveUpperTransposed(_factor, n, _capacity, alpha);
    }
}
