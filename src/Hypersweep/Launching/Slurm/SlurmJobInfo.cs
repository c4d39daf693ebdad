using System.Globalization;
using System.Text.RegularExpressions;

namespace Hypersweep.Launching.Slurm;

/// <summary>A job's state as <c>squeue</c> shows it while Slurm keeps the job in memory.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="State">The long state name: PENDING, RUNNING, COMPLETING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ...</param>
/// <param name="Reason">Why it is in that state (squeue's %r), or null.</param>
internal sealed record SlurmJobStatus(string JobId, string State, string? Reason)
{
    /// <summary>The states after which a job never runs again.</summary>
    public static readonly IReadOnlySet<string> FinalStates = new HashSet<string>(StringComparer.Ordinal)
    {
        "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY", "REVOKED", "SPECIAL_EXIT",
    };

    /// <summary>True when the job has ended (COMPLETING is not yet the end: its processes may still run).</summary>
    public bool IsFinal => FinalStates.Contains(State);

    /// <summary>Parses <c>squeue -h -o '%i|%T|%r'</c> output.</summary>
    public static IReadOnlyDictionary<string, SlurmJobStatus> ParseQueue(string output)
    {
        var jobs = new Dictionary<string, SlurmJobStatus>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            if (parts.Length >= 2 && parts[0].Length > 0)
            {
                var reason = parts.Length > 2 && parts[2] is { Length: > 0 } r && r != "None" ? r : null;
                jobs[parts[0]] = new SlurmJobStatus(parts[0], BaseState(parts[1]), reason);
            }
        }

        return jobs;
    }

    /// <summary>The base state of a state that may carry flags (<c>CANCELLED by 0</c>, <c>CANCELLED+</c>).</summary>
    public static string BaseState(string state)
    {
        var end = state.IndexOfAny([' ', '+']);
        return (end < 0 ? state : state[..end]).Trim().ToUpperInvariant();
    }
}

/// <summary>How a job ended, as <c>scontrol show job</c>, <c>sacct</c> or the job completion log record it.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="State">The base state (COMPLETED, FAILED, TIMEOUT, CANCELLED, ...).</param>
/// <param name="Reason">Slurm's reason, or null when it gave none.</param>
/// <param name="ExitStatus">The exit status of the batch script, or null when unknown.</param>
/// <param name="Signal">The signal that ended it, or 0.</param>
/// <param name="TimeLimit">The job's time limit, or null when unlimited or unknown.</param>
/// <param name="Source">Where this was read: scontrol, sacct, squeue or the jobcomp file's path.</param>
internal sealed partial record SlurmJobInfo(string JobId, string State, string? Reason, int? ExitStatus, int Signal, TimeSpan? TimeLimit, string Source)
{
    /// <summary>The exit code in the launchers' convention: the exit status, or 128 + signal when a signal ended it.</summary>
    public int? ExitCode => Signal > 0 ? 128 + Signal : ExitStatus;

    /// <summary>Parses one line of <c>scontrol -o show job ID</c>; null when it names no job.</summary>
    public static SlurmJobInfo? ParseScontrol(string output)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("JobId=", StringComparison.Ordinal));
        if (line is null || Field(line, "JobState") is not { } state)
        {
            return null;
        }

        var (status, signal) = ParseExitCode(Field(line, "ExitCode"));
        return new SlurmJobInfo(Field(line, "JobId")!, SlurmJobStatus.BaseState(state), NoneToNull(Field(line, "Reason")), status, signal, ParseDuration(Field(line, "TimeLimit")), "scontrol");
    }

    /// <summary>Parses <c>sacct -n -P -X -j ID -o JobID,State,ExitCode,Reason,Timelimit</c>; null when it has no line.</summary>
    public static SlurmJobInfo? ParseSacct(string output, string jobId)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            if (parts.Length >= 5 && parts[0] == jobId)
            {
                var (status, signal) = ParseExitCode(parts[2]);
                return new SlurmJobInfo(jobId, SlurmJobStatus.BaseState(parts[1]), NoneToNull(parts[3]), status, signal, ParseDuration(parts[4]), "sacct");
            }
        }

        return null;
    }

    /// <summary>The last record of a job in a <c>jobcomp/filetxt</c> log (<c>JobId=ID ... JobState=X ... ExitCode=S:G</c>), or null.</summary>
    public static SlurmJobInfo? ParseJobCompLog(IEnumerable<string> lines, string jobId, string source)
    {
        SlurmJobInfo? found = null;
        var prefix = $"JobId={jobId} ";
        foreach (var line in lines)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal) && Field(line, "JobState") is { } state)
            {
                var (status, signal) = ParseExitCode(Field(line, "ExitCode"));
                found = new SlurmJobInfo(jobId, SlurmJobStatus.BaseState(state), null, status, signal, ParseMinutes(Field(line, "TimeLimit")), source);
            }
        }

        return found;
    }

    /// <summary>Slurm's <c>STATUS:SIGNAL</c>.</summary>
    public static (int? Status, int Signal) ParseExitCode(string? text)
    {
        if (text is null)
        {
            return (null, 0);
        }

        var parts = text.Split(':');
        var status = int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : (int?)null;
        var signal = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : 0;
        return (status, signal);
    }

    /// <summary>A duration as Slurm prints it (<c>[D-]HH:MM:SS</c>, <c>MM:SS</c>); null for UNLIMITED or anything else.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        var match = text is null ? null : DurationSyntax().Match(text);
        if (match is not { Success: true })
        {
            return null;
        }

        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        return new TimeSpan(Part("d"), Part("h"), Part("m"), Part("s"));
    }

    /// <summary>Describes a time limit as people say it: <c>1 minute</c>, <c>1 hour 30 minutes</c>, <c>2 days</c>.</summary>
    public static string Describe(TimeSpan limit)
    {
        var parts = new List<string>();
        void Add(int n, string unit)
        {
            if (n > 0)
            {
                parts.Add($"{n.ToString(CultureInfo.InvariantCulture)} {unit}{(n == 1 ? string.Empty : "s")}");
            }
        }

        Add(limit.Days, "day");
        Add(limit.Hours, "hour");
        Add(limit.Minutes, "minute");
        Add(limit.Seconds, "second");
        return parts.Count == 0 ? "0 seconds" : string.Join(" ", parts);
    }

    private static TimeSpan? ParseMinutes(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) ? TimeSpan.FromMinutes(minutes) : ParseDuration(text);

    private static string? NoneToNull(string? text) => text is null or "" or "None" or "(null)" ? null : text;

    /// <summary>A <c>Key=value</c> field of a one-line record (values run to the next space).</summary>
    private static string? Field(string line, string key)
    {
        var at = 0;
        while ((at = line.IndexOf(key + "=", at, StringComparison.Ordinal)) >= 0)
        {
            if (at == 0 || line[at - 1] == ' ')
            {
                var start = at + key.Length + 1;
                var end = line.IndexOf(' ', start);
                return end < 0 ? line[start..].TrimEnd() : line[start..end];
            }

            at++;
        }

        return null;
    }

    [GeneratedRegex(@"^((?<d>[0-9]+)-)?((?<h>[0-9]+):)?(?<m>[0-9]+):(?<s>[0-9]+)$")]
    private static partial Regex DurationSyntax();
}
