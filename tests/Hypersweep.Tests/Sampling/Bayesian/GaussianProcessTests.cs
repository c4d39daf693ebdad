using Hypersweep.Sampling.Bayesian;
using Hypersweep.Space;

namespace Hypersweep.Tests.Sampling.Bayesian;

public sealed class GaussianProcessTests
{
    private static readonly bool[] OneContinuous = [false];

    [Fact]
    public void Matern52_AtKnownDistances_MatchesClosedForm()
    {
        Assert.Equal(1.0, Matern52.Value(0), 15);
        // r = 1: (1 + sqrt5 + 5/3) exp(-sqrt5).
        Assert.Equal((1 + Math.Sqrt(5) + (5.0 / 3.0)) * Math.Exp(-Math.Sqrt(5)), Matern52.Value(1), 15);
        var value = Matern52.ValueAndDerivative(0.3, out var derivative);
        var numeric = (Matern52.Value(0.3 + 1e-7) - Matern52.Value(0.3 - 1e-7)) / 2e-7;
        Assert.Equal(Matern52.Value(0.3), value, 15);
        Assert.Equal(numeric, derivative, 6);
    }

    [Fact]
    public void Predict_TwoPointExample_MatchesHandComputedPosterior()
    {
        // x = 0.2, 0.7; y = 1, -0.5; length scale 0.5, signal 2, noise 0.1. By hand (2x2 inverse):
        // k01 = 2 m52(1.0) = 1.04799; K = [[2.1, k01], [k01, 2.1]]; k* = 2 m52(0.4), 2 m52(0.6);
        // mean = k*^T K^-1 y = 0.425808, variance = 2 - k*^T K^-1 k* = 0.240051 (checked with numpy).
        var gp = new GaussianProcess(new GpHyperparameters([0.5], 2, 0.1), OneContinuous, [0.2, 0.7], [1.0, -0.5], 2);
        var (mean, variance) = gp.Predict([0.4]);
        Assert.Equal(0.42580840680162646, mean, 12);
        Assert.Equal(0.24005087838247574, variance, 12);
        Assert.Equal(0, gp.Jitter);
    }

    [Fact]
    public void Predict_AtATrainingPointWithLittleNoise_ReturnsItsValueWithSmallVariance()
    {
        var gp = new GaussianProcess(new GpHyperparameters([0.3], 1, 1e-6), OneContinuous, [0.1, 0.5, 0.9], [0.0, 1.0, -1.0], 3);
        var (mean, variance) = gp.Predict([0.5]);
        Assert.Equal(1.0, mean, 4);
        Assert.True(variance < 1e-4, $"variance at an observed point should be about the noise, got {variance}");
        var (_, far) = gp.Predict([0.3]);
        Assert.True(far > 100 * variance, "variance between points should be far larger than at them");
    }

    [Fact]
    public void Cholesky_NearDuplicatePointsWithoutNoise_AddsJitterAndStaysFinite()
    {
        // Two points 1e-13 apart and no noise: the kernel matrix is singular to double precision.
        var gp = new GaussianProcess(new GpHyperparameters([0.2], 1, 0), OneContinuous, [0.4, 0.4 + 1e-13, 0.8], [1.0, 3.0, 0.0], 3);
        Assert.True(gp.Jitter > 0, "a singular kernel matrix needs jitter");
        Assert.True(gp.Jitter <= 1e-2, $"the jitter should stay small, got {gp.Jitter}");
        var (mean, variance) = gp.Predict([0.4]);
        Assert.True(double.IsFinite(mean) && double.IsFinite(variance));
        Assert.Equal(2.0, mean, 1); // the average of the two conflicting observations
    }

    [Fact]
    public void DenseMath_CholeskyAndInverse_OfKnownMatrix()
    {
        double[] a = [4, 12, -16, 12, 37, -43, -16, -43, 98];
        var factor = new double[9];
        Assert.Equal(0, DenseMath.CholeskyWithJitter(a, factor, 3, 3));
        Assert.Equal([2.0, 0, 0, 6, 1, 0, -8, 5, 3], factor);
        var inverse = new double[9];
        DenseMath.InverseFromCholesky(factor, 3, 3, inverse, new double[9]);
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < 3; k++)
                {
                    sum += a[(i * 3) + k] * inverse[(k * 3) + j];
                }

                Assert.Equal(i == j ? 1.0 : 0.0, sum, 10);
            }
        }

        double[] b = [1, 2, 3];
        DenseMath.SolveLower(factor, 3, 3, b);
        DenseMath.SolveUpperTransposed(factor, 3, 3, b);
        Assert.Equal(1.0, (4 * b[0]) + (12 * b[1]) - (16 * b[2]), 10);
    }

    [Fact]
    public void PredictWithGradient_MatchesFiniteDifferences()
    {
        var x = new double[] { 0.1, 0.2, 0.8, 0.5, 0.4, 0.9, 0.7, 0.1, 0.3, 0.6 };
        var y = new double[] { 0.3, -1.0, 0.5, 1.2, -0.4 };
        var gp = new GaussianProcess(new GpHyperparameters([0.4, 0.7], 1.5, 1e-4), [false, false], x, y, 5);
        double[] at = [0.35, 0.55];
        var dm = new double[2];
        var dv = new double[2];
        gp.PredictWithGradient(at, dm, dv);
        for (var j = 0; j < 2; j++)
        {
            var plus = (double[])at.Clone();
            var minus = (double[])at.Clone();
            plus[j] += 1e-6;
            minus[j] -= 1e-6;
            var (mp, vp) = gp.Predict(plus);
            var (mm, vm) = gp.Predict(minus);
            Assert.Equal((mp - mm) / 2e-6, dm[j], 5);
            Assert.Equal((vp - vm) / 2e-6, dv[j], 5);
        }
    }

    [Fact]
    public void PredictMany_AgreesWithPredict()
    {
        var random = new Random(9);
        var n = 70;
        var x = new double[n * 3];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i * 3] = random.NextDouble();
            x[(i * 3) + 1] = random.NextDouble();
            x[(i * 3) + 2] = random.Next(4);
            y[i] = Math.Cos(4 * x[i * 3]) - x[(i * 3) + 1] + (0.2 * x[(i * 3) + 2]);
        }

        var gp = new GaussianProcess(new GpHyperparameters([0.3, 0.5, 1.0], 1.3, 1e-3), [false, false, true], x, y, n, extraCapacity: 1);
        gp.AddFantasy([0.5, 0.5, 1]);
        var m = 150; // more than two blocks
        var points = new double[m * 3];
        for (var i = 0; i < m; i++)
        {
            points[i * 3] = random.NextDouble();
            points[(i * 3) + 1] = random.NextDouble();
            points[(i * 3) + 2] = random.Next(4);
        }

        var means = new double[m];
        var variances = new double[m];
        gp.PredictMany(points, means, variances);
        for (var i = 0; i < m; i++)
        {
            var (mean, variance) = gp.Predict(points.AsSpan(i * 3, 3));
            Assert.Equal(mean, means[i], 10);
            Assert.Equal(variance, variances[i], 10);
        }
    }

    [Fact]
    public void AddFantasy_KeepsTheMeanAndShrinksTheVarianceThere()
    {
        var gp = new GaussianProcess(new GpHyperparameters([0.3], 1, 1e-4), OneContinuous, [0.1, 0.9], [1.0, -1.0], 2, extraCapacity: 1);
        var (before, varianceBefore) = gp.Predict([0.5]);
        var (elsewhere, _) = gp.Predict([0.3]);
        gp.AddFantasy([0.5]);
        var (after, varianceAfter) = gp.Predict([0.5]);
        Assert.Equal(before, after, 8);
        Assert.Equal(elsewhere, gp.Predict([0.3]).Mean, 8);
        Assert.True(varianceAfter < 0.01 * varianceBefore, $"a fantasy should pin the variance down: {varianceBefore} -> {varianceAfter}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fitter_GradientMatchesFiniteDifferences(bool withTrend)
    {
        // With the quadratic trend profiled out, the gradient is the envelope-theorem one at the fitted coefficients.
        var trend = withTrend
            ? new QuadraticTrend(new SpaceEncoding(new SearchSpace { { "a", Distributions.Uniform(0, 1) }, { "b", Distributions.Uniform(0, 1) }, { "c", Distributions.Choice([1, 2, 3]) } }))
            : null;
        var random = new Random(3);
        var n = 12;
        var x = new double[n * 3];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i * 3] = random.NextDouble();
            x[(i * 3) + 1] = random.NextDouble();
            x[(i * 3) + 2] = random.Next(3);
            y[i] = Math.Sin(5 * x[i * 3]) + (0.3 * x[(i * 3) + 2]) + (2 * Math.Pow(x[(i * 3) + 1] - 0.4, 2));
        }

        var fitter = new GpFitter([false, false, true], x, y, n, trend);
        double[] theta = [Math.Log(0.3), Math.Log(0.8), Math.Log(1.5), Math.Log(1.2), Math.Log(1e-2)];
        var gradient = new double[theta.Length];
        fitter.Objective(theta, gradient);
        var scratch = new double[theta.Length];
        for (var k = 0; k < theta.Length; k++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[k] += 1e-6;
            minus[k] -= 1e-6;
            var numeric = (fitter.Objective(plus, scratch) - fitter.Objective(minus, scratch)) / 2e-6;
            Assert.True(Math.Abs(numeric - gradient[k]) < 1e-4 * Math.Max(1, Math.Abs(numeric)), $"d/dtheta[{k}]: analytic {gradient[k]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Fitter_FindsTheRelevantDimension()
    {
        // y depends on the first coordinate only: its length scale should come out much shorter.
        var random = new Random(5);
        var n = 30;
        var x = new double[n * 2];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i * 2] = random.NextDouble();
            x[(i * 2) + 1] = random.NextDouble();
            y[i] = Math.Sin(6 * x[i * 2]);
        }

        OutputTransform.Standardize(y);
        var fit = new GpFitter([false, false], x, y, n).Fit();
        Assert.True(fit.LengthScales[0] < 0.25 * fit.LengthScales[1], $"length scales {fit.LengthScales[0]} and {fit.LengthScales[1]}");
        Assert.True(fit.NoiseVariance < 1e-2, $"a noise-free function should get little noise, got {fit.NoiseVariance}");
    }
}
