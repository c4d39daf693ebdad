using Hypersweep.Analysis;
using Hypersweep.Launching;
using Hypersweep.Pareto;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hypersweep.Dashboard.Api;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Sweeps;
using Hypersweep.Trials;

namespace Hypersweep.Dashboard.Data;

/// <summary>Everything read about one sweep at one moment: the sweep, its trials and every trial's metrics.</summary>
internal sealed record SweepSnapshot(SweepRecord Sweep, IReadOnlyList<TrialRecord> Trials, IReadOnlyDictionary<long, IReadOnlyList<MetricPoint>> Metrics, SweepSpec? Spec);

/// <summary>
/// Reads sweeps from the store and shapes them for the pages and the report. Finished trials are immutable (the
/// store's contract), so their metrics are read once and kept; running trials are read again on every request.
/// </summary>
internal sealed class SweepReader(ISweepStore store, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, IReadOnlyList<MetricPoint>> _finishedMetrics = new();
    private readonly ConcurrentDictionary<long, SweepSpec?> _specs = new();
    private readonly ConcurrentDictionary<long, (string Key, string Version)> _finishedSweepVersions = new();
    private readonly ConcurrentDictionary<long, (string Key, string Version)> _finishedPageVersions = new();
    private readonly ConcurrentDictionary<long, TrialRevisions> _revisions = new();
    private readonly ConcurrentDictionary<long, Lazy<Task<SweepSnapshot>>> _reading = new();

    /// <summary>Beyond this many trials whose metrics are not cached, a snapshot reads the whole sweep's metrics in one query instead of one per trial.</summary>
    private const int OneQueryAbove = 50;

    /// <summary>Where the store is.</summary>
    public string StoreLocation => store.Location;

    /// <summary>Every sweep with its counts and best value, oldest first.</summary>
    public async Task<IReadOnlyList<SweepSummaryView>> ListAsync(CancellationToken cancellationToken)
    {
        var sweeps = await store.ListSweepsAsync(cancellationToken);
        var list = new List<SweepSummaryView>(sweeps.Count);
        foreach (var sweep in sweeps)
        {
            list.Add(Summary(sweep, await store.ListTrialsAsync(sweep.Id, cancellationToken)));
        }

        return list;
    }

    /// <summary>
    /// Reads a sweep, its trials and all their metrics. Requests that come while a read of the same sweep is under way
    /// share it (a page asks for five views at once; reading 10,000 trials takes a while): a change it misses is
    /// announced by the events stream after it, and the page then asks again.
    /// </summary>
    /// <exception cref="DashboardNotFoundException">There is no such sweep.</exception>
    public Task<SweepSnapshot> SnapshotAsync(long sweepId, CancellationToken cancellationToken)
    {
        var read = _reading.GetOrAdd(sweepId, id => new Lazy<Task<SweepSnapshot>>(() => ReadSharedAsync(id)));
        return read.Value.WaitAsync(cancellationToken);
    }

    private async Task<SweepSnapshot> ReadSharedAsync(long sweepId)
    {
        try
        {
            // Not one request's token: the others sharing the read must not see it canceled.
            return await ReadSnapshotAsync(sweepId, CancellationToken.None);
        }
        finally
        {
            _reading.TryRemove(sweepId, out _);
        }
    }

    private async Task<SweepSnapshot> ReadSnapshotAsync(long sweepId, CancellationToken cancellationToken)
    {
        var sweep = await store.GetSweepAsync(sweepId, cancellationToken)
            ?? throw new DashboardNotFoundException($"There is no sweep with id {sweepId} in the store {store.Location}.");
        var trials = await store.ListTrialsAsync(sweepId, cancellationToken);
        var metrics = new Dictionary<long, IReadOnlyList<MetricPoint>>(trials.Count);
        if (trials.Count(t => !_finishedMetrics.ContainsKey(t.Id)) > OneQueryAbove)
        {
            // Read after the trials: those read as finished have all their metrics in it.
            var all = await store.GetAllSweepMetricsAsync(sweepId, cancellationToken);
            foreach (var trial in trials)
            {
                metrics[trial.Id] = Remember(trial, all.TryGetValue(trial.Id, out var points) ? points : []);
            }
        }
        else
        {
            foreach (var trial in trials)
            {
                metrics[trial.Id] = await MetricsOfAsync(trial, cancellationToken);
            }
        }

        return new SweepSnapshot(sweep, trials, metrics, SpecOf(sweep));
    }

    /// <summary>
    /// The rows of the trials table a page with cursor <paramref name="since"/> lacks (all of them without one), and
    /// the cursor to ask with next time (see <see cref="TrialRevisions"/>).
    /// </summary>
    public async Task<TrialChangesView> ChangesAsync(long sweepId, string? since, CancellationToken cancellationToken)
    {
        var revisions = _revisions.GetOrAdd(sweepId, _ => new TrialRevisions());
        await revisions.Gate.WaitAsync(cancellationToken);
        try
        {
            var snapshot = await SnapshotAsync(sweepId, cancellationToken);
            var (cursor, full, trials) = revisions.Changes(snapshot, since);
            return new TrialChangesView(cursor, full, snapshot.Trials.Count, [.. trials.Select(t => Row(t, snapshot.Metrics[t.Id]))]);
        }
        finally
        {
            revisions.Gate.Release();
        }
    }

    /// <summary>
    /// What the sweep page shows first (<see cref="SweepFirstView"/>): from the trials alone and the metrics of the
    /// first <paramref name="rows"/> trials, the best and the running ones (finished trials' from the cache when read before).
    /// </summary>
    /// <exception cref="DashboardNotFoundException">There is no such sweep.</exception>
    public async Task<SweepFirstView> FirstViewAsync(long sweepId, int rows, CancellationToken cancellationToken)
    {
        var sweep = await store.GetSweepAsync(sweepId, cancellationToken)
            ?? throw new DashboardNotFoundException($"There is no sweep with id {sweepId} in the store {store.Location}.");
        var trials = await store.ListTrialsAsync(sweepId, cancellationToken);
        var shown = trials.OrderBy(t => t.Number).Take(rows).ToList();
        var best = BestTrial.Of(trials, sweep.Objective.Goal);
        var metrics = new Dictionary<long, IReadOnlyList<MetricPoint>>();
        foreach (var trial in shown.Concat(trials.Where(t => t.State == TrialState.Running)).Append(best))
        {
            if (trial is not null && !metrics.ContainsKey(trial.Id))
            {
                metrics[trial.Id] = await MetricsOfAsync(trial, cancellationToken);
            }
        }

        var snapshot = new SweepSnapshot(sweep, trials, metrics, SpecOf(sweep));
        var valued = trials.Where(t => t.Value is { } v && double.IsFinite(v)).OrderBy(t => t.Number).ToList();
        return new SweepFirstView(
            Detail(snapshot),
            Best(snapshot),
            [.. shown.Select(t => Row(t, metrics[t.Id]))],
            trials.Count,
            new HistoryPointsView(
                [.. valued.Select(t => t.Number)],
                [.. valued.Select(t => t.Value)],
                [.. valued.Select(t => t.State.ToString())],
                [.. valued.Where(t => !t.IsFeasible).Select(t => t.Number)]));
    }

    /// <summary>A sweep's summary, parameters and metric names.</summary>
    public SweepDetailView Detail(SweepSnapshot s) => new(
        Summary(s.Sweep, s.Trials),
        Parameters(s.Trials, s.Spec),
        MetricNames(s),
        s.Spec?.EarlyTermination?.ToString(),
        s.Sweep.Spec,
        s.Sweep.ArtifactsDirectory,
        Version(s.Sweep, s.Trials, s.Metrics),
        Objectives(s.Sweep),
        [.. s.Sweep.Constraints.Select(c => c.ToString())]);

    /// <summary>
    /// The Pareto front (<see cref="ParetoFront"/>) and the hypervolume after each finished trial, in the order they
    /// finished, against one reference point for the whole sweep (<see cref="Hypervolume.ReferenceFor"/>).
    /// </summary>
    public static FrontView Front(SweepSnapshot s)
    {
        var objectives = s.Sweep.Objectives;
        var hypervolume = SweepHypervolume.Of(s.Trials, objectives);
        return new FrontView(
            Objectives(s.Sweep),
            [.. ParetoFront.Of(s.Trials, objectives).Select(t => t.Number)],
            [.. hypervolume.Reference.Select((r, i) => objectives[i].ToLoss(r))],
            [.. hypervolume.AfterEach.Select(p => new HypervolumePointView(p.Trial.Number, p.Trial.EndedAt, p.Value))]);
    }

    private static List<ObjectiveView> Objectives(SweepRecord sweep) => [.. sweep.Objectives.Select(o => new ObjectiveView(o.PrimaryMetric, o.Goal.ToString().ToLowerInvariant()))];

    /// <summary>The trials table.</summary>
    public IReadOnlyList<TrialRowView> Rows(SweepSnapshot s) => [.. s.Trials.Select(t => Row(t, s.Metrics[t.Id]))];

    /// <summary>One metric of the trials that logged it: every curve, or for many trials the best ones and a band (<see cref="MetricCurves"/>).</summary>
    public static MetricSeriesView Series(SweepSnapshot s, string name) => MetricCurves.Of(s, name);

    /// <summary>The best trial (HyperDrive's get_best_run_by_primary_metric), or null when none has a value yet.</summary>
    public BestTrialView? Best(SweepSnapshot s)
    {
        var best = BestTrial.Of(s.Trials, s.Sweep.Objective.Goal);
        if (best is null)
        {
            return null;
        }

        var arguments = TrialArguments.Of(s.Sweep, best);
        return new BestTrialView(Row(best, s.Metrics[best.Id]), arguments, ShellWords.Join(arguments));
    }

    /// <summary>How much each hyperparameter mattered so far (PED-ANOVA over the finished trials); no parameters when the spec no longer reads.</summary>
    public static ImportanceView Importance(SweepSnapshot s)
    {
        var importance = s.Spec is { } spec ? ParameterImportance.Of(spec.SearchSpace, s.Trials, s.Sweep.Objective.Goal) : new Dictionary<string, double>();
        return new ImportanceView(
            "ped-anova",
            ParameterImportance.TopQuantile,
            ParameterImportance.MinTrials,
            [.. importance.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new ParameterImportanceView(p.Key, p.Value))]);
    }

    /// <summary>Everything about one trial.</summary>
    /// <exception cref="DashboardNotFoundException">There is no such sweep or trial.</exception>
    public async Task<TrialDetailView> TrialAsync(long sweepId, int number, CancellationToken cancellationToken)
    {
        var sweep = await store.GetSweepAsync(sweepId, cancellationToken)
            ?? throw new DashboardNotFoundException($"There is no sweep with id {sweepId} in the store {store.Location}.");
        var trials = await store.ListTrialsAsync(sweepId, cancellationToken);
        var trial = trials.FirstOrDefault(t => t.Number == number)
            ?? throw new DashboardNotFoundException($"Sweep {sweepId} has no trial {number}; it has {trials.Count} trials (0 to {trials.Count - 1}).");
        var metrics = await MetricsOfAsync(trial, cancellationToken);
        var events = await store.GetTrialEventsAsync(trial.Id, cancellationToken);
        var folder = sweep.TrialDirectory(number);
        var arguments = TrialArguments.Of(sweep, trial);
        var series = metrics.GroupBy(p => p.Name, StringComparer.Ordinal)
            .Select(g => new TrialMetricView(g.Key, [.. g.Select(p => Finite(p.Value))], [.. g.Select(p => p.Step)], [.. g.Select(p => p.Time)]))
            .OrderBy(m => string.Equals(m.Name, sweep.Objective.PrimaryMetric, StringComparison.Ordinal) ? 0 : 1)
            .ToList();
        return new TrialDetailView(
            Summary(sweep, trials),
            Row(trial, metrics),
            Parameters(trials, SpecOf(sweep)),
            [.. events.Select(e => new TrialEventView(e.State.ToString(), e.Time, e.Message))],
            series,
            arguments,
            ShellWords.Join(arguments),
            folder,
            TrialFiles.LogStreams.ToDictionary(s => s, s => TrialFiles.LogInfo(folder, s)),
            TrialFiles.List(folder),
            BestTrial.Of(trials, sweep.Objective.Goal)?.Id == trial.Id);
    }

    /// <summary>The folder of a trial, after checking that the sweep and trial exist.</summary>
    public async Task<string> TrialFolderAsync(long sweepId, int number, CancellationToken cancellationToken)
    {
        var sweep = await store.GetSweepAsync(sweepId, cancellationToken)
            ?? throw new DashboardNotFoundException($"There is no sweep with id {sweepId} in the store {store.Location}.");
        _ = await store.GetTrialAsync(sweepId, number, cancellationToken)
            ?? throw new DashboardNotFoundException($"Sweep {sweepId} has no trial {number}.");
        return sweep.TrialDirectory(number);
    }

    /// <summary>A short text that changes whenever anything shown about the sweep changes.</summary>
    public async Task<string> VersionAsync(long sweepId, CancellationToken cancellationToken)
    {
        var sweep = await store.GetSweepAsync(sweepId, cancellationToken)
            ?? throw new DashboardNotFoundException($"There is no sweep with id {sweepId} in the store {store.Location}.");
        return await CachedWhenEndedAsync(_finishedPageVersions, sweep, async () =>
        {
            var trials = await store.ListTrialsAsync(sweepId, cancellationToken);
            var metrics = new Dictionary<long, IReadOnlyList<MetricPoint>>();
            foreach (var trial in trials.Where(t => !t.State.IsFinished()))
            {
                metrics[trial.Id] = await store.GetMetricsAsync(trial.Id, cancellationToken);
            }

            return Version(sweep, trials, metrics);
        });
    }

    /// <summary>
    /// A sweep's version from <paramref name="compute"/>, kept for a sweep that has ended until it runs again (a resume
    /// changes its state): the live check of an open page then costs one read of the sweep, not of its 10,000 trials,
    /// every second.
    /// </summary>
    private static async Task<string> CachedWhenEndedAsync(ConcurrentDictionary<long, (string Key, string Version)> cache, SweepRecord sweep, Func<Task<string>> compute)
    {
        var key = $"{sweep.State}|{sweep.EndedAt?.ToUnixTimeMilliseconds()}";
        if (sweep.State != SweepState.Running && cache.TryGetValue(sweep.Id, out var cached) && cached.Key == key)
        {
            return cached.Version;
        }

        var version = await compute();
        if (sweep.State != SweepState.Running)
        {
            cache[sweep.Id] = (key, version);
        }

        return version;
    }

    /// <summary>A short text that changes whenever anything on the sweeps page changes.</summary>
    public async Task<string> StoreVersionAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var sweep in await store.ListSweepsAsync(cancellationToken))
        {
            var version = await CachedWhenEndedAsync(_finishedSweepVersions, sweep, async () =>
                Version(sweep, await store.ListTrialsAsync(sweep.Id, cancellationToken), new Dictionary<long, IReadOnlyList<MetricPoint>>()));
            text.Append(sweep.Id).Append(':').Append(version).Append(';');
        }

        return Hash(text.ToString());
    }

    /// <summary>Turns NaN and infinities into null (JSON has no such numbers).</summary>
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>The sweep's spec, parsed from the recorded file once, or null when the file no longer parses.</summary>
    public SweepSpec? SpecOf(SweepRecord sweep) => _specs.GetOrAdd(sweep.Id, _ => RecordedSpec.TryRead(sweep));

    private SweepSummaryView Summary(SweepRecord sweep, IReadOnlyList<TrialRecord> trials)
    {
        var counts = SweepCounts.Of(trials);
        var best = BestTrial.Of(trials, sweep.Objective.Goal);
        var spec = SpecOf(sweep);
        return new SweepSummaryView(
            sweep.Id,
            sweep.Name,
            sweep.State.ToString(),
            sweep.Message,
            sweep.Objective.PrimaryMetric,
            sweep.Objective.Goal.ToString().ToLowerInvariant(),
            sweep.Sampler,
            sweep.Policy,
            sweep.CreatedAt,
            sweep.EndedAt,
            spec?.Limits.MaxTotalTrials,
            spec?.Limits.EffectiveMaxConcurrentTrials,
            new CountsView(counts.Queued, counts.Running, counts.Completed, counts.Failed, counts.Terminated, counts.Canceled, counts.Finished, counts.Total),
            best is { Value: { } v } ? new BestReferenceView(best.Number, best.DisplayId, v) : null,
            sweep.Tags,
            sweep.Note);
    }

    private TrialRowView Row(TrialRecord trial, IReadOnlyList<MetricPoint> metrics)
    {
        var final = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var point in metrics)
        {
            final[point.Name] = Finite(point.Value);
        }

        double? duration = trial.StartedAt is { } started ? ((trial.EndedAt ?? time.GetUtcNow()) - started).TotalSeconds : null;
        return new TrialRowView(
            trial.Number,
            trial.DisplayId,
            trial.State.ToString(),
            trial.Parameters.ToDictionary(p => p.Key, p => ValueOf(p.Value), StringComparer.Ordinal),
            trial.Value is { } v ? Finite(v) : null,
            trial.Intervals,
            final,
            duration is { } d ? Math.Max(0, d) : null,
            trial.StartedAt,
            trial.EndedAt,
            trial.ExitCode,
            trial.Message,
            trial.Host,
            [.. trial.ObjectiveValues.Select(v => v is { } x ? Finite(x) : null)],
            trial.Infeasibility);
    }

    private static object? ValueOf(ParameterValue value) => value.Kind switch
    {
        ParameterKind.Integer => value.AsInt64(),
        ParameterKind.Float => Finite(value.AsDouble()),
        ParameterKind.Boolean => value.AsBoolean(),
        _ => value.AsString(),
    };

    private static List<ParameterView> Parameters(IReadOnlyList<TrialRecord> trials, SweepSpec? spec)
    {
        var names = new List<string>();
        if (spec is not null)
        {
            names.AddRange(spec.SearchSpace.Names);
        }

        foreach (var name in trials.SelectMany(t => t.Parameters.Names))
        {
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        var views = new List<ParameterView>(names.Count);
        foreach (var name in names)
        {
            var distribution = spec is not null && spec.SearchSpace.Contains(name) ? spec.SearchSpace[name] : null;
            var values = trials.Where(t => t.Parameters.TryGetValue(name, out _)).Select(t => t.Parameters[name]).ToList();
            var declared = distribution is ChoiceDistribution choice ? choice.Values.ToList() : [];
            var numeric = values.Concat(declared).All(v => v.Kind is ParameterKind.Integer or ParameterKind.Float);
            // Categories in choice order, else as first seen; a choice of numbers keeps its values too (for axis ticks).
            IReadOnlyList<string>? categories = numeric && declared.Count == 0 ? null
                : numeric ? declared.OrderBy(v => v.AsDouble()).Select(v => v.ToString()).ToList()
                : declared.Concat(values).Select(v => v.ToString()).Distinct(StringComparer.Ordinal).ToList();
            var log = distribution is { IsLogScaled: true };
            views.Add(new ParameterView(name, numeric ? "number" : "category", distribution?.ToString(), log, categories));
        }

        return views;
    }

    private static List<string> MetricNames(SweepSnapshot s)
    {
        var names = new List<string> { s.Sweep.Objective.PrimaryMetric };
        foreach (var trial in s.Trials)
        {
            // A first view's snapshot holds only some trials' metrics.
            foreach (var point in s.Metrics.GetValueOrDefault(trial.Id, []))
            {
                if (!names.Contains(point.Name, StringComparer.Ordinal))
                {
                    names.Add(point.Name);
                }
            }
        }

        return names;
    }

    private async Task<IReadOnlyList<MetricPoint>> MetricsOfAsync(TrialRecord trial, CancellationToken cancellationToken)
    {
        // The state was read before the metrics: a finished trial's metrics were all written with its end, so they are complete.
        if (_finishedMetrics.TryGetValue(trial.Id, out var cached))
        {
            return cached;
        }

        return Remember(trial, await store.GetMetricsAsync(trial.Id, cancellationToken));
    }

    /// <summary>Keeps a finished trial's metrics (they never change) and returns them.</summary>
    private IReadOnlyList<MetricPoint> Remember(TrialRecord trial, IReadOnlyList<MetricPoint> metrics)
    {
        if (trial.State.IsFinished())
        {
            _finishedMetrics[trial.Id] = metrics;
        }

        return metrics;
    }

    private static string Version(SweepRecord sweep, IReadOnlyList<TrialRecord> trials, IReadOnlyDictionary<long, IReadOnlyList<MetricPoint>> metrics)
    {
        var text = new StringBuilder();
        text.Append(sweep.State).Append('|').Append(sweep.EndedAt?.ToUnixTimeMilliseconds()).Append('|');
        foreach (var t in trials)
        {
            text.Append(t.Number).Append(',').Append(t.State).Append(',').Append(t.Intervals).Append(',')
                .Append(t.Value?.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            if (!t.State.IsFinished() && metrics.TryGetValue(t.Id, out var points))
            {
                text.Append(points.Count);
            }

            text.Append(';');
        }

        return Hash(text.ToString());
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 8);
}
