using System.Diagnostics;
using System.Text.Json;
using Hypersweep.Launching;
using Hypersweep.Metrics;

using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Examples;

/// <summary>The digits example program on its own: what a sweep relies on when it stops and resumes a trial.</summary>
[Collection(DigitsExampleGroup.Name)]
public sealed class DigitsProgramTests
{
    [Theory]
    [InlineData("--resume-from")]
    [InlineData("HYPERSWEEP_RESUME_FROM")]
    public async Task ResumedRun_ContinuesAtTheNextEpoch_WithTheMetricsOfAnUninterruptedRun(string howToResume)
    {
        using var temp = new TempDirectory();
        var whole = temp.Sub("whole");
        var parts = temp.Sub("parts");

        var uninterrupted = await DigitsProgramFixture.RunAsync(["--epochs", "4", "--output-dir", whole], temp.Path);
        // The first half learns where to write from the sweep's environment variable, as a trial does.
        var first = await DigitsProgramFixture.RunAsync(["--epochs", "2"], temp.Path, new Dictionary<string, string> { ["HYPERSWEEP_OUTPUT_DIR"] = parts });
        var second = howToResume == "--resume-from"
            ? await DigitsProgramFixture.RunAsync(["--epochs", "4", "--output-dir", parts, "--resume-from", parts], temp.Path)
            : await DigitsProgramFixture.RunAsync(["--epochs", "4"], temp.Path, new Dictionary<string, string> { ["HYPERSWEEP_OUTPUT_DIR"] = parts, ["HYPERSWEEP_RESUME_FROM"] = parts });

        foreach (var run in new[] { uninterrupted, first, second })
        {
            Assert.True(run.ExitCode == 0, $"a run failed:{Environment.NewLine}{run}");
        }

        Assert.Equal([1L, 2L, 3L, 4L], uninterrupted.Series("accuracy").Select(m => m.Step!.Value));
        Assert.Equal([1L, 2L], first.Series("accuracy").Select(m => m.Step!.Value));
        Assert.True(second.Series("accuracy").Select(m => m.Step!.Value).SequenceEqual([3L, 4L]), $"the resumed run should log epochs 3 and 4 only:{Environment.NewLine}{second}");
        Assert.Contains(second.Lines, l => l.StartsWith("Resuming at epoch 3 ", StringComparison.Ordinal));

        // Continuing from the checkpoint is the same computation as never stopping: the same numbers, to the last bit.
        Assert.Equal(Values(uninterrupted, "accuracy"), Values(first, "accuracy").Concat(Values(second, "accuracy")));
        Assert.Equal(Values(uninterrupted, "log_loss"), Values(first, "log_loss").Concat(Values(second, "log_loss")));
        Assert.True(Values(uninterrupted, "accuracy")[^1] > 0.85, $"four epochs should classify most digits:{Environment.NewLine}{uninterrupted}");

        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(parts, "checkpoint.json"), TestContext.Current.CancellationToken));
        Assert.Equal(4, state.RootElement.GetProperty("epoch").GetInt32());
        Assert.Equal(["model-epoch-0004.zip"], Directory.GetFiles(parts, "*.zip").Select(Path.GetFileName));
    }

    [Fact]
    public async Task Sigterm_StopsTheProgramWithinSeconds_LeavingACheckpointThatResumes()
    {
        using var temp = new TempDirectory();
        var info = DigitsProgramFixture.StartInfo(["--epochs", "100000", "--output-dir", temp.Path], temp.Path);
        using var process = Process.Start(info)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var seen = new List<string>();
            using (var firstEpoch = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                while (await process.StandardOutput.ReadLineAsync(firstEpoch.Token) is { } line)
                {
                    seen.Add(line);
                    if (MetricLine.IsMetricLine(line))
                    {
                        break;
                    }
                }
            }

            Assert.True(seen.Count > 0 && MetricLine.IsMetricLine(seen[^1]), $"no epoch finished:{Environment.NewLine}{string.Join(Environment.NewLine, seen)}");
            var clock = Stopwatch.StartNew();
            ProcessSignals.Signal([process.Id], ProcessSignals.SigTerm);
            var rest = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            {
                await process.WaitForExitAsync(exit.Token);
            }

            var stopped = clock.Elapsed;
            Assert.Equal(143, process.ExitCode);
            Assert.True(stopped < TimeSpan.FromSeconds(5), $"it took {stopped.TotalSeconds:F1} s to stop");
            Assert.Contains("SIGTERM received", await stderr, StringComparison.Ordinal);

            var output = new ProcessResult(process.ExitCode, string.Join('\n', seen) + "\n" + rest, string.Empty);
            var lastLogged = output.Series("accuracy")[^1].Step!.Value;
            Assert.True(lastLogged < 100000, "it should not have trained to the end");

            // Every epoch it reported is in the checkpoint, so resuming continues right after the last one it reported.
            var resumed = await DigitsProgramFixture.RunAsync(["--epochs", (lastLogged + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), "--output-dir", temp.Path, "--resume-from", temp.Path], temp.Path);
            Assert.True(resumed.ExitCode == 0, resumed.ToString());
            Assert.Equal([lastLogged + 1, lastLogged + 2], resumed.Series("accuracy").Select(m => m.Step!.Value));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task UnknownOrInvalidArguments_FailWithExitCode2_NamingEachProblem()
    {
        using var temp = new TempDirectory();

        // A sweep parameter the program does not know must fail the trial, not be silently ignored.
        var run = await DigitsProgramFixture.RunAsync(["--l2", "-1", "--learning-rate", "0.1", "--epochs", "2.5"], temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--l2 must be a number >= 0, got '-1'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("unknown argument '--learning-rate'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--epochs must be a whole number >= 1, got '2.5'", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Metrics);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    private static double[] Values(ProcessResult run, string name) => [.. run.Series(name).Select(m => m.Value)];
}
