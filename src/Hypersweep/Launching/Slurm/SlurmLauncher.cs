using System.Globalization;
using Hypersweep.Metrics;
using Hypersweep.Trials;

namespace Hypersweep.Launching.Slurm;

/// <summary>
/// Runs each trial as a Slurm batch job: writes a small script into the trial's folder, submits it with
/// <c>sbatch</c> asking for the resources of <see cref="SlurmSettings"/>, follows the job with <c>squeue</c> and
/// <c>scontrol</c> (<c>sacct</c> when Slurm has forgotten it), reads metric lines from its stdout file while it runs, and
/// cancels it with <c>scancel</c> when asked to stop. A job Slurm fails (FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, ...)
/// ends with Slurm's state and reason in <see cref="TrialExit.Error"/>; a job sbatch refuses could not start.
/// </summary>
/// <example>
/// <code>
/// var spec = Sweep.Load("sweep.yml").Spec;  // trial.launcher: {type: slurm, partition: debug, time: 30}
/// var result = await new Sweep(spec).RunAsync(new SlurmLauncher(spec.Trial!));
/// </code>
/// </example>
internal sealed class SlurmLauncher : ITrialLauncher
{
    private readonly TrialTemplate _template;
    private readonly ISlurmClient _client;
    private readonly SlurmJobMonitor _monitor;
    private readonly TimeProvider _time;
    private readonly RegexMetricCollector? _regex;
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _cancellations = [];

    /// <summary>Creates a launcher with the template's Slurm settings (<see cref="TrialTemplate.Slurm"/>), or the defaults when it has none.</summary>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public SlurmLauncher(TrialTemplate template)
        : this(template, template.Slurm ?? new SlurmSettings())
    {
    }

    /// <summary>Creates a launcher with the given Slurm settings.</summary>
    /// <param name="template">The trial's command, code and environment.</param>
    /// <param name="settings">The Slurm settings.</param>
    /// <param name="time">The clock of polling, grace periods and command timeouts; null for the system clock.</param>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    public SlurmLauncher(TrialTemplate template, SlurmSettings settings, TimeProvider? time = null)
        : this(template, settings, new SlurmCommandLine(time ?? TimeProvider.System), time ?? TimeProvider.System)
    {
    }

    internal SlurmLauncher(TrialTemplate template, SlurmSettings settings, ISlurmClient client, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Check();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid Slurm settings: " + string.Join("; ", problems.Select(p => $"trial.launcher.{p.Field}: {p.Message}")), nameof(settings));
        }

        _template = template;
        Settings = settings;
        _client = client;
        _time = time;
        _monitor = new SlurmJobMonitor(client, settings.PollInterval, time);
        _regex = template.RegexMetrics is { } r ? new RegexMetricCollector(r.Pattern, r.Names) : null;
    }

    /// <summary>The settings jobs are submitted with.</summary>
    public SlurmSettings Settings { get; }

    /// <inheritdoc />
    public bool StartsAtOnce => false;

    /// <summary>
    /// Submits the trial. Returns once sbatch has accepted the job (the execution is a <see cref="SlurmTrialExecution"/>
    /// naming it); when sbatch refuses it, or the program is not found, the execution has already completed with
    /// <see cref="TrialExit.StartFailed"/> and the reason.
    /// </summary>
    public async Task<ITrialExecution> StartAsync(TrialLaunch launch, ITrialObserver observer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(launch);
        Directory.CreateDirectory(launch.TrialDirectory);
        Directory.CreateDirectory(launch.OutputDirectory);
        var stdoutPath = Path.Combine(launch.TrialDirectory, "stdout.txt");
        var stderrPath = Path.Combine(launch.TrialDirectory, "stderr.txt");
        var inherited = SlurmBatchScript.CurrentEnvironment();
        var contract = TrialEnvironment.Contract(launch);
        var environment = TrialEnvironment.For(launch, contract, _template.EnvironmentVariables);
        var arguments = TrialEnvironment.Arguments(launch, _template);
        var invocation = new TrialInvocation([.. arguments], contract); // a copy: arguments[0] becomes the resolved path below

        // As the local launcher does: a program that is not there fails the sweep at once instead of every job.
        var executable = TrialProgram.Resolve(arguments[0], _template.CodeDirectory, environment.GetValueOrDefault("PATH"));
        if (executable is null)
        {
            return Failed(stderrPath, $"could not start the trial: {TrialProgram.Problem(arguments[0], _template.CodeDirectory, environment.GetValueOrDefault("PATH"))}.");
        }

        if (arguments[0].Contains('/', StringComparison.Ordinal))
        {
            arguments[0] = executable;
        }

        var scriptPath = Path.Combine(launch.TrialDirectory, SlurmBatchScript.FileName);
        var sbatchArguments = SlurmBatchScript.Arguments(Settings, "hypersweep-" + launch.Trial.DisplayId, _template.CodeDirectory, stdoutPath, stderrPath, scriptPath);
        await File.WriteAllTextAsync(scriptPath, SlurmBatchScript.Script(launch.Trial.DisplayId, sbatchArguments, environment, inherited, arguments), cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(scriptPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        // A trial being stopped gives its slot to the next at once: let its scancel reach Slurm first, so that the
        // queue never holds more live jobs than max_concurrent_trials.
        Task[] cancellations;
        lock (_gate)
        {
            cancellations = [.. _cancellations];
        }

        await Task.WhenAll(cancellations).ConfigureAwait(false);

        var offset = OutputTail.LengthOf(stdoutPath);
        var (jobId, error) = await _client.SubmitAsync(sbatchArguments, cancellationToken).ConfigureAwait(false);
        if (jobId is null)
        {
            return Failed(stderrPath, $"could not start the trial: sbatch refused the job: {error}");
        }

        await File.WriteAllTextAsync(Path.Combine(launch.TrialDirectory, SlurmBatchScript.JobIdFileName), jobId + "\n", CancellationToken.None).ConfigureAwait(false);
        return new SlurmTrialExecution(this, jobId, invocation, new OutputTail(stdoutPath, offset), stderrPath, observer, _regex);
    }

    /// <summary>
    /// Cancels the job of a trial whose controller stopped while it ran (its id is in <c>slurm-job-id.txt</c> in the
    /// trial's folder) when Slurm still has it pending or running, so that a resumed sweep never runs a trial twice at
    /// once. Returns the job id when a job was cancelled, null when there was none to cancel.
    /// </summary>
    public static Task<string?> CancelOrphanedJobAsync(string trialDirectory, TimeProvider time, CancellationToken cancellationToken = default) =>
        CancelOrphanedJobAsync(trialDirectory, new SlurmCommandLine(time), cancellationToken);

    internal static async Task<string?> CancelOrphanedJobAsync(string trialDirectory, ISlurmClient client, CancellationToken cancellationToken)
    {
        string jobId;
        try
        {
            jobId = (await File.ReadAllTextAsync(Path.Combine(trialDirectory, SlurmBatchScript.JobIdFileName), cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var (jobs, _) = await client.QueueAsync([jobId], cancellationToken).ConfigureAwait(false);
        if (jobs is null || !jobs.TryGetValue(jobId, out var status) || status.IsFinal)
        {
            return null;
        }

        return await client.CancelAsync(jobId, cancellationToken: cancellationToken).ConfigureAwait(false) is null ? jobId : null;
    }

    internal ISlurmClient Client => _client;

    internal TimeProvider Time => _time;

    internal Task<SlurmJobInfo> FollowAsync(string jobId, Action<string> onWarning) => _monitor.FollowAsync(jobId, onWarning);

    /// <summary>Remembers a cancellation in flight until it is done, so that the next submission waits for it.</summary>
    internal void Track(Task cancellation)
    {
        lock (_gate)
        {
            _cancellations.Add(cancellation);
        }

        _ = cancellation.ContinueWith(
            t =>
            {
                lock (_gate)
                {
                    _cancellations.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static FinishedExecution Failed(string stderrPath, string why)
    {
        File.AppendAllText(stderrPath, why + Environment.NewLine);
        return new FinishedExecution(new TrialExit(null, why, StartFailed: true));
    }

    /// <summary>The message for a job that did not complete: Slurm's state, what it means, and the job's reason.</summary>
    internal static string Describe(SlurmJobInfo job, SlurmSettings settings, bool cancelRequested)
    {
        var exit = job.Signal > 0
            ? $"killed by signal {job.Signal.ToString(CultureInfo.InvariantCulture)}"
            : job.ExitStatus is { } status and not 0 ? $"exit code {status.ToString(CultureInfo.InvariantCulture)}" : null;
        var meaning = job.State switch
        {
            "FAILED" => exit is null ? "the job failed" : $"the job failed with {exit}",
            "TIMEOUT" => job.TimeLimit is { } limit
                ? $"the job reached its time limit of {SlurmJobInfo.Describe(limit)}"
                : settings.TimeLimit is { } asked ? $"the job reached its time limit (time: {asked})" : "the job reached its time limit",
            "OUT_OF_MEMORY" => settings.Memory is { } mem ? $"the job ran out of memory (mem: {mem})" : "the job ran out of memory",
            "NODE_FAIL" => "the node running the job failed",
            "PREEMPTED" => "the job was preempted by another job",
            "BOOT_FAIL" => "the node for the job failed to boot",
            "DEADLINE" => "the job reached its deadline",
            "CANCELLED" => cancelRequested ? "the job was cancelled as Hypersweep asked (scancel)" : "the job was cancelled outside Hypersweep (scancel by a user or an administrator)",
            "UNKNOWN" => "Slurm no longer knows the job (squeue, scontrol, sacct and the job completion log have no record of it), so how it ended is unknown",
            _ => "the job ended",
        };
        var details = new List<string> { $"Slurm job {job.JobId}" };
        if (job.State is not "FAILED" && exit is not null)
        {
            details.Add(exit);
        }

        if (job.Reason is { } reason)
        {
            details.Add($"reason {reason}");
        }

        return $"{job.State}: {meaning} ({string.Join(", ", details)})";
    }
}
