using Hypersweep.Termination;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>
/// What the scheduler knows of its sweep's trials: every trial by number (for the trials this run started, its own
/// newest record), the best one, and each trial's primary-metric series; with the warm start's trials, what samplers
/// and policies see.
/// </summary>
internal sealed class SweepTrials(SweepPlan plan, Goal goal)
{
    private readonly List<TrialRecord> _trials = [];
    private readonly List<TrialRecord> _history = [];
    private readonly Dictionary<long, List<double>> _series = [];
    private readonly Dictionary<long, TrialState> _decided = [];

    /// <summary>The sweep's trials, indexed by number.</summary>
    public IReadOnlyList<TrialRecord> All => _trials;

    /// <summary>The best trial so far, running trials included.</summary>
    public TrialRecord? Best { get; private set; }

    /// <summary>Trials that count toward max_total_trials: re-runs of an earlier attempt do not.</summary>
    public int BudgetUsed => _trials.Count(t => t.CountsTowardBudget);

    /// <summary>Replaces every trial with the store's records and sets the best one.</summary>
    public void Reset(IReadOnlyList<TrialRecord> trials, TrialRecord? best)
    {
        _trials.Clear();
        _trials.AddRange(trials);
        Best = best;
    }

    /// <summary>Replaces every trial with the store's records, except those <paramref name="ownRecord"/> knows better (the trials this run is running).</summary>
    public void Reload(IReadOnlyList<TrialRecord> trials, Func<long, TrialRecord?> ownRecord)
    {
        _trials.Clear();
        _trials.AddRange(trials.Select(t => ownRecord(t.Id) ?? t));
    }

    /// <summary>Adds a new trial, whose number is the next one.</summary>
    public void Add(TrialRecord trial) => _trials.Add(trial);

    /// <summary>
    /// Notes the state a running trial was asked to end in (Terminated by the policy, Canceled by a limit): samplers see
    /// it so from then on, not as running, although its process may take a moment to end. So the next suggestion,
    /// which is asked for at once since the trial's slot is free, learns from the stopped trial's curve whether or not
    /// the process has exited yet, and a seeded sweep suggests the same points however the events interleave.
    /// </summary>
    public void Decide(long trialId, TrialState state) => _decided[trialId] = state;

    /// <summary>Puts a trial's newer record in its place and keeps the best one up to date.</summary>
    public void Replace(TrialRecord record)
    {
        if (record.State.IsFinished())
        {
            _decided.Remove(record.Id);
        }

        if (record.Number < _trials.Count)
        {
            _trials[record.Number] = record;
        }

        // A trial's value is the best of its series, so it never gets worse: the best trial stays best when it updates,
        // unless it breaks a constraint, which makes it infeasible for good: then the best is looked for again.
        if (!record.IsFeasible)
        {
            if (Best?.Id == record.Id)
            {
                Best = BestTrial.Of(_trials, goal, includeUnfinished: true);
            }
        }
        else if (record.Value is { } v && (Best is null || Best.Id == record.Id || goal.IsBetter(v, Best.Value!.Value)))
        {
            Best = record;
        }
    }

    /// <summary>What samplers see: the warm-start trials of earlier sweeps, then this sweep's trials (a trial being stopped in the state it was asked to end in).</summary>
    public IReadOnlyList<TrialRecord> History()
    {
        if (plan.WarmStart.Count == 0 && _decided.Count == 0)
        {
            return _trials;
        }

        _history.Clear();
        _history.AddRange(plan.WarmStart);
        _history.AddRange(_trials.Select(t => _decided.TryGetValue(t.Id, out var state) ? t with { State = state } : t));
        return _history;
    }

    /// <summary>A shared sweep's full history as the store gave it, after the warm start.</summary>
    public IReadOnlyList<TrialRecord> WithWarmStart(IReadOnlyList<TrialRecord> history) =>
        plan.WarmStart.Count == 0 ? history : [.. plan.WarmStart, .. history];

    /// <summary>The primary-metric values a trial logged, as far as this run knows them (empty when none).</summary>
    public IReadOnlyList<double> CurveOf(long trialId) => _series.TryGetValue(trialId, out var values) ? values : [];

    /// <summary>Sets a trial's series from the store or the warm start.</summary>
    public void SetSeries(long trialId, IEnumerable<double> values) => _series[trialId] = [.. values];

    /// <summary>Adds a value a running trial logged to its series and returns how many it has.</summary>
    public int Append(long trialId, double value)
    {
        if (!_series.TryGetValue(trialId, out var series))
        {
            _series[trialId] = series = [];
        }

        series.Add(value);
        return series.Count;
    }

    /// <summary>Every trial with values, warm start first, as termination policies compare them.</summary>
    public List<TrialSeries> ForPolicy(Func<long, bool> isRunning)
    {
        var result = new List<TrialSeries>(_series.Count);
        foreach (var trial in plan.WarmStart.Concat(_trials))
        {
            if (_series.TryGetValue(trial.Id, out var values) && values.Count > 0)
            {
                result.Add(new TrialSeries(trial.Id, trial.Number, !isRunning(trial.Id), values));
            }
        }

        return result;
    }
}
