using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Trials;

namespace Hypersweep.Dashboard.Tests.Fixtures;

/// <summary>
/// A large sweep written through the store API as a sweep run writes it: each trial created Running, then finished
/// with its metric series (accuracy and loss, <see cref="Intervals"/> values each) in one state change. About 5% of
/// the trials are terminated early, 1% fail, and the last trial keeps running (for live updates). Shared by the
/// dashboard tests and the <c>dashboard-scale</c> benchmark (linked into bench/Hypersweep.Bench).
/// </summary>
internal static class LargeSweep
{
    public const string Name = "large-sweep";
    public const string Metric = "accuracy";
    public const string Loss = "loss";
    public const int Intervals = 20;

    /// <summary>When the sweep started; trial n starts 10 s after trial n - 1.</summary>
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static SweepSpec Spec(int trials) => new()
    {
        Name = Name,
        SearchSpace = new SearchSpace
        {
            { "learning_rate", Distributions.LogUniform(Math.Log(1e-4), Math.Log(1e-1)) },
            { "layers", Distributions.Choice(1L, 2L, 3L, 4L) },
            { "optimizer", Distributions.Choice("adam", "sgd") },
            { "dropout", Distributions.Uniform(0, 0.5) },
        },
        Objective = new Objective(Metric, Goal.Maximize),
        Sampling = new SamplingSpec(SamplingAlgorithm.Random, Seed: 17),
        Limits = new SweepLimits { MaxTotalTrials = trials + 10, MaxConcurrentTrials = 8 },
    };

    /// <summary>Whether trial <paramref name="number"/> of a sweep of <paramref name="trials"/> ends terminated, failed, or keeps running.</summary>
    public static TrialState StateOf(int number, int trials) =>
        number == trials - 1 ? TrialState.Running : number % 20 == 7 ? TrialState.Terminated : number % 100 == 13 ? TrialState.Failed : TrialState.Completed;

    /// <summary>How many values each metric of a trial has: the terminated stop at 6, the failed at 3, the running one has 4 so far.</summary>
    public static int IntervalsOf(TrialState state) => state switch
    {
        TrialState.Terminated => 6,
        TrialState.Failed => 3,
        TrialState.Running => 4,
        _ => Intervals,
    };

    /// <summary>The accuracy trial <paramref name="number"/> logs at interval <paramref name="interval"/> (from 1): a saturating curve whose height depends on the parameters.</summary>
    public static double Accuracy(ParameterSet p, int number, int interval)
    {
        var quality = 0.95 - (0.04 * Math.Pow(Math.Log10(p["learning_rate"].AsDouble()) + 2.5, 2)) - (0.02 * (4 - p["layers"].AsInt64()))
            - (p["optimizer"].AsString() == "adam" ? 0 : 0.05) - (0.1 * Math.Abs(p["dropout"].AsDouble() - 0.2));
        return Math.Round((quality * (1 - Math.Exp(-interval / 4.0))) + (0.003 * Math.Sin((number * 7) + interval)), 6);
    }

    /// <summary>Writes the sweep into <paramref name="store"/> and returns it.</summary>
    public static async Task<SweepRecord> CreateAsync(ISweepStore store, int trials, CancellationToken cancellationToken = default)
    {
        var spec = Spec(trials);
        var sweep = await store.CreateSweepAsync(new NewSweep
        {
            Name = Name,
            Spec = SweepFileWriter.Write(spec),
            Objective = spec.Objective,
            Sampler = spec.Sampling.Name,
            Seed = 17,
            CreatedAt = Start,
        }, cancellationToken);
        var random = new Random(17);
        for (var n = 0; n < trials; n++)
        {
            var parameters = spec.SearchSpace.FromUnit([.. Enumerable.Range(0, spec.SearchSpace.Count).Select(_ => random.NextDouble())]);
            var started = Start.AddSeconds(10 * n);
            var trial = await store.CreateRunningTrialAsync(sweep.Id, parameters, started, $"node{n % 4}", cancellationToken: cancellationToken);
            var state = StateOf(n, trials);
            var points = Points(parameters, n, 1, IntervalsOf(state), started);
            if (state == TrialState.Running)
            {
                await store.AppendMetricsAsync(trial.Id, points, cancellationToken);
                continue;
            }

            await store.ChangeTrialStateAsync(trial.Id, new TrialStateChange
            {
                State = state,
                Time = started.AddSeconds(IntervalsOf(state) * 30),
                ExitCode = state == TrialState.Failed ? 1 : 0,
                Message = state switch
                {
                    TrialState.Terminated => "bandit at interval 6: below the best by more than the slack",
                    TrialState.Failed => "RuntimeError: simulated out of memory",
                    _ => null,
                },
                Metrics = points,
            }, cancellationToken);
        }

        return sweep;
    }

    /// <summary>The accuracy and loss of trial <paramref name="number"/> at intervals <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static List<MetricPoint> Points(ParameterSet parameters, int number, int from, int to, DateTimeOffset started)
    {
        var points = new List<MetricPoint>(2 * (to - from + 1));
        for (var i = from; i <= to; i++)
        {
            var time = started.AddSeconds(30 * i);
            var accuracy = Accuracy(parameters, number, i);
            points.Add(new MetricPoint(Loss, Math.Round(1 - accuracy + (0.05 / i), 6), i, time));
            points.Add(new MetricPoint(Metric, accuracy, i, time));
        }

        return points;
    }
}
