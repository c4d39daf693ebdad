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
        // Read into a stack buffer and parsed as bytes: a trial's end scans every process, so this stays cheap.
        Span<byte> stat = stackalloc byte[1024];
        int length;
        try
        {
            using var handle = File.OpenHandle($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            length = RandomAccess.Read(handle, stat, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // Fields after the parenthesised name (which may itself hold spaces and parentheses): state, ppid, pgrp,
        // session, tty_nr, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime, cutime, cstime, priority,
        // nice, num_threads, itrealvalue, starttime.
        var rest = stat[..length];
        var close = rest.LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= rest.Length)
        {
            return null;
        }

        rest = rest[(close + 2)..];
        var state = (char)rest[0];
        if (!TryField(ref rest, 1, out var parent) || !TryField(ref rest, 1, out var group) || !TryField(ref rest, 1, out var session)
            || !TryField(ref rest, 16, out var start))
        {
            return null;
        }

        return new ProcessEntry(pid, (int)parent, (int)group, (int)session, (ulong)start, state);
    }

    /// <summary>Skips <paramref name="skip"/> space-separated fields, then reads the next as a number.</summary>
    private static bool TryField(ref Span<byte> rest, int skip, out long value)
    {
        for (var i = 0; i < skip; i++)
        {
            var space = rest.IndexOf((byte)' ');
            if (space < 0)
            {
                value = 0;
                return false;
            }

            rest = rest[(space + 1)..];
        }

        var end = rest.IndexOf((byte)' ');
        return long.TryParse(end < 0 ? rest : rest[..end], NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
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
}
