using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Hypersweep.Launching.Slurm;

/// <summary>The Slurm commands the launcher uses; a seam so the launcher's logic can be tested without a cluster.</summary>
internal interface ISlurmClient
{
    /// <summary>Submits a batch job (<c>sbatch --parsable ARGS</c>); the job id, or why sbatch refused.</summary>
    Task<(string? JobId, string? Error)> SubmitAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default);

    /// <summary>The state of the given jobs that Slurm still has in memory (absent ones are unknown to it); null and why when squeue failed.</summary>
    Task<(IReadOnlyDictionary<string, SlurmJobStatus>? Jobs, string? Error)> QueueAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken = default);

    /// <summary>How a job ended: from scontrol, else sacct (when accounting works), else the job completion log; null when none knows it, and an error when Slurm could not be asked.</summary>
    Task<(SlurmJobInfo? Job, string? Error)> ShowJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Cancels a job (<c>scancel ID</c>), or with <paramref name="signal"/> sends that signal to all its processes (<c>scancel --signal=S --full ID</c>); null or why it failed.</summary>
    Task<string?> CancelAsync(string jobId, string? signal = null, CancellationToken cancellationToken = default);
}

/// <summary>Runs Slurm's command-line tools (found on PATH) with argument lists, never through a shell.</summary>
internal sealed class SlurmCommandLine : ISlurmClient
{
    /// <summary>How long one Slurm command may take before it counts as failed (slurmctld's own message timeout is 10 s by default).</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Lazy<Task<string?>> _jobCompLog;
    private readonly TimeProvider _time;

    public SlurmCommandLine(TimeProvider time)
    {
        _time = time;
        _jobCompLog = new Lazy<Task<string?>>(FindJobCompLogAsync);
    }

    public async Task<(string? JobId, string? Error)> SubmitAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync("sbatch", ["--parsable", .. arguments], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            return (null, result.Describe("sbatch"));
        }

        // --parsable prints "ID" or "ID;CLUSTER".
        var id = result.Stdout.Trim().Split(';')[0];
        return id.Length > 0 && id.All(c => char.IsAsciiDigit(c) || c == '_')
            ? (id, null)
            : (null, $"sbatch printed no job id: {result.Stdout.Trim()} {result.Stderr.Trim()}".Trim());
    }

    public async Task<(IReadOnlyDictionary<string, SlurmJobStatus>? Jobs, string? Error)> QueueAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken = default)
    {
        if (jobIds.Count == 0)
        {
            return (new Dictionary<string, SlurmJobStatus>(), null);
        }

        var result = await RunAsync("squeue", ["--noheader", "--states=all", "--jobs=" + string.Join(",", jobIds), "--format=%i|%T|%r"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            return (SlurmJobStatus.ParseQueue(result.Stdout), null);
        }

        // With one job id that Slurm no longer knows, squeue fails with "Invalid job id specified".
        return result.Stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)
            ? (new Dictionary<string, SlurmJobStatus>(), null)
            : (null, result.Describe("squeue"));
    }

    public async Task<(SlurmJobInfo? Job, string? Error)> ShowJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var scontrol = await RunAsync("scontrol", ["--oneliner", "show", "job", jobId], cancellationToken).ConfigureAwait(false);
        if (scontrol.ExitCode == 0 && SlurmJobInfo.ParseScontrol(scontrol.Stdout) is { } shown)
        {
            return (shown, null);
        }

        if (scontrol.ExitCode != 0 && !scontrol.Stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
        {
            return (null, scontrol.Describe("scontrol"));
        }

        // Slurm has forgotten the job (MinJobAge passed): ask accounting, when there is accounting.
        var sacct = await RunAsync("sacct", ["--noheader", "--parsable2", "--allocations", "--jobs=" + jobId, "--format=JobID,State,ExitCode,Reason,Timelimit"], cancellationToken).ConfigureAwait(false);
        if (sacct.ExitCode == 0 && SlurmJobInfo.ParseSacct(sacct.Stdout, jobId) is { } accounted)
        {
            return (accounted, null);
        }

        if (await _jobCompLog.Value.ConfigureAwait(false) is { } log)
        {
            try
            {
                var lines = await File.ReadAllLinesAsync(log, cancellationToken).ConfigureAwait(false);
                if (SlurmJobInfo.ParseJobCompLog(lines, jobId, log) is { } completed)
                {
                    return (completed, null);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return (null, null);
    }

    public async Task<string?> CancelAsync(string jobId, string? signal = null, CancellationToken cancellationToken = default)
    {
        string[] args = signal is null ? [jobId] : ["--signal=" + signal, "--full", jobId];
        var result = await RunAsync("scancel", args, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? null : result.Describe("scancel");
    }

    /// <summary>The job completion log's path when the cluster writes one (<c>JobCompType=jobcomp/filetxt</c>).</summary>
    private async Task<string?> FindJobCompLogAsync()
    {
        var config = await RunAsync("scontrol", ["show", "config"], CancellationToken.None).ConfigureAwait(false);
        if (config.ExitCode != 0)
        {
            return null;
        }

        string? Setting(string name) => config.Stdout.Split('\n')
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2 && p[0].Trim() == name)
            .Select(p => p[1].Trim())
            .FirstOrDefault();
        return Setting("JobCompType") == "jobcomp/filetxt" && Setting("JobCompLoc") is { Length: > 0 } path && File.Exists(path) ? path : null;
    }

    /// <summary>Runs a command to its end and collects its output.</summary>
    internal async Task<CommandResult> RunAsync(string command, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception e)
        {
            return new CommandResult(-1, string.Empty, $"{command} could not be run ({e.Message}); Slurm's client commands must be on PATH (scripts/start-slurm.sh installs a one-node cluster)", NotFound: true);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timer = new CancellationTokenSource(CommandTimeout, _time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }

                return new CommandResult(-1, string.Empty, $"{command} did not answer within {CommandTimeout.TotalSeconds} s");
            }

            return new CommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }

    internal sealed record CommandResult(int ExitCode, string Stdout, string Stderr, bool NotFound = false)
    {
        /// <summary>What went wrong, in the command's own words: its stderr without the "sbatch: error: " prefixes.</summary>
        public string Describe(string command)
        {
            if (NotFound)
            {
                return Stderr;
            }

            var text = new StringBuilder();
            foreach (var line in Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var message = line.StartsWith(command + ": error: ", StringComparison.Ordinal) ? line[(command.Length + 9)..] : line;
                if (text.Length > 0)
                {
                    text.Append("; ");
                }

                text.Append(message);
            }

            return text.Length > 0 ? text.ToString() : $"{command} exited with code {ExitCode} and printed no error";
        }
    }
}
