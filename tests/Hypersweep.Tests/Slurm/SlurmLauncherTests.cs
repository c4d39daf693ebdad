using Hypersweep.Launching;
using Hypersweep.Launching.Slurm;
using Hypersweep.Metrics;
using Hypersweep.Space;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Slurm;

/// <summary>The launcher's own logic against a scripted stand-in for Slurm's commands (the cluster tests use the real ones).</summary>
public sealed class SlurmLauncherTests : IDisposable
{
    private static readonly SlurmSettings Fast = new() { PollInterval = SlurmSettings.MinPollInterval, TimeLimit = "1" };
    private readonly TempDirectory _dir = new();
    private readonly FakeSlurm _slurm = new();

    public void Dispose() => _dir.Dispose();

    private string Stdout => _dir["sweep/trials/0/stdout.txt"];

    private SlurmLauncher Launcher(string command = "/bin/true") =>
        new(new TrialTemplate { Command = CommandTemplate.Parse(command), CodeDirectory = _dir.Path }, Fast, _slurm, TimeProvider.System);

    private TrialLaunch Launch() => new()
    {
        Trial = new TrialRecord { Id = 1, SweepId = 3, Number = 0, Parameters = new ParameterSet([new("lr", ParameterValue.Of(0.5))]), State = TrialState.Queued, CreatedAt = DateTimeOffset.UtcNow },
        TrialDirectory = _dir["sweep/trials/0"],
        OutputDirectory = _dir["sweep/trials/0/outputs"],
        SweepDirectory = _dir["sweep"],
    };

    [Fact]
    public async Task MetricsWrittenWhileTheJobRuns_AreReportedLive_AndAllBeforeCompletion()
    {
        var recorder = new RecordingObserver();
        var execution = (SlurmTrialExecution)await Launcher().StartAsync(Launch(), recorder);
        Assert.Equal("100", execution.JobId);
        Assert.Equal("100", File.ReadAllText(_dir["sweep/trials/0/slurm-job-id.txt"]).Trim());
        Assert.Null(execution.ProcessId);

        await File.AppendAllTextAsync(Stdout, MetricLine.Format("acc", 0.1) + "\nplain\n" + MetricLine.Format("acc", 0.2).Replace("0.2", "0.2", StringComparison.Ordinal));
        await recorder.WaitForAsync(1);
        Assert.False(execution.Completion.IsCompleted);
        await File.AppendAllTextAsync(Stdout, "\n##hypersweep[metric] {\"name\": 1}\n" + MetricLine.Format("acc", 0.3));
        _slurm.End("100", new SlurmJobInfo("100", "COMPLETED", null, 0, 0, null, "scontrol"));
        var exit = await execution.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(exit.Succeeded, exit.Error);
        Assert.Equal([0.1, 0.2, 0.3], recorder.Values);
        Assert.Contains("stdout line 4 is a malformed metric line", Assert.Single(recorder.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmittedJob_RunsTheScriptInTheCodeFolder_WithItsOutputInTheTrialFolder()
    {
        await Launcher().StartAsync(Launch(), new RecordingObserver());

        var args = Assert.Single(_slurm.Submissions);
        Assert.Contains("--job-name=hypersweep-3-0", args);
        Assert.Contains($"--output={Stdout}", args);
        Assert.Contains($"--chdir={_dir.Path}", args);
        Assert.Equal(["--cpus-per-task=1", "--time=1", _dir["sweep/trials/0/slurm-job.sh"]], args.TakeLast(3));
        var script = File.ReadAllText(_dir["sweep/trials/0/slurm-job.sh"]);
        Assert.Contains("export HYPERSWEEP_TRIAL_ID=3-0\n", script, StringComparison.Ordinal);
        Assert.EndsWith("\nexec /bin/true --lr 0.5\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobThatDidNotComplete_NeverSucceeds_AndSaysWhatSlurmSaid()
    {
        var execution = await Launcher().StartAsync(Launch(), new RecordingObserver());
        await File.WriteAllTextAsync(_dir["sweep/trials/0/stderr.txt"], "slurmstepd: error: *** JOB 100 ON vm CANCELLED AT 2026-01-01T00:00:00 DUE TO TIME LIMIT ***\n", TestContext.Current.CancellationToken);

        _slurm.End("100", new SlurmJobInfo("100", "TIMEOUT", "TimeLimit", 0, 0, TimeSpan.FromMinutes(1), "scontrol"));
        var exit = await execution.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.False(exit.Succeeded);
        Assert.Null(exit.ExitCode);
        Assert.StartsWith("TIMEOUT: the job reached its time limit of 1 minute (Slurm job 100, reason TimeLimit); stderr ends with:", exit.Error, StringComparison.Ordinal);
        Assert.EndsWith("DUE TO TIME LIMIT ***", exit.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobSlurmForgot_EndsWithThatSaid()
    {
        var execution = await Launcher().StartAsync(Launch(), new RecordingObserver());

        _slurm.Forget("100");
        var exit = await execution.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.False(exit.Succeeded);
        Assert.StartsWith("UNKNOWN: Slurm no longer knows the job", exit.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SbatchRefusal_IsAStartFailure_WithSbatchsWords()
    {
        _slurm.Refusal = "Batch job submission failed: More processors requested than permitted";

        var execution = await Launcher().StartAsync(Launch(), new RecordingObserver());

        var exit = await execution.Completion;
        Assert.True(exit.StartFailed);
        Assert.Equal("could not start the trial: sbatch refused the job: Batch job submission failed: More processors requested than permitted", exit.Error);
        Assert.Contains(exit.Error!, File.ReadAllText(_dir["sweep/trials/0/stderr.txt"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingProgram_IsAStartFailure_BeforeAnythingIsSubmitted()
    {
        var execution = await Launcher("./no-such-program --x").StartAsync(Launch(), new RecordingObserver());

        var exit = await execution.Completion;
        Assert.True(exit.StartFailed);
        Assert.Contains("the command './no-such-program' was not found", exit.Error, StringComparison.Ordinal);
        Assert.Empty(_slurm.Submissions);
    }

    [Fact]
    public async Task Stop_Scancels_ThenKillsWhatIsLeftAfterTheGracePeriod_AndTheNextSubmissionWaitsForTheScancel()
    {
        var launcher = Launcher();
        var execution = await launcher.StartAsync(Launch(), new RecordingObserver());
        _slurm.HoldCancels = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        execution.Stop(TimeSpan.FromSeconds(0.3));
        execution.Stop(TimeSpan.FromSeconds(0.3));
        var next = launcher.StartAsync(Launch(), new RecordingObserver());
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(next.IsCompleted, "submitted while the scancel of the stopped trial was still on its way");
        _slurm.HoldCancels.SetResult();
        await next.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await _slurm.WaitForCancelsAsync(2);

        Assert.Equal([("100", null), ("100", "KILL")], _slurm.Cancels);
        _slurm.End("100", new SlurmJobInfo("100", "CANCELLED", null, 0, 9, null, "scontrol"));
        var exit = await execution.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(137, exit.ExitCode);
        Assert.StartsWith("CANCELLED: the job was cancelled as Hypersweep asked (scancel)", exit.Error, StringComparison.Ordinal);
    }

    /// <summary>Slurm as the launcher sees it: job 100, 101, ... are accepted, and stay RUNNING until the test ends them.</summary>
    private sealed class FakeSlurm : ISlurmClient
    {
        private readonly Dictionary<string, SlurmJobInfo?> _ended = [];
        private int _next = 100;

        public List<List<string>> Submissions { get; } = [];

        public List<(string JobId, string? Signal)> Cancels { get; } = [];

        public string? Refusal { get; set; }

        public TaskCompletionSource? HoldCancels { get; set; }

        public void End(string jobId, SlurmJobInfo info)
        {
            lock (_ended)
            {
                _ended[jobId] = info;
            }
        }

        public void Forget(string jobId)
        {
            lock (_ended)
            {
                _ended[jobId] = null;
            }
        }

        public Task<(string? JobId, string? Error)> SubmitAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
        {
            lock (Submissions)
            {
                Submissions.Add([.. arguments]);
                return Task.FromResult<(string?, string?)>(Refusal is null ? ((_next++).ToString(System.Globalization.CultureInfo.InvariantCulture), null) : (null, Refusal));
            }
        }

        public Task<(IReadOnlyDictionary<string, SlurmJobStatus>? Jobs, string? Error)> QueueAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken = default)
        {
            lock (_ended)
            {
                var jobs = new Dictionary<string, SlurmJobStatus>();
                foreach (var id in jobIds)
                {
                    if (!_ended.TryGetValue(id, out var info))
                    {
                        jobs[id] = new SlurmJobStatus(id, "RUNNING", null);
                    }
                    else if (info is not null)
                    {
                        jobs[id] = new SlurmJobStatus(id, info.State, info.Reason);
                    }
                }

                return Task.FromResult<(IReadOnlyDictionary<string, SlurmJobStatus>?, string?)>((jobs, null));
            }
        }

        public Task<(SlurmJobInfo? Job, string? Error)> ShowJobAsync(string jobId, CancellationToken cancellationToken = default)
        {
            lock (_ended)
            {
                return Task.FromResult<(SlurmJobInfo?, string?)>((_ended.GetValueOrDefault(jobId), null));
            }
        }

        public async Task<string?> CancelAsync(string jobId, string? signal = null, CancellationToken cancellationToken = default)
        {
            if (HoldCancels is { } hold)
            {
                await hold.Task;
            }

            lock (Cancels)
            {
                Cancels.Add((jobId, signal));
            }

            return null;
        }

        public async Task WaitForCancelsAsync(int count)
        {
            for (var i = 0; i < 300; i++)
            {
                lock (Cancels)
                {
                    if (Cancels.Count >= count)
                    {
                        return;
                    }
                }

                await Task.Delay(50);
            }

            Assert.Fail($"expected {count} scancel calls");
        }
    }
}
