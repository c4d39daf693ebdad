using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Hypersweep.Metrics;
using Hypersweep.Sweeps;

namespace Hypersweep.Launching;

/// <summary>
/// Runs each trial as a child process on this machine: the command's argument list (no shell) in the code folder,
/// with the trial's environment; stdout and stderr go to <c>stdout.txt</c> and <c>stderr.txt</c> in the trial folder,
/// and metric lines on stdout are reported as they are printed.
/// </summary>
public sealed class LocalProcessLauncher : ITrialLauncher
{
    private readonly TrialTemplate _template;
    private readonly RegexMetricCollector? _regex;

    /// <summary>Creates a launcher for a trial template.</summary>
    public LocalProcessLauncher(TrialTemplate template)
    {
        _template = template;
        _regex = template.RegexMetrics is { } r ? new RegexMetricCollector(r.Pattern, r.Names) : null;
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

        var info = new ProcessStartInfo
        {
            FileName = executable,
            WorkingDirectory = _template.CodeDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
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
        return Task.FromResult<ITrialExecution>(new ProcessExecution(process, stdoutPath, stderrPath, observer, _regex));
    }

    private sealed class ProcessExecution : ITrialExecution
    {
        private const int TailLines = 20;
        private readonly Process _process;
        private readonly ITrialObserver _observer;
        private readonly RegexMetricCollector? _regex;
        private readonly Queue<string> _stderrTail = new();
        private readonly List<int> _signalled = [];
        private int _stopping;

        public ProcessExecution(Process process, string stdoutPath, string stderrPath, ITrialObserver observer, RegexMetricCollector? regex)
        {
            _process = process;
            _observer = observer;
            _regex = regex;
            ProcessId = process.Id;
            var stdout = Task.Run(() => PumpAsync(process.StandardOutput, stdoutPath, isStdout: true));
            var stderr = Task.Run(() => PumpAsync(process.StandardError, stderrPath, isStdout: false));
            Completion = WaitAsync(stdout, stderr);
        }

        public int? ProcessId { get; }

        public Task<TrialExit> Completion { get; }

        public void Stop(TimeSpan gracePeriod)
        {
            if (Interlocked.Exchange(ref _stopping, 1) == 1 || Completion.IsCompleted)
            {
                return;
            }

            lock (_signalled)
            {
                _signalled.AddRange(ProcessSignals.TreeOf(ProcessId!.Value));
                ProcessSignals.Signal(_signalled, ProcessSignals.SigTerm);
            }

            _ = KillAfterAsync(gracePeriod);
        }

        private async Task KillAfterAsync(TimeSpan gracePeriod)
        {
            if (await Task.WhenAny(Completion, Task.Delay(gracePeriod)) == Completion)
            {
                return;
            }

            lock (_signalled)
            {
                ProcessSignals.Signal(_signalled.Concat(ProcessSignals.TreeOf(ProcessId!.Value)).Distinct(), ProcessSignals.SigKill);
            }
        }

        private async Task<TrialExit> WaitAsync(Task stdout, Task stderr)
        {
            await _process.WaitForExitAsync().ConfigureAwait(false);
            // A grandchild that inherited the pipes can keep them open after the trial's own process has exited.
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
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
