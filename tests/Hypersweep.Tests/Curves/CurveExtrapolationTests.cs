using Hypersweep.Curves;

namespace Hypersweep.Tests.Curves;

public sealed class CurveExtrapolationTests
{
    private static double[] Curve(Func<int, double> loss, int length, double noise = 0, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(1, length).Select(t => loss(t) + (noise * ((2 * random.NextDouble()) - 1)))];
    }

    [Fact]
    public void Predict_ReadsAnExponentialCurveAtTheFullLength()
    {
        // err_t = 0.05 + 0.85 e^(-0.15 t), stopped after 12 of 50 epochs at 0.19: it would have ended at 0.050.
        static double Loss(int t) => 0.05 + (0.85 * Math.Exp(-0.15 * t));
        var predicted = CurveExtrapolation.Predict(Curve(Loss, 12), 50)!.Value;
        Assert.InRange(predicted, Loss(50) - 0.01, Loss(50) + 0.01);
        // With noise of +-0.01 on every epoch the running best drifts below the clean curve, and 38 epochs of
        // extrapolation carry that on: still within 0.04 of the end, against 0.14 for the value at epoch 12.
        var noisy = CurveExtrapolation.Predict(Curve(Loss, 12, noise: 0.01), 50)!.Value;
        Assert.InRange(noisy, Loss(50) - 0.04, Loss(50) + 0.04);
    }

    [Fact]
    public void Predict_ReadsAPowerLawCurveAtTheFullLength()
    {
        static double Loss(int t) => 0.1 + (0.5 * Math.Pow(t, -0.7));
        var predicted = CurveExtrapolation.Predict(Curve(Loss, 8), 60)!.Value;
        Assert.InRange(predicted, Loss(60) - 0.01, Loss(60) + 0.01);
    }

    [Fact]
    public void Predict_ReadsACurveOf100000Values_FromEvenlySpacedStepsAndInMilliseconds()
    {
        // A policy asks at every interval; a curve logged every training step must not cost a fit over all its values.
        static double Loss(int t) => 0.1 + (0.5 * Math.Pow(t, -0.5));
        var curve = Curve(Loss, 100_000);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var predicted = CurveExtrapolation.Predict(curve, 400_000)!.Value;

        Assert.InRange(predicted, Loss(400_000) - 1e-4, Loss(400_000) + 1e-4);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void Predict_NeverAboveTheBestReached_NorBelowItByMoreThanTheCurveFell()
    {
        // A curve still falling fast after 4 points: a straight-line reading would go far below 0; the prediction stops
        // at the best so far minus what the curve has fallen (0.9 - 0.6 = 0.3).
        var falling = CurveExtrapolation.Predict([0.9, 0.8, 0.7, 0.6], 100)!.Value;
        Assert.InRange(falling, 0.3 - 1e-9, 0.6);
        // A curve that got worse after its best: the best so far (0.4) is what a completed trial would record, and a
        // flat best-so-far curve is read as nearly flat.
        var worse = CurveExtrapolation.Predict([0.5, 0.4, 0.45, 0.6, 0.7], 20)!.Value;
        Assert.InRange(worse, 0.39, 0.4);
        // Already as long as a completed trial: its best so far.
        Assert.Equal(0.6, CurveExtrapolation.Predict([0.9, 0.8, 0.7, 0.6], 4));
    }

    [Fact]
    public void Predict_NeedsAtLeastThreeFiniteValues()
    {
        Assert.Null(CurveExtrapolation.Predict([0.9, 0.8], 50));
        Assert.Null(CurveExtrapolation.Predict([0.9, double.NaN, double.PositiveInfinity, 0.8], 50));
        Assert.NotNull(CurveExtrapolation.Predict([0.9, double.NaN, 0.85, 0.8], 50));
    }
}
