using Hypersweep.Sampling.Bayesian;

namespace Hypersweep.Tests.Sampling.Bayesian;

public sealed class LogExpectedImprovementTests
{
    [Theory]
    [InlineData(-2.0, -4.76878352391711)]
    [InlineData(0.0, -0.9189385332046727)]
    [InlineData(1.5, 0.42481455676225943)]
    [InlineData(-5.0, -16.744301162660990)]
    [InlineData(-10.0, -55.553122036122356)]
    [InlineData(-40.0, -808.29856835661996)]
    public void LogH_MatchesHighPrecisionValues(double z, double expected)
    {
        // Reference values: log(phi(z) + z Phi(z)) with scipy (|z| <= 2) and mpmath at 50 digits.
        Assert.True(Math.Abs(LogExpectedImprovement.LogH(z) - expected) < 1e-10 * Math.Max(1, Math.Abs(expected)), $"log h({z}) = {LogExpectedImprovement.LogH(z)}, expected {expected}");
    }

    [Fact]
    public void LogH_IsContinuousAndIncreasing_AcrossTheBranches()
    {
        var previous = double.NegativeInfinity;
        for (var z = -60.0; z <= 8; z += 0.01)
        {
            var v = LogExpectedImprovement.LogH(z);
            Assert.True(double.IsFinite(v), $"log h({z}) is not finite");
            Assert.True(v > previous, $"log h must increase with z, failed at {z}");
            previous = v;
        }

        Assert.Equal(LogExpectedImprovement.LogH(-3 - 1e-12), LogExpectedImprovement.LogH(-3 + 1e-12), 9);
    }

    [Theory]
    [InlineData(-30.0)]
    [InlineData(-5.0)]
    [InlineData(-3.0001)]
    [InlineData(-2.9999)]
    [InlineData(0.0)]
    [InlineData(3.0)]
    public void Derivative_MatchesFiniteDifference(double z)
    {
        LogExpectedImprovement.LogHWithDerivative(z, out var derivative);
        var numeric = (LogExpectedImprovement.LogH(z + 1e-6) - LogExpectedImprovement.LogH(z - 1e-6)) / 2e-6;
        Assert.Equal(numeric, derivative, 5);
    }

    [Fact]
    public void Value_EqualsTheLogOfTheClosedFormEi()
    {
        // EI = (best - mu) Phi(z) + sd phi(z).
        const double mean = 0.3, sd = 0.5, best = 0.1;
        var z = (best - mean) / sd;
        var phi = Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
        var cdf = 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z / Math.Sqrt(2));
        var ei = ((best - mean) * cdf) + (sd * phi);
        Assert.Equal(Math.Log(ei), LogExpectedImprovement.Value(mean, sd, best), 12);
    }

    [Fact]
    public void Ei_GrowsWithUncertaintyAndWithALowerMean()
    {
        // Minimization: a lower mean or (for a mean above the incumbent) a larger sd means more expected improvement.
        Assert.True(LogExpectedImprovement.Value(1.0, 0.5, 0) > LogExpectedImprovement.Value(1.0, 0.2, 0));
        Assert.True(LogExpectedImprovement.Value(-0.5, 0.2, 0) > LogExpectedImprovement.Value(0.5, 0.2, 0));
        // Far from the incumbent EI underflows to 0, but its log still ranks points.
        Assert.True(LogExpectedImprovement.Value(40, 1, 0) > LogExpectedImprovement.Value(41, 1, 0));
    }
}
