using System.Globalization;

namespace Hypersweep.Launching;

/// <summary>One process as <c>/proc/PID/stat</c> shows it.</summary>
/// <param name="Id">Its process id.</param>
/// <param name="ParentId">Its parent's process id.</param>
/// <param name="GroupId">Its process group.</param>
/// <param name="SessionId">Its session.</param>
/// <param name="StartTime">When it started, in clock ticks after boot: with the id, names one process even after the id is reused.</param>
/// <param name="State">Its state letter (R, S, D, T, Z, ...).</param>
internal sealed record ProcessEntry(int Id, int ParentId, int GroupId, int SessionId, ulong StartTime, char State)
{
    /// <summary>False for a zombie or a dead process: nothing runs there any more, only its exit status waits to be collected.</summary>
    public bool IsRunning => State is not ('Z' or 'X');
}

/// <summary>The processes of this machine, read from <c>/proc</c> (empty where there is no <c>/proc</c>).</summary>
internal static class ProcessTable
{
    /// <summary>Every process whose stat could be read now.</summary>
    public static List<ProcessEntry> Read()
    {
        var entries = new List<ProcessEntry>();
        if (!Directory.Exists("/proc"))
        {
            return entries;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Entry(pid) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>One process, or null when it is gone.</summary>
    public static ProcessEntry? Entry(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // Fields after the parenthesised name (which may itself hold spaces and parentheses): state, ppid, pgrp,
            // session, tty_nr, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime, cutime, cstime, priority,
            // nice, num_threads, itrealvalue, starttime.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return new ProcessEntry(pid, Int(fields[1]), Int(fields[2]), Int(fields[3]), ulong.Parse(fields[19], CultureInfo.InvariantCulture), fields[0][0]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>True when the process's environment holds exactly this NAME=value entry (false when it cannot be read).</summary>
    public static bool HasVariable(int pid, string entry)
    {
        try
        {
            var environment = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ");
            foreach (var item in environment.Split('\0'))
            {
                if (string.Equals(item, entry, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int Int(string field) => int.Parse(field, CultureInfo.InvariantCulture);
}
