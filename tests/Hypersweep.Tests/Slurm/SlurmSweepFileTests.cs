using Hypersweep.Launching;
using Hypersweep.Launching.Slurm;
using Hypersweep.Specs;
using Hypersweep.SweepFiles;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Slurm;

/// <summary><c>trial.launcher</c> in sweep files and <see cref="SlurmSettings"/> validation; no cluster needed.</summary>
public sealed class SlurmSweepFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SweepSpec Parse(string launcher) => SweepFile.Parse($$$"""
        type: sweep
        trial:
          command: python train.py --lr ${{search_space.lr}}
          launcher:
        {{{launcher}}}
        search_space:
          lr: uniform(0, 1)
        objective: {primary_metric: accuracy, goal: maximize}
        """, _dir["sweep.yml"]);

    private IReadOnlyList<SweepFileError> Errors(string launcher) => Assert.Throws<SweepFileException>(() => Parse(launcher)).Errors;

    [Fact]
    public void FullSlurmLauncher_IsReadWithEverySetting()
    {
        var spec = Parse("""
                type: slurm
                partition: debug
                cpus_per_task: 2
                mem: 500M
                gpus: 0
                time: 5
                sbatch_options: ["--qos=normal", "--exclusive"]
                poll_interval: 2.5
            """);

        var slurm = spec.Trial!.Slurm!;
        Assert.Equal(new SlurmSettings { Partition = "debug", CpusPerTask = 2, Memory = "500M", Gpus = "0", TimeLimit = "5", SbatchOptions = slurm.SbatchOptions, PollInterval = TimeSpan.FromSeconds(2.5) }, slurm);
        Assert.Equal(["--qos=normal", "--exclusive"], slurm.SbatchOptions);
        Assert.False(slurm.RequestsGpus);
        Assert.Equal(["--partition=debug", "--cpus-per-task=2", "--mem=500M", "--time=5", "--qos=normal", "--exclusive"], slurm.ToSbatchArguments());
        Assert.IsType<SlurmLauncher>(spec.Trial.CreateLauncher());
    }

    [Theory]
    [InlineData("    slurm", true)]
    [InlineData("    local", false)]
    [InlineData("    type: local", false)]
    [InlineData("    type: slurm", true)]
    public void ShortForms_PickTheLauncher_WithDefaultSlurmSettings(string launcher, bool slurm)
    {
        var spec = Parse(launcher);

        Assert.Equal(slurm ? new SlurmSettings() : null, spec.Trial!.Slurm);
        Assert.Equal(slurm ? typeof(SlurmLauncher) : typeof(LocalProcessLauncher), spec.Trial.CreateLauncher().GetType());
    }

    [Fact]
    public void NoLauncher_RunsTrialsLocally()
    {
        var spec = SweepFile.Parse("""
            type: sweep
            trial: {command: python train.py}
            search_space: {lr: "uniform(0, 1)"}
            objective: {primary_metric: accuracy, goal: maximize}
            """, _dir["sweep.yml"]);

        Assert.Null(spec.Trial!.Slurm);
        Assert.IsType<LocalProcessLauncher>(spec.Trial.CreateLauncher());
    }

    [Fact]
    public void TimeLimits_TakeMinutesOrSlurmTimeStrings()
    {
        foreach (var time in new[] { "5", "\"30:00\"", "'1:30:00'", "2-00:00:00", "1-12", "1-12:30", "UNLIMITED" })
        {
            Assert.NotNull(Parse($"    type: slurm\n    time: {time}").Trial!.Slurm!.TimeLimit);
        }
    }

    [Fact]
    public void EveryBadSetting_IsReportedAtOnce_WithItsLineFieldAndRule()
    {
        var errors = Errors("""
                type: slurm
                partition: "my partition"
                cpus_per_task: 0
                mem: lots
                gpus: -1
                time: 0
                sbatch_options: ["--qos=normal", "--output=/tmp/x", "-q normal", "qos"]
                poll_interval: 0.01
                nodes: 2
            """);

        string Message(string field) => Assert.Single(errors, e => e.Field == field).Message;
        Assert.Equal(6, errors.Single(e => e.Field == "trial.launcher.partition").Line);
        Assert.Contains("must be a partition name", Message("trial.launcher.partition"), StringComparison.Ordinal);
        Assert.Equal("must be a whole number >= 1, got 0", Message("trial.launcher.cpus_per_task"));
        Assert.Contains("must be a whole number with an optional unit K, M, G or T", Message("trial.launcher.mem"), StringComparison.Ordinal);
        Assert.Contains("got '-1'", Message("trial.launcher.gpus"), StringComparison.Ordinal);
        Assert.StartsWith("must be a number of minutes > 0 or a Slurm time", Message("trial.launcher.time"), StringComparison.Ordinal);
        Assert.Equal("must be a number of seconds >= 0.1, got 0.01", Message("trial.launcher.poll_interval"));
        var options = errors.Where(e => e.Field == "trial.launcher.sbatch_options").Select(e => e.Message).ToList();
        Assert.Equal(3, options.Count);
        Assert.Contains(options, m => m.StartsWith("'--output=/tmp/x' is not allowed here: Hypersweep writes the job's stdout to stdout.txt", StringComparison.Ordinal));
        Assert.Contains(options, m => m.StartsWith("'-q normal' holds a space: give one argument per item", StringComparison.Ordinal));
        Assert.Contains(options, m => m.StartsWith("each item must be one sbatch option starting with '-'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "trial.launcher.nodes" && e.Message.StartsWith("unknown field; allowed here: type, partition, cpus_per_task, mem, gpus, time, sbatch_options, poll_interval", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("    kubernetes", "trial.launcher", "must be local (processes on this machine, the default) or slurm")]
    [InlineData("    partition: debug", "trial.launcher.type", "is required: local")]
    [InlineData("    type: pbs", "trial.launcher.type", "must be local (processes on this machine, the default) or slurm (a Slurm batch job per trial), got 'pbs'")]
    [InlineData("    type: local\n    partition: debug", "trial.launcher.partition", "applies only to type: slurm")]
    [InlineData("    type: slurm\n    sbatch_options: --qos=normal", "trial.launcher.sbatch_options", "must be a list of sbatch options, one per item")]
    [InlineData("    type: slurm\n    sbatch_options: [\"-pdebug\"]", "trial.launcher.sbatch_options", "'-pdebug' is not allowed here: use trial.launcher.partition")]
    [InlineData("    type: slurm\n    sbatch_options: [\"--time=5\"]", "trial.launcher.sbatch_options", "'--time=5' is not allowed here: use trial.launcher.time")]
    [InlineData("    type: slurm\n    sbatch_options: [\"--requeue\"]", "trial.launcher.sbatch_options", "'--requeue' is not allowed here: Hypersweep submits with --no-requeue")]
    [InlineData("    type: slurm\n    time: 1.5", "trial.launcher.time", "must be a number of minutes > 0")]
    [InlineData("    type: slurm\n    mem: [1, 2]", "trial.launcher.mem", "must be a value, got a list")]
    public void BadLauncher_IsExplained(string launcher, string field, string message)
    {
        var error = Assert.Single(Errors(launcher));

        Assert.Equal(field, error.Field);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 4, error.ToString());
    }

    [Fact]
    public void Writer_RoundTripsTheSlurmSettings()
    {
        var spec = Parse("""
                type: slurm
                partition: "gpu,debug"
                cpus_per_task: 4
                mem: 16G
                gpus: a100:2
                time: "1-00:00:00"
                sbatch_options: ["--qos=high", "--comment=a b"]
                poll_interval: 5
            """);

        var again = SweepFile.Parse(SweepFileWriter.Write(spec), _dir["sweep.yml"]);

        Assert.Equal(spec.Trial!.Slurm! with { SbatchOptions = [] }, again.Trial!.Slurm! with { SbatchOptions = [] });
        Assert.Equal(spec.Trial.Slurm.SbatchOptions, again.Trial.Slurm.SbatchOptions);
        Assert.True(again.Trial.Slurm.RequestsGpus);
        Assert.Null(SweepFile.Parse(SweepFileWriter.Write(Parse("    local")), _dir["sweep.yml"]).Trial!.Slurm);
    }

    [Fact]
    public void LauncherBuiltInCode_IsCheckedToo()
    {
        var template = new TrialTemplate { Command = CommandTemplate.Parse("python train.py"), CodeDirectory = _dir.Path };

        var e = Assert.Throws<ArgumentException>(() => new SlurmLauncher(template, new SlurmSettings { CpusPerTask = 0, TimeLimit = "soon" }));

        Assert.Contains("trial.launcher.cpus_per_task: must be a whole number >= 1, got 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("trial.launcher.time: must be a number of minutes > 0", e.Message, StringComparison.Ordinal);
    }
}
