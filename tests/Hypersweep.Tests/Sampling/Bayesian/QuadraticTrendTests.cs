using Hypersweep.Sampling.Bayesian;
using Hypersweep.Space;

namespace Hypersweep.Tests.Sampling.Bayesian;

public sealed class QuadraticTrendTests
{
    private static readonly SpaceEncoding TwoNumericOneChoice = new(new SearchSpace
    {
        { "a", Distributions.Uniform(0, 1) },
        { "b", Distributions.Uniform(-3, 3) },
        { "c", Distributions.Choice(["x", "y", "z"]) },
    });

    /// <summary>Fits the trend with K = I (an identity factor), as generalized least squares with no correlation.</summary>
    private static (QuadraticTrend Trend, double[] Residuals) FitIndependent(double[] x, double[] y)
    {
        var n = y.Length;
        var residuals = new double[n];
        var trend = new QuadraticTrend(TwoNumericOneChoice).Fit(Identity(n), n, n, x, y, residuals);
        return (trend, residuals);
    }

    /// <summary>The n x n identity matrix, row-major: the Cholesky factor of uncorrelated unit-variance observations.</summary>
    private static double[] Identity(int n)
    {
        var identity = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            identity[(i * n) + i] = 1;
        }

        return identity;
    }

    private static (double[] X, double[] Y) Sample(int n, Func<double, double, double> f)
    {
        var random = new Random(7);
        var x = new double[n * 3];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i * 3] = random.NextDouble();
            x[(i * 3) + 1] = random.NextDouble();
            x[(i * 3) + 2] = random.Next(3);
            y[i] = f((2 * x[i * 3]) - 1, (2 * x[(i * 3) + 1]) - 1);
        }

        return (x, y);
    }

    [Fact]
    public void QuantizedCoordinates_JoinTheTrend_OnlyWhenNoContinuousOneIsThere()
    {
        // y rises along the quantized n and along the continuous a: with a in the space the trend follows a alone
        // (n's best setting may well sit on its bound, where a convex trend would predict the worst); with n alone, n.
        var mixed = new SpaceEncoding(new SearchSpace { { "a", Distributions.Uniform(0, 1) }, { "n", Distributions.QUniform(4, 40, 2) } });
        var quantizedOnly = new SpaceEncoding(new SearchSpace { { "n", Distributions.QUniform(4, 40, 2) } });
        var random = new Random(3);
        const int count = 60;
        var identity = Identity(count);
        var x = new double[count * 2];
        var xn = new double[count];
        var y = new double[count];
        for (var i = 0; i < count; i++)
        {
            x[i * 2] = random.NextDouble();
            x[(i * 2) + 1] = xn[i] = random.NextDouble();
            y[i] = x[i * 2] + (2 * xn[i]);
        }

        var both = new QuadraticTrend(mixed).Fit(identity, count, count, x, y, new double[count]);
        var alone = new QuadraticTrend(quantizedOnly).Fit(identity, count, count, xn, y, new double[count]);

        Assert.Equal(both.Value([0.5, 0.0]), both.Value([0.5, 1.0]), 12);
        Assert.True(both.Value([1.0, 0.5]) > both.Value([0.0, 0.5]) + 0.5);
        Assert.True(alone.Value([1.0]) > alone.Value([0.0]) + 1);
    }

    [Fact]
    public void Fit_RecoversABowlAndItsTilt_FromManyPoints()
    {
        // m = 1 + 0.5 z1 - 0.3 z2 + 2 (z1² + z2²) / 2, in the box scaled to [-1, 1].
        var (x, y) = Sample(400, (z1, z2) => 1 + (0.5 * z1) - (0.3 * z2) + (z1 * z1) + (z2 * z2));
        var (trend, residuals) = FitIndependent(x, y);
        // The N(0, 1) prior on the coefficients shrinks them a little: the linear ones by about 1% with 400 points,
        // the curvature by about 5% (mean z² varies little over the box, so 400 points say less about it).
        Assert.InRange(trend.Coefficients[0], 0.95, 1.1);
        Assert.InRange(trend.Coefficients[1], 0.48, 0.52);
        Assert.InRange(trend.Coefficients[2], -0.32, -0.28);
        Assert.InRange(trend.Curvature, 1.8, 2.0);
        Assert.True(residuals.Max(Math.Abs) < 0.15, $"residuals up to {residuals.Max(Math.Abs)}");
        // Categorical coordinates take no part: the trend is the same whatever the category.
        Assert.Equal(trend.Value([0.2, 0.9, 0]), trend.Value([0.2, 0.9, 2]), 12);
    }

    [Fact]
    public void Fit_KeepsTheCurvatureAtZero_ForAnObjectiveThatIsBestAtTheEdges()
    {
        // A dome (best at the faces of the box): a negative curvature would say the corners are best, unexplored.
        var (x, y) = Sample(200, (z1, z2) => -((z1 * z1) + (z2 * z2)));
        var (trend, _) = FitIndependent(x, y);
        Assert.Equal(0, trend.Curvature);
        var (flat, _) = FitIndependent(x, [.. y.Select(_ => 0.0)]);
        Assert.Equal(0, flat.Curvature);
    }

    [Fact]
    public void Fit_DoesNotLetACliffAlongOneCoordinate_BendTheOthersBackFromTheirFaces()
    {
        // As mlp_digits' networks that never train at the lowest learning rates: a (z1) below -0.5 fails outright
        // (loss 10, twenty times the worst of the rest); elsewhere the loss falls steadily towards b's upper face
        // (z2 = 1), where the best settings are.
        static double Loss(double z1, double z2) => z1 < -0.5 ? 10 : 0.5 * (1 - z2);
        var (x, y) = Sample(40, Loss);
        var (trend, residuals) = FitIndependent(x, y);

        // Fitted to the cliff, the one curvature would predict b's face worse than b's middle; capped, the trend falls
        // towards the face as the data do, and its constant still carries the level of all the data, failures included.
        Assert.True(trend.Value([0.5, 1.0, 0]) < trend.Value([0.5, 0.5, 0]) - 0.1, $"face {trend.Value([0.5, 1.0, 0])}, middle {trend.Value([0.5, 0.5, 0])}");
        Assert.InRange(residuals.Average(), -0.3, 0.3);

        // Values spread about evenly around their median keep the full fit: a bowl's curvature is not weakened.
        var (bowlX, bowlY) = Sample(200, (z1, z2) => (z1 * z1) + (z2 * z2));
        var (bowl, _) = FitIndependent(bowlX, bowlY);
        Assert.True(bowl.Curvature > 1.6, $"curvature {bowl.Curvature}");
    }

    [Fact]
    public void Gradient_MatchesFiniteDifferences()
    {
        var (x, y) = Sample(50, (z1, z2) => Math.Sin(3 * z1) + (z2 * z2) + (0.4 * z2));
        var (trend, _) = FitIndependent(x, y);
        Assert.True(trend.Curvature > 0, "the example needs a curved trend");
        double[] point = [0.3, 0.8, 1];
        var gradient = new double[3];
        trend.AddGradient(point, gradient);
        for (var j = 0; j < 2; j++)
        {
            var plus = (double[])point.Clone();
            var minus = (double[])point.Clone();
            plus[j] += 1e-6;
            minus[j] -= 1e-6;
            var numeric = (trend.Value(plus) - trend.Value(minus)) / 2e-6;
            Assert.True(Math.Abs(numeric - gradient[j]) < 1e-6, $"d/dx[{j}]: analytic {gradient[j]}, numeric {numeric}");
        }

        Assert.Equal(0, gradient[2]);
    }
}
