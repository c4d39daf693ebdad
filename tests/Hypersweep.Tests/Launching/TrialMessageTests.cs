using Hypersweep.Launching;

namespace Hypersweep.Tests.Launching;

/// <summary>One line saying why a trial ended, for tables and progress.</summary>
public sealed class TrialMessageTests
{
    [Theory]
    [InlineData("exit code 3; stderr ends with:\nTraceback (most recent call last):\n  File \"train.py\", line 9\nValueError: lr must be > 0\n\n", "exit code 3: ValueError: lr must be > 0")]
    [InlineData("FAILED: the job failed with exit code 3 (Slurm job 12, reason NonZeroExitCode); stderr ends with:\r\nboom\r\n", "FAILED: the job failed with exit code 3 (Slurm job 12, reason NonZeroExitCode): boom")]
    [InlineData("exit code 3; stderr ends with:\n   \n", "exit code 3")]
    [InlineData("exit code 2; stderr is empty", "exit code 2; stderr is empty")]
    [InlineData("bandit at interval 2: its best value 0.7 is worse\nsecond line", "bandit at interval 2: its best value 0.7 is worse")]
    [InlineData(null, "")]
    public void Summary_IsTheFirstLine_OrForAStderrQuoteItsLastNonEmptyLine(string? message, string expected) =>
        Assert.Equal(expected, TrialMessage.Summary(message));
}
