using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Hypersweep.Metrics;
using Hypersweep.Sweeps;

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
        Directory.CreateDirectory(launch.TrialDirectory);
        Directory.CreateDirectory(launch.OutputDirectory);
        var environment = TrialEnvironment.For(launch, _template.EnvironmentVariables);
        var arguments = TrialEnvironment.Arguments(launch, _template);
        var stdoutPath = Path.Combine(launch.TrialDirectory, "stdout.txt");
        var stderrPath = Path.Combine(launch.TrialDirectory, "stderr.txt");

        var executable = TrialProgram.Resolve(arguments[0], _template.CodeDirectory, environment.GetValueOrDefault("PATH"));
        if (executable is null)
        {
            var why = $"could not start the trial: {TrialProgram.Problem(arguments[0], _template.CodeDirectory, environment.GetValueOrDefault("PATH"))}.";
            File.WriteAllText(stderrPath, why + Environment.NewLine);
            return Task.FromResult<ITrialExecution>(new FinishedExecution(new TrialExit(null, why, StartFailed: true)));
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
            var why = $"could not start the trial: '{executable}' failed to start ({e.Message}).";
            File.WriteAllText(stderrPath, why + Environment.NewLine);
            return Task.FromResult<ITrialExecution>(new FinishedExecution(new TrialExit(null, why, StartFailed: true)));
        }

        process.StandardInput.Close();
        var processes = TrialProcesses.OfRunningTrial(process.Id, environment[TrialProcesses.KeyVariable]);
        return Task.FromResult<ITrialExecution>(new ProcessExecution(process, processes, launch.GracePeriod, _time, stdoutPath, stderrPath, observer, _regex));
    }

    private sealed class ProcessExecution : ITrialExecution
    {
        private const int TailLines = 20;
        private static readonly TimeSpan TrackInterval = TimeSpan.FromSeconds(1);
        private readonly Process _process;
        private readonly TrialProcesses _processes;
        private readonly TimeSpan _gracePeriod;
        private readonly TimeProvider _time;
        private readonly ITrialObserver _observer;
        private readonly RegexMetricCollector? _regex;
        private readonly Queue<string> _stderrTail = new();
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task? _stopping;

        public ProcessExecution(Process process, TrialProcesses processes, TimeSpan gracePeriod, TimeProvider time, string stdoutPath, string stderrPath, ITrialObserver observer, RegexMetricCollector? regex)
        {
            _process = process;
            _processes = processes;
            _gracePeriod = gracePeriod;
            _time = time;
            _observer = observer;
            _regex = regex;
            ProcessId = process.Id;
            var stdout = Task.Run(() => PumpAsync(process.StandardOutput, stdoutPath, isStdout: true));
            var stderr = Task.Run(() => PumpAsync(process.StandardError, stderrPath, isStdout: false));
            _ = Task.Run(TrackAsync);
            Completion = WaitAsync(stdout, stderr);
        }

        public int? ProcessId { get; }

        public Task<TrialExit> Completion { get; }

        public void Stop(TimeSpan gracePeriod)
        {
            lock (_stderrTail)
            {
                if (_stopping is not null || Completion.IsCompleted)
                {
                    return;
                }

                _stopping = Task.Run(() => _processes.EndAsync(gracePeriod, _time));
            }
        }

        /// <summary>Notes the trial's processes every second while its program runs.</summary>
        private async Task TrackAsync()
        {
            do
            {
                _processes.Track();
            }
            while (await Task.WhenAny(_exited.Task, Task.Delay(TrackInterval, _time)).ConfigureAwait(false) != _exited.Task);
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

            // A process that escaped every net could still hold the pipes open: do not wait for it.
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(2), _time)).ConfigureAwait(false);
            var code = _process.ExitCode;
            _process.Dispose();
            string? error = null;
            if (code != 0)
            {
                lock (_stderrTail)
                {
                    var tail = string.Join(Environment.NewLine, _stderrTail);
                    error = tail.Length > 0 ? $"exit code {code}; stderr ends with:{Environment.NewLine}{tail}" : $"exit code {code}; stderr is empty";
                }
            }

            return new TrialExit(code, error);
        }

        private async Task PumpAsync(StreamReader reader, string path, bool isStdout)
        {
            await using var file = new StreamWriter(path, append: true) { AutoFlush = true };
            var lineNumber = 0;
            try
            {
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    lineNumber++;
                    await file.WriteLineAsync(line).ConfigureAwait(false);
                    if (isStdout)
                    {
                        Collect(line, lineNumber);
                    }
                    else
                    {
                        lock (_stderrTail)
                        {
                            _stderrTail.Enqueue(line.Length > 500 ? line[..500] + "..." : line);
                            if (_stderrTail.Count > TailLines)
                            {
                                _stderrTail.Dequeue();
                            }
                        }
                    }
                }
            }
            catch (ObjectDisposedException)
            {
            }
            catch (IOException)
            {
            }
        }

        private void Collect(string line, int lineNumber)
        {
            if (MetricLine.TryParse(line, out var metric, out var error))
            {
                _observer.OnMetric(metric);
            }
            else if (error is not null)
            {
                _observer.OnWarning($"stdout line {lineNumber.ToString(CultureInfo.InvariantCulture)} is a malformed metric line ({error}): {line}");
            }
            else if (_regex is not null)
            {
                foreach (var m in _regex.Collect(line))
                {
                    _observer.OnMetric(m);
                }
            }
        }
    }
}

/// <summary>An execution that ended before it began (the program could not start).</summary>
internal sealed class FinishedExecution(TrialExit exit) : ITrialExecution
{
    public int? ProcessId => null;

    public Task<TrialExit> Completion { get; } = Task.FromResult(exit);

    public void Stop(TimeSpan gracePeriod)
    {
    }
}
