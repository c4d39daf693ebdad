using Hypersweep.Trials;

namespace Hypersweep.Tests.Trials;

public sealed class ConstraintTests
{
    [Theory]
    [InlineData("memory_mb <= 4096", "memory_mb", ConstraintBound.AtMost, 4096)]
    [InlineData("  acc>=0.8 ", "acc", ConstraintBound.AtLeast, 0.8)]
    [InlineData("val/loss <= -1e-3", "val/loss", ConstraintBound.AtMost, -1e-3)]
    public void TryParse_ReadsBothForms(string text, string metric, ConstraintBound bound, double limit) =>
        Assert.Equal(new Constraint(metric, bound, limit), Constraint.TryParse(text));

    [Theory]
    [InlineData("memory_mb < 4096")]
    [InlineData("memory_mb <= lots")]
    [InlineData("<= 3")]
    [InlineData("memory_mb <= inf")]
    [InlineData("memory_mb == 3")]
    public void TryParse_RejectsAnythingElse(string text) => Assert.Null(Constraint.TryParse(text));

    [Fact]
    public void IsMetBy_KeepsTheBoundInclusive_AndNaNBreaksIt()
    {
        var memory = new Constraint("memory_mb", ConstraintBound.AtMost, 4096);
        Assert.True(memory.IsMetBy(4096));
        Assert.False(memory.IsMetBy(4096.5));
        Assert.False(memory.IsMetBy(double.NaN));
        Assert.Equal(5000, memory.Worse(5000, 100));
        Assert.Equal(0.1, new Constraint("acc", ConstraintBound.AtLeast, 0.8).Worse(0.9, 0.1));
    }

    [Fact]
    public void Scoring_PrimaryBest_OthersLast_ConstraintsWorst_AndTheFirstBrokenConstraintIsTheReason()
    {
        var scoring = new TrialScoring(new Objective("acc", Goal.Maximize), [new Objective("latency", Goal.Minimize)],
            [new Constraint("memory_mb", ConstraintBound.AtMost, 100), new Constraint("latency", ConstraintBound.AtMost, 50)]);
        var scores = new TrialScores(null, 0, new double?[1], new double?[2]);

        foreach (var (metric, value) in new[] { ("acc", 0.7), ("latency", 40.0), ("acc", 0.9), ("latency", 60.0), ("acc", 0.8), ("latency", 45.0), ("latency", double.NaN) })
        {
            scoring.Add(scores, metric, value);
        }

        Assert.Equal(0.9, scores.Value);
        Assert.Equal(3, scores.Intervals);
        Assert.Equal(45.0, scores.SecondaryValues[0]);
        Assert.True(double.IsNaN(scores.ConstraintValues[1]!.Value), "NaN is the worst value a constraint can see");
        Assert.Null(scores.ConstraintValues[0]);
        Assert.Equal("latency = NaN breaks latency <= 50", scoring.Infeasibility(scores.ConstraintValues, finished: false));
        scores.ConstraintValues[1] = 10;
        Assert.Null(scoring.Infeasibility(scores.ConstraintValues, finished: false));
        Assert.Equal("memory_mb was never logged (constraint memory_mb <= 100)", scoring.Infeasibility(scores.ConstraintValues, finished: true));
    }
}
