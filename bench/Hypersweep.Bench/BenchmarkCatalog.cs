using Hypersweep.Bench.Benchmarks;

namespace Hypersweep.Bench;

/// <summary>One benchmark the console runs: its name on the command line, what it measures and its options, and how to run it.</summary>
internal sealed record BenchmarkEntry(string Name, string Usage, Func<string[], Task> RunAsync);

/// <summary>Every benchmark, in the order the usage lists them; <c>Program</c> looks the first argument up here.</summary>
internal static class BenchmarkCatalog
{
    public static IReadOnlyList<BenchmarkEntry> All { get; } =
    [
        new("overhead", "trials per second (in-process, SQLite) and per-process-trial overhead, beside Optuna", OverheadBenchmark.RunAsync),
        new("pruning", "early-termination policies on the learning-curve problem, beside Optuna's pruners [--seeds 10] [--trials 100] [--samplers random,bayesian] [--policies none,median,...] [--skip-optuna] [--verbose: each seed's noise-free regret] [--out NAME]", PruningBenchmark.RunAsync),
        new("asha-ceiling", "how near any sampler can come to the ASHA target on the learning-curve problem: under each ASHA setting, the Bayesian sampler beside random suggestions for k trials followed by the optimum itself, best/none against the Bayesian sampler without a policy [--seeds 60] [--settings 3:7,3:3,2:3] [--explore 0,10,30,50] [--spread 0.02,0.05,0.1: after 10 random trials, near the optimum, sd in decades of the learning rate] [--out NAME]", AshaCeilingBenchmark.RunAsync),
        new("workers", "shared-sweep throughput with 1, 2, 4 and 8 worker processes on PostgreSQL", WorkersBenchmark.RunAsync),
        new("sample-efficiency", "regret of the Bayesian and random samplers on bench/problems.json beside Optuna [--quick] [--seeds N] [--problems a,b] [--samplers bayesian,random] [--concurrency 1,4] [--out NAME]", SampleEfficiencyBenchmark.RunAsync),
        new("concurrency-sim", "the Bayesian sampler sequential and with 4 concurrent trials on a virtual clock, seeds 1..200 (about 20 min) [--quick] [--seeds N] [--problems a,b] [--out NAME]", Sync(ConcurrencySimulationBenchmark.Run)),
        new("gp-peer", "the Bayesian sampler beside Optuna 5's GPSampler: regret at 30, 50 and 100 trials, seeds 1..20, sequential and 4 concurrent on a virtual clock; trials on the box's edges [--seeds N] [--problems a,b] [--concurrency N] [--out NAME]", Sync(GpPeerBenchmark.Run)),
        new("suggestion-time", "time per Bayesian suggestion with 50 to 1000 finished trials in 10 dimensions [--quick]", Sync(SuggestionTimeBenchmark.Run)),
        new("real-jobs", "real scikit-learn jobs of bench/workloads run as process trials through the hypersweep command, beside Optuna [--seeds 5] [--first-seed 1] [--trials 40] [--concurrency 2] [--workloads a,b] [--samplers bayesian,random] [--policies median_stopping,truncation50,asha] [--peers FILE] [--out NAME] [--rewrite]", RealJobsBenchmark.RunAsync),
        new("jobs-in-process", "a quick check of a sampler change: the Bayesian sampler (and random sampling with --samplers bayesian,random) on the real workloads' evaluate functions in process, sequential, cached; prints medians and means beside Optuna's on the same seeds, writes bench/results/NAME.md with --out NAME [--seeds 5] [--first-seed 1] [--trials 40] [--workloads a,b] [--peers a.json,b.json] [--verbose: every trial, numeric parameters as unit coordinates] [--bounds: each best trial on a bound moved inward and evaluated]", Sync(JobsInProcessBenchmark.Run)),
        new("policies-in-process", "early termination on the real learning-curve job (mlp_digits) one trial at a time, in process through the scheduler, cached; epochs, best, and the best had no trial been stopped, beside Optuna's sampler + MedianPruner on the same seeds [--seeds 30] [--first-seed 1] [--trials 40] [--policies none,curve_prediction,median_stopping] [--peers a.json,b.json] [--peer-ends-cached] [--out NAME]", PoliciesInProcessBenchmark.RunAsync),
        new("multi-objective", "hypervolume on ZDT1, ZDT2, DTLZ2 and a mixed trade-off, feasible regret on Gardner's constrained problem, beside Optuna (bench/peers/multi_objective.py) [--seeds 20] [--trials 100] [--problems a,b] [--samplers bayesian,random] [--out NAME]", Sync(MultiObjectiveBenchmark.Run)),
        new("conditional", "a conditional search space (an optimizer tree): Bayesian, Sobol and random beside Optuna 3.1's TPE and Optuna 5's GPSampler, seeds 1..10, 60 trials [--seeds N] [--trials N] [--out NAME]", Sync(ConditionalBenchmark.Run)),
        new("dashboard-scale", "the sweep page (headless Chromium) and 'hypersweep trials' on a 10,000-trial SQLite sweep: first view, live update, CLI time [--trials N] [--runs 3] [--label before|after]", DashboardScaleBenchmark.RunAsync),
        new("stopped-predictions", "offline, on the last policies-in-process run's store and the evaluation cache: the final errors the sampler and each curve reader take for stopped trials, against the truth, by epochs run and distance to the run's best [--policy curve_prediction] [--out NAME]", StoppedPredictionsAnalysis.RunAsync),
        new("report", "assemble bench/RESULTS.md from bench/results/*.md", Sync(_ => ResultsReport.Write())),
    ];

    /// <summary>A benchmark that runs synchronously, as the catalog's asynchronous entry.</summary>
    private static Func<string[], Task> Sync(Action<string[]> run) => args =>
    {
        run(args);
        return Task.CompletedTask;
    };

    /// <summary>The entry named <paramref name="name"/>, or null.</summary>
    public static BenchmarkEntry? Find(string name) => All.FirstOrDefault(b => b.Name == name);

    /// <summary>Prints every benchmark with its usage, names aligned.</summary>
    public static void PrintUsage()
    {
        Console.WriteLine("usage: Hypersweep.Bench <benchmark> [options]");
        var width = All.Max(b => b.Name.Length) + 1;
        foreach (var benchmark in All)
        {
            Console.WriteLine($"  {benchmark.Name.PadRight(width)}{benchmark.Usage}");
        }
    }
}
