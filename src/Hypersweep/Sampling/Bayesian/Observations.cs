using Hypersweep.Curves;
using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// What the model learns from a sweep's history, as losses (lower is better whatever the goal):
/// <list type="bullet">
/// <item>completed trials with a value are observations, and only they can be the incumbent that EI improves on;</item>
/// <item>trials stopped early (terminated by the policy, or canceled or failed after logging values) are partial
/// observations that never count as the best: their value is where their learning curve would have ended at the
/// length of a completed trial (the median one; the longest stopped one while none has completed). A curve stopped
/// before a fifth of that length is read by <see cref="ProgressModel"/>, a GP over the parameters and the training
/// progress fed by every trial's curve, once three completed trials have curves; a longer one, or any before that, by
/// <see cref="CurveExtrapolation"/>, its own shape; without a curve of at least three values, the best they reached,
/// taken as no better than the median completed loss since the policy judged it not promising. Without the curves,
/// every stopped trial looked like a median one: under ASHA, where six of seven trials stop after three epochs, the
/// model learned almost nothing about where the good configurations are (bench/results/pruning.md);</item>
/// <item>a trial that ended having logged only values that cannot rank it (NaN, or an overflow to Infinity: a run that
/// diverged) is an observation at the worst loss seen, so the model learns to avoid it, and never the incumbent;</item>
/// <item>queued and running trials are pending points, added as fantasies so new suggestions spread out;</item>
/// <item>trials without a value, or whose parameters do not fit the space, only count against duplicates.</item>
/// </list>
/// </summary>
internal sealed class Observations
{
    private Observations(int dimensions)
    {
        Dimensions = dimensions;
    }

    /// <summary>The number of coordinates of each point.</summary>
    public int Dimensions { get; }

    /// <summary>Encoded points of the observations, row-major.</summary>
    public List<double> X { get; } = [];

    /// <summary>Losses of the observations (partial ones already made pessimistic).</summary>
    public List<double> Losses { get; } = [];

    /// <summary>Whether each observation comes from a completed trial.</summary>
    public List<bool> Completed { get; } = [];

    /// <summary>Each observation's place in the sweep's history.</summary>
    public List<int> HistoryIndex { get; } = [];

    /// <summary>
    /// A hash of what each observation's trial recorded (its state, value, feasibility and learning curve): with its
    /// point and place, everything its loss is computed from, before any prediction from the other trials.
    /// </summary>
    public List<ulong> Recorded { get; } = [];

    /// <summary>Encoded points of pending trials, row-major.</summary>
    public List<double> Pending { get; } = [];

    /// <summary>Every parameter set in the history, to avoid suggesting one twice.</summary>
    public HashSet<ParameterSet> Seen { get; } = [];

    /// <summary>The number of observations.</summary>
    public int Count => Losses.Count;

    /// <summary>Whether the sweep's early-termination policy has stopped a trial (one that logged values).</summary>
    public bool HasStoppedTrials { get; private set; }

    /// <summary>The number of pending points.</summary>
    public int PendingCount => Pending.Count / Math.Max(1, Dimensions);

    /// <summary>Reads the first entries of the same history the same way (set by <see cref="From(IReadOnlyList{TrialRecord}, SpaceEncoding, Goal, Func{long, IReadOnlyList{double}}, BayesianSamplerOptions)"/>).</summary>
    private Func<int, Observations> _historyPrefix = _ => throw new InvalidOperationException("no history");

    /// <summary>How many observations are partial ones, added after the others out of history order.</summary>
    private int _partialCount;

    /// <summary>The positions of the observations, earliest in the history first.</summary>
    public IEnumerable<int> InHistoryOrder() => _partialCount == 0 ? Enumerable.Range(0, Count) : Enumerable.Range(0, Count).OrderBy(i => HistoryIndex[i]);

    /// <summary>
    /// The observations of the history up to and including the <paramref name="count"/>-th observation in history
    /// order, read as if that were the whole history: stopped trials' losses predicted from those trials alone, so the
    /// result is a function of what they recorded (<see cref="Recorded"/>) and not of the trials that came after.
    /// </summary>
    public Observations FirstInHistory(int count)
    {
        if (count >= Count)
        {
            return this;
        }

        var last = InHistoryOrder().ElementAt(count - 1);
        return _historyPrefix(HistoryIndex[last] + 1);
    }

    /// <summary>Reads a sweep's history, without learning curves.</summary>
    public static Observations From(IReadOnlyList<TrialRecord> history, SpaceEncoding encoding, Goal goal) => From(history, encoding, goal, _ => []);

    /// <summary>Reads a sweep's history; <paramref name="curveOf"/> gives each trial's primary-metric values in order.</summary>
    public static Observations From(IReadOnlyList<TrialRecord> history, SpaceEncoding encoding, Goal goal, Func<long, IReadOnlyList<double>> curveOf) => From(history, encoding, goal, curveOf, BayesianSamplerOptions.Default);

    /// <summary>Reads a sweep's history, with learning curves, for a sampler with <paramref name="options"/>.</summary>
    public static Observations From(IReadOnlyList<TrialRecord> history, SpaceEncoding encoding, Goal goal, Func<long, IReadOnlyList<double>> curveOf, BayesianSamplerOptions options)
    {
        var result = new Observations(encoding.Dimensions)
        {
            _historyPrefix = entries => From([.. history.Take(entries)], encoding, goal, curveOf, options),
        };
        var x = new double[encoding.Dimensions];
        var partial = new List<(double[] X, double Loss, IReadOnlyList<double> Logged, int Index)>();
        var completedLengths = new List<int>();
        var completedCurves = new List<(double[] X, double[] BestSoFar, int Index)>();
        var longest = 0;
        var index = -1;
        foreach (var trial in history)
        {
            index++;
            result.Seen.Add(trial.Parameters);
            if (!encoding.TryEncode(trial.Parameters, x))
            {
                continue;
            }

            switch (trial.State)
            {
                case TrialState.Queued or TrialState.Running:
                    result.Pending.AddRange(x);
                    break;
                case TrialState.Completed when trial.Value is { } v && !double.IsNaN(v):
                    // An infeasible trial still says what the objective is there, but never counts as the incumbent.
                    var done = curveOf(trial.Id);
                    result.Add(x, goal.ToLoss(v), completed: trial.IsFeasible, index, Fingerprint(trial, done));
                    if (done.Count > 0)
                    {
                        completedLengths.Add(done.Count);
                        if (CurveExtrapolation.BestSoFar([.. done.Select(value => goal.ToLoss(value))]) is { Length: > 0 } doneBest)
                        {
                            completedCurves.Add(((double[])x.Clone(), doneBest, index));
                        }
                    }

                    break;
                case TrialState.Completed or TrialState.Terminated or TrialState.Canceled or TrialState.Failed when trial.Value is null && curveOf(trial.Id) is { Count: > 0 } diverged && !diverged.Any(Objective.IsRankable):
                    result.Add(x, double.PositiveInfinity, completed: false, index, Fingerprint(trial, diverged));
                    break;
                case TrialState.Terminated or TrialState.Canceled or TrialState.Failed when trial.Value is { } v && !double.IsNaN(v):
                    var curve = curveOf(trial.Id);
                    result.HasStoppedTrials |= trial.State == TrialState.Terminated;
                    longest = Math.Max(longest, curve.Count);
                    partial.Add(((double[])x.Clone(), goal.ToLoss(v), curve, index));
                    break;
            }
        }

        result._partialCount = partial.Count;
        if (partial.Count > 0)
        {
            var median = result.Count > 0 ? Median(result.Losses) : double.NegativeInfinity;
            var length = completedLengths.Count > 0 ? completedLengths.Order().ElementAt(completedLengths.Count / 2) : longest;
            var joint = JointPredictions(partial, completedCurves, encoding, goal, length, options);
            for (var i = 0; i < partial.Count; i++)
            {
                var (px, loss, logged, at) = partial[i];

                // Every suggestion reads every stopped trial again: its extrapolation is computed once (CurvePredictionCache).
                var predicted = joint is not null && !double.IsNaN(joint[i]) ? joint[i] : CurvePredictionCache.Predict(logged, logged.Count, goal, length);
                result.Add(px, predicted ?? Math.Max(loss, median), completed: false, at, Fingerprint(history[at], logged));
            }
        }

        result.ReplaceInfinities();
        return result;
    }

    /// <summary>
    /// The final losses <see cref="ProgressModel"/> predicts for the stopped trials whose curves are short enough for it
    /// (NaN for the others, which <see cref="CurveExtrapolation"/> reads), or null when too few completed trials have
    /// curves for it, or no stopped trial has one. Every curve, long or short, is data for the model.
    /// </summary>
    private static double[]? JointPredictions(List<(double[] X, double Loss, IReadOnlyList<double> Logged, int Index)> partial, List<(double[] X, double[] BestSoFar, int Index)> completedCurves, SpaceEncoding encoding, Goal goal, int length, BayesianSamplerOptions options)
    {
        var stoppedCurves = partial.Select(p => CurveExtrapolation.BestSoFar([.. p.Logged.Select(value => goal.ToLoss(value))])).ToList();
        if (completedCurves.Count < ProgressModel.MinCompletedCurves || !stoppedCurves.Any(c => c.Length > 0 && ProgressModel.Reads(c.Length, length)))
        {
            return null;
        }

        var withCurves = Enumerable.Range(0, partial.Count).Where(i => stoppedCurves[i].Length > 0).ToList();
        var points = completedCurves.Select(c => c.X).Concat(withCurves.Select(i => partial[i].X)).ToList();
        var curves = completedCurves.Select(c => c.BestSoFar).Concat(withCurves.Select(i => stoppedCurves[i])).ToList();
        var stopped = completedCurves.Select(_ => false).Concat(withCurves.Select(i => ProgressModel.Reads(stoppedCurves[i].Length, length))).ToList();
        var order = completedCurves.Select(c => c.Index).Concat(withCurves.Select(i => partial[i].Index)).ToList();
        var predicted = ProgressModel.PredictFinal(encoding, points, curves, stopped, order, length, options);
        var result = Enumerable.Repeat(double.NaN, partial.Count).ToArray();
        for (var k = 0; k < withCurves.Count; k++)
        {
            result[withCurves[k]] = predicted[completedCurves.Count + k];
        }

        return result;
    }

    /// <summary>
    /// True when the last <paramref name="window"/> completed observations improved the best completed loss by at most
    /// <paramref name="tolerance"/> times the distance from it to the median completed loss (and more than that many
    /// plus two completed observations exist).
    /// </summary>
    public bool HasStalled(int window, double tolerance)
    {
        var completed = Enumerable.Range(0, Count).Where(i => Completed[i]).Select(i => Losses[i]).ToList();
        if (completed.Count <= window + 2)
        {
            return false;
        }

        var bestBefore = completed.Take(completed.Count - window).Min();
        var best = completed.Min();
        var median = completed.Order().ElementAt(completed.Count / 2);
        return bestBefore - best <= tolerance * (median - best);
    }

    private void Add(ReadOnlySpan<double> x, double loss, bool completed, int historyIndex, ulong recorded)
    {
        foreach (var v in x)
        {
            X.Add(v);
        }

        Losses.Add(loss);
        Completed.Add(completed);
        HistoryIndex.Add(historyIndex);
        Recorded.Add(recorded);
    }

    /// <summary>A hash of a trial's state, value, feasibility and primary-metric values.</summary>
    private static ulong Fingerprint(TrialRecord trial, IReadOnlyList<double> curve)
    {
        var hash = SeedMixer.Mix(((ulong)trial.State << 1) | (trial.IsFeasible ? 1UL : 0UL));
        hash = SeedMixer.Mix(hash ^ FitMemo.Bits(trial.Value ?? double.NaN));
        hash = SeedMixer.Mix(hash ^ (ulong)curve.Count);
        foreach (var value in curve)
        {
            hash = SeedMixer.Mix(hash ^ FitMemo.Bits(value));
        }

        return hash;
    }

    /// <summary>An infinite loss (a diverged run) becomes the worst finite one, a minus-infinite one the best.</summary>
    private void ReplaceInfinities()
    {
        var finite = Losses.Where(double.IsFinite).ToList();
        var worst = finite.Count > 0 ? finite.Max() : 0;
        var best = finite.Count > 0 ? finite.Min() : 0;
        for (var i = 0; i < Losses.Count; i++)
        {
            if (double.IsPositiveInfinity(Losses[i]))
            {
                Losses[i] = worst;
            }
            else if (double.IsNegativeInfinity(Losses[i]))
            {
                Losses[i] = best;
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[(n / 2) - 1] + sorted[n / 2]);
    }
}
