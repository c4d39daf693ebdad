using System.Runtime.CompilerServices;
using Hypersweep.Termination;
using Hypersweep.Trials;
using static Hypersweep.Tests.Termination.PolicyTestKit;

namespace Hypersweep.Tests.Termination;

public sealed class CurvePredictionPolicyTests
{
    private const int Length = 30;

    private static readonly double[] CompletedEnds = [0.10, 0.20, 0.30];

    private static readonly double[] FiveCompletedEnds = [0.20, 0.25, 0.30, 0.35, 0.40];

    private static readonly CurvePredictionPolicy Policy = new(new CurvePredictionSpec { MaxResource = Length, DelayEvaluation = 5, MinCompleted = 3 });

    /// <summary>An exponential learning curve a + c·e^(−k·t), t = 1..length.</summary>
    private static double[] Curve(double final, double start, double rate, int length = Length) =>
        [.. Enumerable.Range(1, length).Select(t => final + ((start - final) * Math.Exp(-rate * (t - 1))))];

    /// <summary>Three completed trials, the best ending at 0.10, each ending about where its first intervals point.</summary>
    private static TrialSeries[] Completed() =>
    [
        Finished(1, Curve(0.10, 0.9, 0.3)),
        Finished(2, Curve(0.20, 0.9, 0.3)),
        Finished(3, Curve(0.30, 0.9, 0.3)),
    ];

    [Fact]
    public void ACurveLevellingOffAboveTheSecondBestCompletedTrial_IsStopped_WithThePredictionInTheMessage()
    {
        var candidate = Running(9, Curve(0.40, 0.9, 0.5, length: 8));

        var decision = Decide(Policy, Goal.Minimize, candidate, Completed());

        Assert.NotNull(decision);
        Assert.Equal("curve_prediction", decision.Policy);
        Assert.Equal(8, decision.Interval);
        Assert.Equal(0.20, decision.Threshold, 3);
        Assert.InRange(decision.Value, 0.35, 0.41);
        Assert.Contains("extrapolated to interval 30", decision.ToString(), StringComparison.Ordinal);
        Assert.Contains("worse than the second best 0.2", decision.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ACurveHeadingBetweenTheBestAndTheSecondBest_IsNotStopped_WhileOneHeadingPastTheSecondIs()
    {
        // The completed trials end at 0.10, 0.20 and 0.30: one more trial that may end second is one more chance at the
        // best. The one heading past the second learns slowly: at interval 8 it is at 0.41, behind where the second best
        // was then (0.29), so its curve alone decides.
        Assert.Null(Decide(Policy, Goal.Minimize, Running(9, Curve(0.15, 0.9, 0.5, length: 8)), Completed()));
        Assert.NotNull(Decide(Policy, Goal.Minimize, Running(9, Curve(0.25, 0.9, 0.2, length: 8)), Completed()));
    }

    [Fact]
    public void ACurveAsFarOnAsOneOfTheTwoBestCompletedTrialsWasThen_IsNotStopped_UntilItFallsBehindThem()
    {
        // It levels off at 0.25, past the second best's 0.20; at interval 8 it is at 0.25 where the second best was at
        // 0.29, and at interval 14 the two best were at 0.12 and 0.21.
        var candidate = Curve(0.25, 0.9, 0.9, length: 14);

        Assert.Null(Decide(Policy, Goal.Minimize, Running(9, candidate[..8]), Completed()));
        var decision = Decide(Policy, Goal.Minimize, Running(9, candidate), Completed());
        Assert.NotNull(decision);
        Assert.Equal(14, decision.Interval);
    }

    [Fact]
    public void WithOneCompletedTrial_TheBarIsThatTrial()
    {
        var policy = new CurvePredictionPolicy(new CurvePredictionSpec { MaxResource = Length, DelayEvaluation = 5, MinCompleted = 1 });

        var decision = Decide(policy, Goal.Minimize, Running(9, Curve(0.40, 0.9, 0.5, length: 8)), Completed()[..1]);

        Assert.NotNull(decision);
        Assert.Equal(0.10, decision.Threshold, 3);
        Assert.Contains("worse than the best 0.1", decision.ToString(), StringComparison.Ordinal);
        Assert.Null(Decide(policy, Goal.Minimize, Running(9, Curve(0.08, 0.9, 0.5, length: 8)), Completed()[..1]));
    }

    [Fact]
    public void ACurveStillFallingTowardsTheBest_IsNotStopped_ThoughItIsWorseNowThanEveryCompletedTrialWasThen()
    {
        // At interval 8 it is at 0.41 where the others were at 0.20 to 0.37; its shape ends at 0.07.
        var candidate = Running(9, Curve(0.05, 0.95, 0.13, length: 8));

        Assert.Null(Decide(Policy, Goal.Minimize, candidate, Completed()));
    }

    [Fact]
    public void CompletedTrialsThatEndedBetterThanTheirCurvesSaid_MakeThePolicyAllowTheSameSurprise()
    {
        // Each completed trial levelled off at interval 8 and then fell by 0.15 (a learning-rate decay, say). The candidate
        // learns slowly (at interval 8 it is at 0.46, behind the two best completed trials then), so its curve alone decides.
        TrialSeries[] surprising = [.. CompletedEnds.Select((end, i) => Finished(i + 1, [.. Curve(end + 0.15, 0.9, 0.5, length: 10), .. Enumerable.Repeat(end, Length - 10)]))];
        var candidate = Running(9, Curve(0.22, 0.9, 0.15, length: 8));

        Assert.NotNull(Decide(Policy, Goal.Minimize, candidate, Completed()));
        Assert.Null(Decide(Policy, Goal.Minimize, candidate, surprising));
    }

    [Fact]
    public void NothingIsStopped_BeforeMinCompletedTrialsReachedMaxResource_NorBeforeTheDelay()
    {
        var poor = Curve(0.9, 0.95, 0.5);

        Assert.Null(Decide(Policy, Goal.Minimize, Running(9, poor[..8]), Completed()[..2]));
        Assert.Null(Decide(Policy, Goal.Minimize, Running(9, poor[..4]), Completed()));
        Assert.NotNull(Decide(Policy, Goal.Minimize, Running(9, poor[..5]), Completed()));
        Assert.False(Policy.IsEvaluatedAt(Length));
    }

    [Fact]
    public void TrialsAreDecidedUpToTwoThirdsOfMaxResource_OrAtTheFirstEvaluatedIntervalWhenThatIsLater()
    {
        Assert.Equal([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], Enumerable.Range(1, Length).Where(Policy.IsEvaluatedAt));

        // A short trial whose delay lies past two thirds of it (6 intervals, delay 5) is still decided once, at interval 5.
        var shortTrials = new CurvePredictionPolicy(new CurvePredictionSpec { MaxResource = 6, DelayEvaluation = 5 });
        Assert.Equal([5], Enumerable.Range(1, 6).Where(shortTrials.IsEvaluatedAt));
    }

    [Fact]
    public void MaximizingIsMirrored()
    {
        static TrialSeries Negated(TrialSeries t) => t with { Values = [.. t.Values.Select(v => 1 - v)] };
        var levelling = Running(9, Curve(0.40, 0.9, 0.5, length: 8));
        var falling = Running(9, Curve(0.05, 0.95, 0.13, length: 8));
        TrialSeries[] completed = [.. Completed().Select(Negated)];

        var decision = Decide(Policy, Goal.Maximize, Negated(levelling), completed);

        Assert.NotNull(decision);
        Assert.Equal(0.80, decision.Threshold, 3);
        Assert.Null(Decide(Policy, Goal.Maximize, Negated(falling), completed));
    }

    [Fact]
    public void RunningBesideFiveCompletedTrials_PoorCurvesStopSoonAfterTheDelay_AndTheSlowWinnerFinishes()
    {
        var policy = new CurvePredictionPolicy(new CurvePredictionSpec { MaxResource = Length, DelayEvaluation = 5 });
        TrialSeries[] completed = [.. FiveCompletedEnds.Select((end, i) => Finished(i + 1, Curve(end, 0.9, 0.3)))];

        int StoppedAt(double[] curve) => Enumerable.Range(1, Length).FirstOrDefault(n => Decide(policy, Goal.Minimize, Running(9, curve[..n]), completed) is not null);

        Assert.InRange(StoppedAt(Curve(0.60, 0.9, 0.4)), 5, 6);
        Assert.InRange(StoppedAt(Curve(0.45, 0.9, 0.4)), 5, 8);
        Assert.Equal(0, StoppedAt(Curve(0.10, 0.9, 0.15)));
    }

    [Fact]
    public void APolicyThatDecidedForEarlierTrials_DecidesEveryLaterOneAsAFreshPolicyWould()
    {
        // Completed trials' predictions are kept between decisions (with their series); what the policy decides must not
        // depend on that: a fresh policy deciding on copies of the series (nothing kept for them) decides the same.
        var spec = new CurvePredictionSpec { MaxResource = Length, DelayEvaluation = 5 };
        var serving = new CurvePredictionPolicy(spec);
        var random = new Random(7);
        double[] Noisy(double final, double rate) => [.. Curve(final, 0.9, rate).Select(v => v + (0.02 * random.NextDouble()))];
        var completed = new List<TrialSeries>();
        var stopped = 0;
        for (var id = 1; id <= 12; id++)
        {
            var curve = Noisy(0.1 + (0.4 * random.NextDouble()), 0.1 + (0.4 * random.NextDouble()));
            var stoppedAt = 0;
            for (var n = 1; n < Length && stoppedAt == 0; n++)
            {
                var candidate = Running(id, curve[..n]);
                var decision = Decide(serving, Goal.Minimize, candidate, [.. completed]);
                Assert.Equal(Decide(new CurvePredictionPolicy(spec), Goal.Minimize, candidate with { Values = [.. candidate.Values] }, [.. completed.Select(t => t with { Values = [.. t.Values] })]), decision);
                stoppedAt = decision is null ? 0 : n;
            }

            stopped += stoppedAt == 0 ? 0 : 1;
            completed.Add(stoppedAt == 0 ? Finished(id, curve) : Finished(id, curve[..stoppedAt]));
        }

        Assert.InRange(stopped, 2, 9);
    }

    [Fact]
    public void SeriesReplacedByNewLists_AreNotKeptAliveByThePolicysPredictions()
    {
        // A shared sweep reloads every finished trial's series from the store as new lists; the old ones must go.
        var policy = new CurvePredictionPolicy(new CurvePredictionSpec { MaxResource = Length, DelayEvaluation = 5, MinCompleted = 3 });

        var dropped = DecideAndDropTheSeries(policy);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.All(dropped, series => Assert.False(series.IsAlive));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] DecideAndDropTheSeries(CurvePredictionPolicy policy)
    {
        var completed = Completed();
        Assert.NotNull(Decide(policy, Goal.Minimize, Running(9, Curve(0.40, 0.9, 0.5, length: 8)), completed));
        return [.. completed.Select(t => new WeakReference(t.Values))];
    }
}
