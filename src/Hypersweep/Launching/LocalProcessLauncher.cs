using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Hypersweep.Metrics;
using Hypersweep.Storage;
using Hypersweep.Trials;

namespace Hypersweep.Launching;

/// <summary>
/// Runs each trial as a child process on this machine: the command's argument list (no shell) in the code folder,
/// with the trial's environment, in a session of its own; stdout and stderr go to <c>stdout.txt</c> and
/// <c>stderr.txt</c> in the trial folder, and metric lines on stdout are reported as they are printed. No process of a
/// trial outlives it: when its program ends, or the trial is stopped, every process it started is ended too
/// (<see cref="TrialProcesses"/>).
/// </summary>
public sealed class LocalProcessLauncher : ITrialLauncher
{
    /// <summary>Starts a program in a new session (util-linux, on every Linux machine); without it trials start directly.</summary>
    private const string SetSid = "/usr/bin/setsid";

    private readonly TrialTemplate _template;
    private readonly RegexMetricCollector? _regex;
    private readonly TimeProvider _time;

    /// <summary>Creates a launcher for a trial template.</summary>
    public LocalProcessLauncher(TrialTemplate template, TimeProvider? time = null)
    {
        _template = template;
        _time = time ?? TimeProvider.System;
        _regex = template.RegexMetrics is { } r ? new RegexMetricCollector(r.Pattern, r.Names) : null;
        TrialProcesses.EnsureSubreaper();
    }

    /// <inheritdoc />
    public bool StartsAtOnce => false;

    /// <inheritdoc />
    public Task<ITrialExecution> StartAsync(TrialLaunch launch, ITrialObserver observer, CancellationToken cancellationToken = default)
    {
        var stdoutPath = Path.Combine(launch.TrialDirectory, "stdout.txt");
        var stderrPath = Path.Combine(launch.TrialDirectory, "stderr.txt");
        var contract = TrialEnvironment.Contract(launch);
        Dictionary<string, string> environment;
        try
        {
            Directory.CreateDirectory(launch.TrialDirectory);
            Directory.CreateDirectory(launch.OutputDirectory);
            environment = TrialEnvironment.For(launch, contract, _template.EnvironmentVariables);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return NotStarted($"could not start the trial: {FileErrors.Describe(e, launch.TrialDirectory, "creating")}.", stderrPath);
        }

        var arguments = TrialEnvironment.Arguments(launch, _template);
        var invocation = new TrialInvocation(arguments, contract);
        var executable = TrialProgram.Resolve(arguments[0], _template.CodeDirectory, environment.GetValueOrDefault("PATH"));
        if (executable is null)
        {
            return NotStarted($"could not start the trial: {TrialProgram.Problem(arguments[0], _template.CodeDirectory, environment.GetValueOrDefault("PATH"))}.", stderrPath);
        }

        var ownSession = OperatingSystem.IsLinux() && File.Exists(SetSid);
        var info = new ProcessStartInfo
        {
            FileName = ownSession ? SetSid : executable,
            WorkingDirectory = _template.CodeDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (ownSession)
        {
            // The child is not a process group leader, so setsid makes the session and execs the program in place:
            // the trial's program keeps the child's pid (--wait only matters if setsid had to fork).
            info.ArgumentList.Add("--wait");
            info.ArgumentList.Add(executable);
        }

        foreach (var argument in arguments.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception e)
        {
            return NotStarted($"could not start the trial: '{executable}' failed to start ({e.Message}).", stderrPath);
        }

        process.StandardInput.Close();
        var processes = TrialProcesses.OfRunningTrial(process.Id, environment[TrialProcesses.KeyVariable]);
        processes.Register();
        return Task.FromResult<ITrialExecution>(new ProcessExecution(process, processes, invocation, launch.GracePeriod, _time, stdoutPath, stderrPath, observer, _regex));
    }

    /// <summary>SIGKILLs every process of every trial running on this machine under this process, for a controller that must quit at once.</summary>
    public static void KillEveryRunningTrial() => TrialProcesses.KillEveryRunningTrial();

    /// <summary>A trial that could not start: the reason goes to its stderr.txt too, when the folder can be written.</summary>
    private static Task<ITrialExecution> NotStarted(string why, string stderrPath)
    {
        try
        {
            File.WriteAllText(stderrPath, why + Environment.NewLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The reason is recorded with the trial all the same.
        }

        return Task.FromResult<ITrialExecution>(new FinishedExecution(new TrialExit(null, why, StartFailed: true)));
    }

    private sealed class ProcessExecution : ITrialExecution
    {
        private static readonly TimeSpan TrackInterval = TimeSpan.FromSeconds(1);
        private readonly Process _process;
        private readonly TrialProcesses _processes;
        private readonly TimeSpan _gracePeriod;
        private readonly TimeProvider _time;
        private readonly ITrialObserver _observer;
        private readonly StdoutMetrics _metrics;
        private readonly Queue<string> _stderrTail = new();
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _stopGate = new();
        private Task? _stopping;

        /// <summary>The first reason the output could not be kept; the trial is stopped and fails with it.</summary>
        private string? _outputFailure;

        public ProcessExecution(Process process, TrialProcesses processes, TrialInvocation invocation, TimeSpan gracePeriod, TimeProvider time, string stdoutPath, string stderrPath, ITrialObserver observer, RegexMetricCollector? regex)
        {
            _process = process;
            _processes = processes;
            _gracePeriod = gracePeriod;
            _time = time;
            _observer = observer;
            _metrics = new StdoutMetrics(observer, regex);
            ProcessId = process.Id;
            Invocation = invocation;
            var stdout = Task.Run(() => OutputCapture.CopyAsync(process.StandardOutput.BaseStream, stdoutPath, new Stdout(this)));
            var stderr = Task.Run(() => OutputCapture.CopyAsync(process.StandardError.BaseStream, stderrPath, new Stderr(this)));
            _ = Task.Run(TrackAsync);
            Completion = WaitAsync(stdout, stderr);
        }

        public int? ProcessId { get; }

        public TrialInvocation? Invocation { get; }

        public Task<TrialExit> Completion { get; }

        public void Stop(TimeSpan gracePeriod)
        {
            lock (_stopGate)
            {
                // Completion is still null when a log write fails before the constructor has finished (a disk that
                // is full from the first chunk): the stop must happen all the same, or the trial runs on unwatched.
                if (_stopping is not null || Completion is { IsCompleted: true })
                {
                    return;
                }

                _stopping = Task.Run(() => _processes.EndAsync(gracePeriod, _time));
            }
        }

        /// <summary>
        /// Notes the trial's processes while its program runs: often at first (after 0.1, 0.2, 0.4 and 0.8 s, when a
        /// program starts its helpers), then every second.
        /// </summary>
        private async Task TrackAsync()
        {
            var wait = TimeSpan.FromSeconds(0.1);
            while (await Task.WhenAny(_exited.Task, Task.Delay(wait, _time)).ConfigureAwait(false) != _exited.Task)
            {
                _processes.Track();
                wait = wait * 2 < TrackInterval ? wait * 2 : TrackInterval;
            }
        }

        private async Task<TrialExit> WaitAsync(Task stdout, Task stderr)
        {
            await _process.WaitForExitAsync().ConfigureAwait(false);
            _exited.TrySetResult();
            // What the program left behind ends with it: children that outlived it, daemons, processes ignoring SIGTERM.
            await _processes.EndAsync(_gracePeriod, _time).ConfigureAwait(false);
            if (_stopping is { } stopping)
            {
                await stopping.ConfigureAwait(false);
            }

            _processes.Forget();

            // A process that escaped every net could still hold the pipes open: do not wait for it.
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(2), _time)).ConfigureAwait(false);
            var code = _process.ExitCode;
            _process.Dispose();
            if (_outputFailure is { } failure)
            {
                return new TrialExit(code, $"its output could not be kept: {failure}", OutputFailed: true);
            }

            string? error = null;
            if (code != 0)
            {
                lock (_stderrTail)
                {
                    error = $"exit code {code}; {StderrTail.Describe(_stderrTail)}";
                }
            }

            return new TrialExit(code, error);
        }

        private void OnWriteFailed(string reason)
        {
            if (Interlocked.CompareExchange(ref _outputFailure, reason, null) is null)
            {
                Stop(_gracePeriod);
            }
        }

        /// <summary>Reads metric lines from stdout.</summary>
        private sealed class Stdout(ProcessExecution owner) : OutputCapture.IReceiver
        {
            public void OnLine(string line, int number) => owner._metrics.Read(line, number);

            public void OnOverlongLine(int number, long bytes) => owner._observer.OnWarning(
                $"stdout line {number.ToString(CultureInfo.InvariantCulture)} is {bytes.ToString(CultureInfo.InvariantCulture)} bytes long, more than the {OutputCapture.MaxLineBytes / (1 << 20)} MiB read for metrics: it is kept in stdout.txt but not read");

            public void OnWriteFailed(string reason) => owner.OnWriteFailed(reason);
        }

        /// <summary>Keeps the last lines of stderr, for the message of a failed trial.</summary>
        private sealed class Stderr(ProcessExecution owner) : OutputCapture.IReceiver
        {
            public void OnLine(string line, int number) => Keep(line.Length > 500 ? line[..500] + "..." : line);

            public void OnOverlongLine(int number, long bytes) => Keep($"[a line of {bytes.ToString(CultureInfo.InvariantCulture)} bytes, kept in stderr.txt]");

            public void OnWriteFailed(string reason) => owner.OnWriteFailed(reason);

            private void Keep(string line)
            {
                lock (owner._stderrTail)
                {
                    owner._stderrTail.Enqueue(line);
                    if (owner._stderrTail.Count > StderrTail.Lines)
                    {
                        owner._stderrTail.Dequeue();
                    }
                }
            }
        }
    }
}

/// <summary>An execution that ended before it began (the program could not start).</summary>
internal sealed class FinishedExecution(TrialExit exit) : ITrialExecution
{
    public int? ProcessId => null;

    public TrialInvocation? Invocation => null;

    public Task<TrialExit> Completion { get; } = Task.FromResult(exit);

    public void Stop(TimeSpan gracePeriod)
    {
    }
}
