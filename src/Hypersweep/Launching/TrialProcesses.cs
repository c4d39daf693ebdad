using System.Runtime.InteropServices;

namespace Hypersweep.Launching;

/// <summary>
/// Every process one trial started on this machine, found so that none outlives the trial (Linux; elsewhere the
/// trial's process tree). Four nets, so that a process slipping through one is caught by another:
/// <list type="bullet">
/// <item>the trial's program starts in a session of its own (<c>setsid</c>), so its session and process group hold
/// its children and theirs, whoever their parent is now;</item>
/// <item>every process of the trial inherits <c>HYPERSWEEP_TRIAL_DIR</c> (the trial's folder, unique on the machine),
/// so one that made a session of its own is still known by its environment;</item>
/// <item>while the trial runs, its processes are noted (after 0.1, 0.2, 0.4 and 0.8 s, then every second: pid and
/// start time, also in the trial folder's <c>.processes</c> file, for a resume after the controller died), so one that
/// also clears its environment is still known once its parent is gone;</item>
/// <item>the controller is a child subreaper (<c>PR_SET_CHILD_SUBREAPER</c>): an orphaned process of a trial becomes
/// the controller's child, not init's, and is reaped when it ends.</item>
/// </list>
/// Ending a trial sends SIGTERM (and SIGCONT) to all of them, waits the grace period, then SIGKILLs what is left,
/// including processes started meanwhile.
/// </summary>
internal sealed partial class TrialProcesses
{
    /// <summary>The environment variable every process of a trial carries: the trial's folder.</summary>
    public const string KeyVariable = "HYPERSWEEP_TRIAL_DIR";

    private const int SigCont = 18;
    private static readonly Lazy<bool> Subreaper = new(BecomeSubreaper);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<TrialProcesses, byte> Running = new();
    private readonly int? _leader;
    private readonly bool _leaderIsOurs;
    private readonly string _key;
    private readonly string _record;
    private readonly Dictionary<int, ulong> _known = [];

    /// <summary>When the trial's program started (clock ticks after boot): a process started earlier is none of the trial's.</summary>
    private readonly ulong _startedAt;

    private TrialProcesses(int? leader, bool leaderIsOurs, string trialDirectory)
    {
        _leader = leader;
        _leaderIsOurs = leaderIsOurs;
        _startedAt = leaderIsOurs && leader is { } pid && ProcessTable.Entry(pid) is { } entry ? entry.StartTime : 0;
        _key = $"{KeyVariable}={trialDirectory}";
        _record = Path.Combine(trialDirectory, RecordFile);
    }

    /// <summary>The file in the trial folder that lists the trial's processes seen so far, one "pid start-time" per line.</summary>
    public const string RecordFile = ".processes";

    /// <summary>The processes of a trial this controller started: its program is <paramref name="leader"/>, in a session of its own.</summary>
    public static TrialProcesses OfRunningTrial(int leader, string trialDirectory) => new(leader, leaderIsOurs: true, trialDirectory);

    /// <summary>
    /// The processes left of a trial whose controller died: its program was <paramref name="leader"/>, whose id may
    /// have been reused since, so its session counts only when a process carrying the trial's folder is in it.
    /// </summary>
    public static TrialProcesses OfOrphanedTrial(int? leader, string trialDirectory)
    {
        var processes = new TrialProcesses(leader, leaderIsOurs: false, trialDirectory);
        processes.LoadRecord();
        return processes;
    }

    /// <summary>
    /// SIGKILLs every process of every trial this process is running, at once, for a controller that must quit now (a
    /// second Ctrl+C): its trials' processes, in sessions of their own, would not get the terminal's signal.
    /// </summary>
    public static void KillEveryRunningTrial()
    {
        var table = ProcessTable.Read();
        foreach (var trial in Running.Keys)
        {
            Signal(trial.Find(table, readEnvironments: true), ProcessSignals.SigKill);
        }
    }

    /// <summary>Counts this trial among the running ones (<see cref="KillEveryRunningTrial"/>) until <see cref="Forget"/>.</summary>
    public void Register() => Running.TryAdd(this, 0);

    /// <summary>The trial's processes have been ended: no longer among the running ones.</summary>
    public void Forget() => Running.TryRemove(this, out _);

    /// <summary>Makes this process a child subreaper (Linux), once; false where that is not possible.</summary>
    public static bool EnsureSubreaper() => Subreaper.Value;

    /// <summary>Notes the trial's processes now (pid and start time), so that they are known after they leave its tree.</summary>
    public void Track()
    {
        var table = ProcessTable.Read();
        var found = Find(table, readEnvironments: false);
        lock (_known)
        {
            var added = false;
            foreach (var process in found)
            {
                if (!_known.TryGetValue(process.Id, out var start) || start != process.StartTime)
                {
                    _known[process.Id] = process.StartTime;
                    added = true;
                }
            }

            if (added)
            {
                SaveRecord();
            }
        }
    }

    /// <summary>Writes the known processes to the record file (best effort: the trial runs on when the folder cannot be written).</summary>
    private void SaveRecord()
    {
        try
        {
            var temporary = _record + ".tmp";
            File.WriteAllLines(temporary, _known.Select(p => FormattableString.Invariant($"{p.Key} {p.Value}")));
            File.Move(temporary, _record, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tracking in memory goes on; only a resume after a controller crash would miss these processes.
        }
    }

    private void LoadRecord()
    {
        try
        {
            foreach (var line in File.ReadLines(_record))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var pid)
                    && ulong.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var start))
                {
                    _known[pid] = start;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No record: the trial never ran long enough to be tracked, or its folder is gone.
        }
    }

    /// <summary>
    /// Ends every process of the trial: SIGTERM, then SIGKILL after the grace period to what is still running.
    /// Returns how many processes were found running.
    /// </summary>
    public async Task<int> EndAsync(TimeSpan gracePeriod, TimeProvider time, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists("/proc"))
        {
            return await EndWithoutProcAsync(gracePeriod, time, cancellationToken).ConfigureAwait(false);
        }

        var first = Find(ProcessTable.Read(), readEnvironments: true);
        if (first.Count == 0)
        {
            Reap([]);
            return 0;
        }

        var seen = first.Select(p => p.Id).ToHashSet();
        Signal(first, ProcessSignals.SigTerm);
        Signal(first, SigCont);
        var deadline = time.GetUtcNow() + gracePeriod;
        List<ProcessEntry> left;
        while ((left = Find(ProcessTable.Read(), readEnvironments: true)).Count > 0 && time.GetUtcNow() < deadline)
        {
            var newcomers = left.Where(p => seen.Add(p.Id)).ToList();
            Signal(newcomers, ProcessSignals.SigTerm);
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }

        // A process may fork while it is being killed: kill until nothing of the trial runs (a few rounds at most).
        for (var round = 0; round < 20 && left.Count > 0; round++)
        {
            seen.UnionWith(left.Select(p => p.Id));
            Signal(left, ProcessSignals.SigKill);
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken).ConfigureAwait(false);
            left = Find(ProcessTable.Read(), readEnvironments: true);
        }

        Reap(seen);
        return first.Count;
    }

    /// <summary>Where there is no /proc (not Linux): SIGTERM to the trial's program, then its whole tree is killed after the grace period.</summary>
    private async Task<int> EndWithoutProcAsync(TimeSpan gracePeriod, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!_leaderIsOurs || _leader is not { } leader || !ProcessSignals.IsAlive(leader))
        {
            return 0;
        }

        ProcessSignals.Signal([leader], ProcessSignals.SigTerm);
        var deadline = time.GetUtcNow() + gracePeriod;
        while (ProcessSignals.IsAlive(leader) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }

        ProcessSignals.Signal([leader], ProcessSignals.SigKill);
        return 1;
    }

    /// <summary>The trial's running processes in this table: its session and group, its known processes, those carrying its folder, and all their descendants.</summary>
    private List<ProcessEntry> Find(List<ProcessEntry> table, bool readEnvironments)
    {
        var self = Environment.ProcessId;
        var members = new HashSet<int>();
        var keyed = readEnvironments
            ? table.Where(p => p.Id != self && p.IsRunning && p.StartTime >= _startedAt && ProcessTable.HasVariable(p.Id, _key)).ToList()
            : [];
        members.UnionWith(keyed.Select(p => p.Id));
        var leader = _leader is { } l && (_leaderIsOurs || keyed.Any(p => p.Id == l || p.SessionId == l || p.GroupId == l)) ? l : (int?)null;
        lock (_known)
        {
            foreach (var process in table)
            {
                if ((leader is { } id && (process.Id == id || process.SessionId == id || process.GroupId == id))
                    || (_known.TryGetValue(process.Id, out var start) && start == process.StartTime))
                {
                    members.Add(process.Id);
                }
            }
        }

        var children = table.ToLookup(p => p.ParentId);
        var queue = new Queue<int>(members);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var child in children[parent])
            {
                if (members.Add(child.Id))
                {
                    queue.Enqueue(child.Id);
                }
            }
        }

        return [.. table.Where(p => p.Id != self && p.IsRunning && members.Contains(p.Id))];
    }

    private static void Signal(IEnumerable<ProcessEntry> processes, int signal) => ProcessSignals.Signal(processes.Select(p => p.Id), signal);

    /// <summary>Collects the exit status of processes of the trial that ended as this process's children (orphans it adopted as subreaper).</summary>
    /// <remarks>
    /// The processes just killed cannot have had their pid reused (a zombie keeps it); a process noted earlier that
    /// ended by itself is reaped only when its start time shows it is still the same process.
    /// </remarks>
    private void Reap(IEnumerable<int> killed)
    {
        var self = Environment.ProcessId;
        List<(int Pid, ulong? Start)> candidates = [.. killed.Select(pid => (pid, (ulong?)null))];
        lock (_known)
        {
            candidates.AddRange(_known.Select(k => (k.Key, (ulong?)k.Value)));
        }

        foreach (var (pid, start) in candidates)
        {
            // The trial's own program is a child System.Diagnostics.Process waits for: never take its exit status.
            if (pid != _leader && ProcessTable.Entry(pid) is { IsRunning: false } entry && entry.ParentId == self && (start is null || start == entry.StartTime))
            {
                _ = WaitPid(pid, IntPtr.Zero, 1 /* WNOHANG */);
            }
        }
    }

    private static bool BecomeSubreaper()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, IntPtr status, int options);
}
