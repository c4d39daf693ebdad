using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hypersweep.Storage;
using Npgsql;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// Throughput of a shared sweep in a PostgreSQL store with 1, 2, 4 and 8 worker processes (the real hypersweep
/// command, on this machine), each running up to 2 trials at once; every trial is a short process (a shell that sleeps
/// and prints one metric line). Measured: trials per second from the first trial's start to the last one's end.
/// </summary>
internal static class WorkersBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var url = Environment.GetEnvironmentVariable("HYPERSWEEP_TEST_POSTGRES") ?? "postgresql://hypersweep:hypersweep@127.0.0.1:5432/hypersweep";
        var trials = args.Length > 1 && args[0] == "--trials" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 240;
        const double Sleep = 0.2;
        Console.WriteLine($"workers: {trials} trials of {Sleep} s each, PostgreSQL at {SweepStores.Redact(url)}, on {MachineInfo.Describe()}");
        var rows = new List<(int Workers, double Seconds, double TrialsPerSecond, int Completed, int Hosts)>();
        foreach (var workers in new[] { 1, 2, 4, 8 })
        {
            var schema = $"bench_workers_{workers}_{Guid.NewGuid().ToString("N")[..6]}";
            var dir = BenchPaths.Scratch($"workers-{workers}");
            File.WriteAllText(Path.Combine(dir, "trial.sh"), "#!/bin/sh\nsleep \"$4\"\necho \"##hypersweep[metric] {\\\"name\\\": \\\"score\\\", \\\"value\\\": $2}\"\n");
            File.SetUnixFileMode(Path.Combine(dir, "trial.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.WriteAllText(Path.Combine(dir, "sweep.yml"), $$$"""
                type: sweep
                name: bench
                trial:
                  command: ./trial.sh --x ${{search_space.x}} --sleep {{{Sleep.ToString(CultureInfo.InvariantCulture)}}}
                search_space:
                  x: {type: uniform, min_value: 0, max_value: 1}
                sampling_algorithm: {type: random, seed: 1}
                objective: {primary_metric: score, goal: maximize}
                limits: {max_total_trials: {{{trials}}}, max_concurrent_trials: 16}
                """);
            var store = $"{url}?search_path={schema}";
            string[] common = ["--store", store, "--max-local-trials", "2", "--quiet"];
            var processes = new List<Process> { HypersweepCli.Start(dir, ["run", "sweep.yml", "--shared", .. common]) };
            await WaitForSweepAsync(store);
            for (var i = 1; i < workers; i++)
            {
                processes.Add(HypersweepCli.Start(dir, ["worker", "bench", .. common]));
            }

            foreach (var p in processes)
            {
                await p.WaitForExitAsync();
            }

            await using (var s = await SweepStores.OpenAsync(store, create: false))
            {
                var sweep = (await s.FindSweepAsync("bench"))!;
                var all = await s.ListTrialsAsync(sweep.Id);
                var seconds = (all.Max(t => t.EndedAt!.Value) - all.Min(t => t.StartedAt!.Value)).TotalSeconds;
                var completed = all.Count(t => t.State == Trials.TrialState.Completed);
                rows.Add((workers, seconds, completed / seconds, completed, all.Select(t => t.ProcessId).Distinct().Count()));
                Console.WriteLine($"  {workers} worker(s): {completed} trials in {seconds:0.0} s = {completed / seconds:0.0} trials/s");
            }

            await using var connection = new NpgsqlConnection(PostgresSweepStore.ToConnectionString(url).ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE;", connection);
            await drop.ExecuteNonQueryAsync();
        }

        File.WriteAllText(Path.Combine(BenchPaths.Results, "workers.json"), JsonSerializer.Serialize(new { date_utc = DateTime.UtcNow, machine = MachineInfo.Describe(), trials, trial_seconds = Sleep, rows = rows.Select(r => new { r.Workers, r.Seconds, r.TrialsPerSecond, r.Completed }) }, new JsonSerializerOptions { WriteIndented = true }));
        var md = new StringBuilder();
        md.AppendLine("## Many workers, one sweep (PostgreSQL)");
        md.AppendLine();
        md.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd} on {MachineInfo.Describe()}, PostgreSQL 15 on 127.0.0.1 (scripts/start-postgres.sh). `dotnet run -c Release --project bench/Hypersweep.Bench -- workers`.");
        md.AppendLine();
        md.AppendLine($"One shared sweep of {trials} trials; each trial is a process that sleeps {Sleep} s and prints one metric line. Each worker is a separate `hypersweep` process (the first `run --shared`, the others `worker`) running up to 2 trials at once; the sweep allows 16. Trials are reserved through the store (the sweep row locked, queued trials claimed with `FOR UPDATE SKIP LOCKED`), so no trial runs twice and the limits hold across workers. Throughput is counted from the first trial's start to the last trial's end.");
        md.AppendLine();
        md.AppendLine("| workers | trials | seconds | trials/s | speed-up |");
        md.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            md.AppendLine($"| {r.Workers} | {r.Completed} | {r.Seconds:0.0} | {r.TrialsPerSecond:0.0} | {r.TrialsPerSecond / rows[0].TrialsPerSecond:0.00}x |");
        }

        md.AppendLine();
        md.AppendLine($"With 2 trials per worker, one worker can do at most {2 / Sleep:0} trials/s; every worker runs on the same 2-core machine here, so past a few workers the processes compete for the two cores (starting a trial process, the workers' own work) rather than for the store.");
        File.WriteAllText(Path.Combine(BenchPaths.Results, "workers.md"), md.ToString());
    }

    private static async Task WaitForSweepAsync(string store)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                await using var s = await SweepStores.OpenAsync(store, create: false);
                if (await s.FindSweepAsync("bench") is not null)
                {
                    return;
                }
            }
            catch (SweepStoreException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the sweep was not created");
    }
}
