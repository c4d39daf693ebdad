using System.Globalization;
using Hypersweep.Trials;

namespace Hypersweep.Dashboard.Data;

/// <summary>
/// Which trials of one sweep changed since a page last asked, so a live refresh sends only those rows instead of the
/// whole table (10,000 trials are about 3.5 MB of JSON). The dashboard numbers what it sees change: each time a
/// trial's state, values, metric count or message differ from what it last saw, the trial gets the next revision.
/// A page keeps the cursor of its last answer (<c>EPOCH-REVISION</c>) and asks for what came after it; a cursor of
/// another dashboard process (another epoch: the numbering restarted) or none gets every row.
/// Finished trials never change (the store's contract), so once seen finished a trial is not looked at again.
/// </summary>
internal sealed class TrialRevisions
{
    private readonly string _epoch = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 4);
    private readonly Dictionary<int, Seen> _seen = [];
    private long _revision;

    /// <summary>Taken around reading a snapshot and numbering it, so snapshots are numbered in the order they were read.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>
    /// Numbers what changed in <paramref name="snapshot"/> and returns the trials a page with cursor
    /// <paramref name="since"/> lacks: those changed after it, and the running ones (their duration grows); every
    /// trial when the cursor is missing or not this process's.
    /// </summary>
    public (string Cursor, bool Full, IReadOnlyList<TrialRecord> Trials) Changes(SweepSnapshot snapshot, string? since)
    {
        foreach (var trial in snapshot.Trials)
        {
            if (_seen.TryGetValue(trial.Number, out var seen) && seen.Finished)
            {
                continue;
            }

            var fingerprint = Fingerprint(trial, snapshot.Metrics[trial.Id].Count);
            if (seen is null || !string.Equals(seen.Fingerprint, fingerprint, StringComparison.Ordinal))
            {
                _seen[trial.Number] = new Seen(fingerprint, ++_revision, trial.State.IsFinished());
            }
        }

        var cursor = $"{_epoch}-{_revision.ToString(CultureInfo.InvariantCulture)}";
        if (After(since) is not { } from)
        {
            return (cursor, true, snapshot.Trials);
        }

        return (cursor, false, [.. snapshot.Trials.Where(t => _seen[t.Number].Revision > from || t.State == TrialState.Running)]);
    }

    /// <summary>The revision a cursor of this process names, or null.</summary>
    private long? After(string? since)
    {
        var dash = since?.LastIndexOf('-') ?? -1;
        return dash > 0 && string.Equals(since![..dash], _epoch, StringComparison.Ordinal)
            && long.TryParse(since[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var revision) && revision <= _revision
            ? revision
            : null;
    }

    /// <summary>Everything the trials table shows of a trial, but its growing duration.</summary>
    private static string Fingerprint(TrialRecord t, int metricCount) => string.Join(
        '|',
        t.State,
        t.Intervals,
        t.Value?.ToString("R", CultureInfo.InvariantCulture),
        metricCount,
        t.StartedAt?.ToUnixTimeMilliseconds(),
        t.EndedAt?.ToUnixTimeMilliseconds(),
        t.ExitCode,
        t.Message,
        t.Host,
        t.Infeasibility,
        string.Join(',', t.ObjectiveValues.Select(v => v?.ToString("R", CultureInfo.InvariantCulture))));

    private sealed record Seen(string Fingerprint, long Revision, bool Finished);
}
