using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Hypersweep.Sampling;
using Hypersweep.Sampling.Bayesian;
using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// How long the Bayesian sampler takes to suggest a trial as the history grows: histories of N finished trials in
/// 10 dimensions (uniform parameters, a Levy-10 objective at Sobol-random points), one suggestion asked of a fresh
/// sampler per history, several histories per N. Targets: at most 50 ms with 200 trials and at most 1 s with 1000.
/// Also with three of every four trials stopped early by a policy, each with its learning curve, as a sweep with early
/// termination has them: the sampler then predicts where every stopped curve would have ended.
/// </summary>
internal static class SuggestionTimeBenchmark
{
    private const int Dimensions = 10;
    private const int Steps = 10;

    /// <summary>The intervals of a completed trial's learning curve in the variant with stopped trials.</summary>
    private const int CurveLength = 50;

    public static void Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var sizes = quick ? new[] { 100, 200, 1000 } : new[] { 50, 100, 200, 500, 1000 };
        var repeats = quick ? 3 : 10;
        Console.WriteLine($"suggestion-time: {Dimensions}-d, histories of {string.Join("/", sizes)} finished trials, {repeats} suggestions each, on {MachineInfo.Describe()}");
        var space = new SearchSpace();
        for (var j = 1; j <= Dimensions; j++)
        {
            space.Add($"x{j}", Distributions.Uniform(-10, 10));
        }

        // Warm up the JIT.
        new BayesianSampler(0, Goal.Minimize).Suggest(space, History(space, 30, 0), 1);
        var rows = new List<Row>();
        foreach (var n in sizes)
        {
            foreach (var (pending, stopped) in new[] { (0, false), (3, false), (0, true) })
            {
                var cold = new List<double>();
                var warm = new List<double>();
                var coldCpu = new List<double>();
                var warmCpu = new List<double>();
                for (var r = 0; r < repeats; r++)
                {
                    // One sampler serving a growing history, as in a running sweep: the first call is cold (nothing
                    // cached), the next ones follow trial by trial.
                    var history = History(space, n + Steps + pending, r);
                    var curves = stopped ? StopThreeInFour(history, r) : [];
                    var sampler = new BayesianSampler(r + 1, Goal.Minimize);
                    for (var step = 0; step < Steps; step++)
                    {
                        var view = history.Take(n + step + pending).Select((t, i) => i >= n + step ? t with { State = TrialState.Running, Value = null, Intervals = 0 } : t).ToList();
                        var cpu = ThreadCpuTime.Milliseconds();
                        var clock = Stopwatch.StartNew();
                        var result = sampler.Suggest(space, view, 1, id => curves.GetValueOrDefault(id) ?? []);
                        (step == 0 ? cold : warm).Add(clock.Elapsed.TotalMilliseconds);
                        (step == 0 ? coldCpu : warmCpu).Add(ThreadCpuTime.Milliseconds() - cpu ?? double.NaN);
                        if (result.Count != 1)
                        {
                            throw new InvalidOperationException("no suggestion");
                        }
                    }
                }

                warm.Sort();
                var row = new Row(n, pending, stopped, warm.Average(), warm[warm.Count / 2], warm[^1], cold.Average(), warmCpu.Average(), coldCpu.Average());
                rows.Add(row);
                Console.WriteLine(FormattableString.Invariant($"  {n,5} finished, {pending} running{(stopped ? ", 3 in 4 stopped" : string.Empty)}: in a sweep mean {row.MeanMs:0.0} ms (CPU {row.MeanCpuMs:0.0}), median {row.MedianMs:0.0} ms, max {row.MaxMs:0.0} ms; cold {row.ColdMs:0.0} ms (CPU {row.ColdCpuMs:0.0})"));
            }
        }

        Write(rows, repeats);
    }

    private static List<TrialRecord> History(SearchSpace space, int count, int seed)
    {
        var sampler = new SobolSampler(seed + 100);
        var points = sampler.Suggest(space, [], count);
        var history = new List<TrialRecord>(count);
        for (var i = 0; i < count; i++)
        {
            history.Add(new TrialRecord
            {
                Id = i + 1,
                SweepId = 1,
                Number = i,
                Parameters = points[i],
                State = TrialState.Completed,
                CreatedAt = DateTimeOffset.UnixEpoch,
                Value = Levy(points[i]),
                Intervals = 1,
            });
        }

        return history;
    }

    /// <summary>
    /// Makes three of every four trials of the history stopped early (after 3 to 49 of <see cref="CurveLength"/>
    /// intervals) and gives every trial a learning curve falling to its value; returns the curves by trial id.
    /// </summary>
    private static Dictionary<long, IReadOnlyList<double>> StopThreeInFour(List<TrialRecord> history, int seed)
    {
        var random = new Random(seed + 200);
        var curves = new Dictionary<long, IReadOnlyList<double>>();
        for (var i = 0; i < history.Count; i++)
        {
            var trial = history[i];
            var length = i % 4 == 0 ? CurveLength : random.Next(3, CurveLength);
            var end = trial.Value!.Value;
            List<double> curve = [.. Enumerable.Range(1, length).Select(t => end + (20 * Math.Exp(-0.1 * t)) + random.NextDouble())];
            curves[trial.Id] = curve;
            history[i] = trial with { State = length == CurveLength ? TrialState.Completed : TrialState.Terminated, Value = curve.Min(), Intervals = length };
        }

        return curves;
    }

    private static double Levy(ParameterSet p)
    {
        var w = Enumerable.Range(1, Dimensions).Select(j => 1 + ((p[$"x{j}"].AsDouble() - 1) / 4)).ToArray();
        var s = Math.Pow(Math.Sin(Math.PI * w[0]), 2);
        for (var i = 0; i < Dimensions - 1; i++)
        {
            s += Math.Pow(w[i] - 1, 2) * (1 + (10 * Math.Pow(Math.Sin((Math.PI * w[i]) + 1), 2)));
        }

        return s + (Math.Pow(w[^1] - 1, 2) * (1 + Math.Pow(Math.Sin(2 * Math.PI * w[^1]), 2)));
    }

    private static void Write(List<Row> rows, int repeats)
    {
        var optuna = OptunaTpe();
        var json = JsonSerializer.Serialize(new { date_utc = DateTime.UtcNow, machine = MachineInfo.Describe(), dimensions = Dimensions, repeats, rows, optuna_tpe_ms_per_trial = optuna }, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(BenchPaths.Results, "suggestion-time.json"), json);
        var md = new StringBuilder();
        md.AppendLine("## Suggestion time of the Bayesian sampler");
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"Run {DateTime.UtcNow:yyyy-MM-dd} on {MachineInfo.Describe()}. `dotnet run -c Release --project bench/Hypersweep.Bench -- suggestion-time`."));
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"Time of `Suggest` (one suggestion) on histories of N to N+{Steps - 1} finished trials in {Dimensions} dimensions (uniform(-10, 10) each, Levy-10 values at scrambled Sobol points), {repeats} histories per N, each served trial by trial by one `BayesianSampler` as in a running sweep; \"3 running\" adds three pending trials that the sampler fantasizes. \"In a sweep\" covers the {Steps - 1} calls after the first, including the hyperparameter refits that fall among them; \"cold\" is the first call of a fresh sampler (a resumed sweep), which fits the hyperparameters from scratch. Each call builds the model anew (output transform, posterior, acquisition search: 2,048 candidates and 8 L-BFGS refinements, shrinking in proportion to no less than 40% of the candidates, and to 4 refinements, past 100 observations); the hyperparameters are refitted for every trial up to 40 observations and then at every 10% of growth, a pure function of the history prefix that is cached. The model conditions on at most 300 observations (the best third and an even spread of the rest) and fits its hyperparameters on at most 100, which is what bounds the time at 1000 trials."));
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"\"3 in 4 stopped\": three of every four finished trials were stopped early by a policy (after 3 to 49 of {CurveLength} intervals, the others completed), each with its learning curve, so the sampler predicts where each stopped curve would have ended (its own extrapolation, or the model over parameters and progress for the shortest) before it builds its model."));
        md.AppendLine();
        md.AppendLine("| finished trials | running | stopped early | mean ms in a sweep (wall) | mean CPU ms | median ms (wall) | max ms (wall) | cold ms (wall) | cold CPU ms |");
        md.AppendLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            md.AppendLine(FormattableString.Invariant($"| {r.Finished} | {r.Running} | {(r.Stopped ? "3 in 4" : "none")} | {r.MeanMs:0.0} | {r.MeanCpuMs:0.0} | {r.MedianMs:0.0} | {r.MaxMs:0.0} | {r.ColdMs:0.0} | {r.ColdCpuMs:0.0} |"));
        }

        md.AppendLine();
        var at200 = rows.Where(r => r.Finished == 200 && r.Running == 0 && !r.Stopped).Select(r => r.MeanMs).DefaultIfEmpty(double.NaN).First();
        var at1000 = rows.Where(r => r.Finished == 1000 && r.Running == 0 && !r.Stopped).Select(r => r.MeanMs).DefaultIfEmpty(double.NaN).First();
        var cpu200 = rows.Where(r => r.Finished == 200 && r.Running == 0 && !r.Stopped).Select(r => r.MeanCpuMs).DefaultIfEmpty(double.NaN).First();
        var cpu1000 = rows.Where(r => r.Finished == 1000 && r.Running == 0 && !r.Stopped).Select(r => r.MeanCpuMs).DefaultIfEmpty(double.NaN).First();
        var cold200 = rows.Where(r => r.Finished == 200 && r.Running == 0 && !r.Stopped).Select(r => r.ColdMs).DefaultIfEmpty(double.NaN).First();
        var cold1000 = rows.Where(r => r.Finished == 1000 && r.Running == 0 && !r.Stopped).Select(r => r.ColdMs).DefaultIfEmpty(double.NaN).First();
        md.AppendLine(FormattableString.Invariant($"Targets (mean per suggestion in a running sweep): at most 50 ms with 200 finished trials in 10 dimensions: {at200:0.0} ms wall clock, {cpu200:0.0} ms of CPU ({(at200 <= 50 ? "met" : cpu200 <= 50 ? "met in CPU time, NOT in wall time on this shared machine" : "NOT met")}); at most 1 s with 1000: {at1000:0} ms wall, {cpu1000:0} ms CPU ({(at1000 <= 1000 ? "met" : "NOT met")}). A cold call takes {cold200:0} ms at 200 and {cold1000:0} ms at 1000 (wall). CPU time is the calling thread's (getrusage), which is what the sampler costs when it has a core to itself; wall time also counts waiting for one."));
        md.AppendLine();
        md.AppendLine($"For comparison, Optuna 3.1's TPE takes {optuna} per ask+tell (bench/optuna-baseline.json, overhead section; 25 ms at 100 trials and 70 ms at 1000 in the issue's summary). The machine is shared with other engineers' builds and benchmarks (load averages of roughly 7 to 18 on its 2 cores while these benchmarks ran), so absolute times carry noise, the maxima most of all.");
        File.WriteAllText(Path.Combine(BenchPaths.Results, "suggestion-time.md"), md.ToString());
        Console.WriteLine("wrote bench/results/suggestion-time.json and .md");
    }

    private static string OptunaTpe()
    {
        var path = Path.Combine(BenchPaths.BenchDirectory, "optuna-baseline.json");
        if (!File.Exists(path))
        {
            return "(no baseline file)";
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (doc.RootElement.TryGetProperty("overhead", out var overhead) && overhead.TryGetProperty("summary", out var summary))
        {
            foreach (var key in new[] { "tpe/memory", "tpe/sqlite" })
            {
                if (summary.TryGetProperty(key, out var s) && s.TryGetProperty("median_ms_at", out var at))
                {
                    return string.Join(", ", at.EnumerateObject().Select(p => FormattableString.Invariant($"{p.Value.GetDouble():0.#} ms at {p.Name}"))) + $" ({key})";
                }
            }
        }

        return "25 ms at 100 trials and 70 ms at 1000";
    }

    private sealed record Row(int Finished, int Running, bool Stopped, double MeanMs, double MedianMs, double MaxMs, double ColdMs, double MeanCpuMs, double ColdCpuMs);
}
