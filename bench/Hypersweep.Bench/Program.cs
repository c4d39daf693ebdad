using Hypersweep.Bench;
using Hypersweep.Bench.Benchmarks;

// dotnet run -c Release --project bench/Hypersweep.Bench -- <benchmark> [options]
// Each benchmark writes bench/results/<name>.json and bench/results/<name>.md; 'report' assembles bench/RESULTS.md.
var name = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
try
{
    switch (name)
    {
        case "overhead":
            await OverheadBenchmark.RunAsync(rest);
            break;
        case "pruning":
            await PruningBenchmark.RunAsync(rest);
            break;
        case "workers":
            await WorkersBenchmark.RunAsync(rest);
            break;
        case "sample-efficiency":
            await SampleEfficiencyBenchmark.RunAsync(rest);
            break;
        case "concurrency-sim":
            ConcurrencySimulationBenchmark.Run(rest);
            break;
        case "gp-peer":
            GpPeerBenchmark.Run(rest);
            break;
        case "suggestion-time":
            SuggestionTimeBenchmark.Run(rest);
            break;
        case "real-jobs":
            await RealJobsBenchmark.RunAsync(rest);
            break;
        case "jobs-in-process":
            JobsInProcessBenchmark.Run(rest);
            break;
        case "policies-in-process":
            await PoliciesInProcessBenchmark.RunAsync(rest);
            break;
        case "multi-objective":
            MultiObjectiveBenchmark.Run(rest);
            break;
        case "conditional":
            ConditionalBenchmark.Run(rest);
            break;
        case "dashboard-scale":
            await DashboardScaleBenchmark.RunAsync(rest);
            break;
        case "report":
            ResultsReport.Write();
            break;
        default:
            Console.WriteLine("usage: Hypersweep.Bench <benchmark> [options]");
            Console.WriteLine("  overhead            trials per second (in-process, SQLite) and per-process-trial overhead, beside Optuna");
            Console.WriteLine("  pruning             early-termination policies on the learning-curve problem, beside Optuna's pruners [--seeds 10] [--trials 100] [--samplers random,bayesian] [--policies none,median,...] [--skip-optuna] [--verbose: each seed's noise-free regret]");
            Console.WriteLine("  workers             shared-sweep throughput with 1, 2, 4 and 8 worker processes on PostgreSQL");
            Console.WriteLine("  sample-efficiency   regret of the Bayesian and random samplers on bench/problems.json beside Optuna [--quick] [--seeds N] [--problems a,b] [--samplers bayesian,random] [--concurrency 1,4] [--out NAME]");
            Console.WriteLine("  concurrency-sim     the Bayesian sampler sequential and with 4 concurrent trials on a virtual clock, seeds 1..200 (about 20 min) [--quick] [--seeds N] [--problems a,b] [--out NAME]");
            Console.WriteLine("  gp-peer             the Bayesian sampler beside Optuna 5's GPSampler: regret at 30, 50 and 100 trials, seeds 1..20, sequential and 4 concurrent on a virtual clock; trials on the box's edges [--seeds N] [--problems a,b] [--concurrency N] [--out NAME]");
            Console.WriteLine("  suggestion-time     time per Bayesian suggestion with 50 to 1000 finished trials in 10 dimensions [--quick]");
            Console.WriteLine("  real-jobs           real scikit-learn jobs of bench/workloads run as process trials through the hypersweep command, beside Optuna [--seeds 5] [--first-seed 1] [--trials 40] [--concurrency 2] [--workloads a,b] [--samplers bayesian,random] [--policies median_stopping,truncation50,asha] [--peers FILE] [--out NAME] [--rewrite]");
            Console.WriteLine("  jobs-in-process     a quick check of a sampler change: the Bayesian sampler (and random sampling with --samplers bayesian,random) on the real workloads' evaluate functions in process, sequential, cached; prints medians and means beside Optuna's on the same seeds, writes bench/results/NAME.md with --out NAME [--seeds 5] [--first-seed 1] [--trials 40] [--workloads a,b] [--peers a.json,b.json] [--verbose: every trial, numeric parameters as unit coordinates] [--bounds: each best trial on a bound moved inward and evaluated]");
            Console.WriteLine("  policies-in-process early termination on the real learning-curve job (mlp_digits) one trial at a time, in process through the scheduler, cached; epochs, best, and the best had no trial been stopped, beside Optuna's sampler + MedianPruner on the same seeds [--seeds 30] [--first-seed 1] [--trials 40] [--policies none,curve_prediction,median_stopping] [--peers a.json,b.json] [--out NAME]");
            Console.WriteLine("  multi-objective     hypervolume on ZDT1, ZDT2, DTLZ2 and a mixed trade-off, feasible regret on Gardner's constrained problem, beside Optuna (bench/peers/multi_objective.py) [--seeds 20] [--trials 100] [--problems a,b] [--samplers bayesian,random] [--out NAME]");
            Console.WriteLine("  conditional         a conditional search space (an optimizer tree): Bayesian, Sobol and random beside Optuna 3.1's TPE and Optuna 5's GPSampler, seeds 1..10, 60 trials [--seeds N] [--trials N] [--out NAME]");
            Console.WriteLine("  dashboard-scale     the sweep page (headless Chromium) and 'hypersweep trials' on a 10,000-trial SQLite sweep: first view, live update, CLI time [--trials N] [--runs 3] [--label before|after]");
            Console.WriteLine("  report              assemble bench/RESULTS.md from bench/results/*.md");
            return name == "help" ? 0 : 2;
    }
}
catch (BenchUsageException e)
{
    Console.Error.WriteLine($"{name}: {e.Message}");
    return 2;
}

return 0;
