using System.Diagnostics;
using Hypersweep.Storage;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Workers;

/// <summary>
/// Many worker processes share one sweep through a real PostgreSQL store: limits hold across them, dead workers'
/// trials run elsewhere, and a worker that stalls and comes back does not record a trial twice.
/// </summary>
public sealed class SharedSweepTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private string _store = null!;
    private Func<Task> _drop = null!;

    public async ValueTask InitializeAsync()
    {
        (_store, _drop) = await Postgres.NewSchemaAsync();
        _dir.Write("trial.sh", "#!/bin/sh\nsleep \"$4\"\necho \"##hypersweep[metric] {\\\"name\\\": \\\"score\\\", \\\"value\\\": $2}\"\n");
    }

    public async ValueTask DisposeAsync()
    {
        await _drop();
        _dir.Dispose();
    }

    private string SweepFile(int trials, int concurrent, string sleep) => _dir.Write("sweep.yml", $$$"""
        type: sweep
        name: shared
        trial:
          command: ./trial.sh --x ${{search_space.x}} --sleep {{{sleep}}}
        search_space:
          x: {type: uniform, min_value: 0, max_value: 1}
        sampling_algorithm: {type: random, seed: 5}
        objective: {primary_metric: score, goal: maximize}
        limits: {max_total_trials: {{{trials}}}, max_concurrent_trials: {{{concurrent}}}, grace_period: 1}
        """);

    private static readonly string[] WorkerOptions = ["--max-local-trials", "2", "--worker-timeout", "3", "--heartbeat", "0.5", "--quiet"];

    [Fact]
    public async Task EightWorkers_TwoKilled_EveryTrialCompletesOnce_AndTheLimitsHold()
    {
        const int Trials = 400;
        const int Concurrent = 6;
        var file = SweepFile(Trials, Concurrent, "0.1");
        var random = new Random(8);
        var workers = new List<Process> { CliProcess.Start(_dir.Path, ["run", file, "--store", _store, "--shared", .. WorkerOptions], out var firstOut, out var firstErr) };
        await WaitForSweepAsync(firstOut, firstErr);
        for (var i = 1; i < 8; i++)
        {
            workers.Add(CliProcess.Start(_dir.Path, ["worker", "shared", "--store", _store, .. WorkerOptions], out _, out _));
        }

        var killed = new List<Process>();
        for (var k = 0; k < 2; k++)
        {
            // At a random moment, a joined worker that holds a trial, so that its death leaves work for the others to
            // take over. (Waiting for one chosen worker could outlast the sweep: with 6 slots among 8 workers, a given
            // worker may never get a trial.)
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 3000)), TestContext.Current.CancellationToken);
            var victim = await WaitUntilOneHoldsATrialAsync([.. workers.Skip(1).Except(killed)]);
            victim.Kill(entireProcessTree: false);
            killed.Add(victim);
        }

        foreach (var worker in workers)
        {
            await worker.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(4), TestContext.Current.CancellationToken);
        }

        Assert.All(workers.Except(killed), w => Assert.Equal(0, w.ExitCode));
        await using var store = await SweepStores.OpenAsync(_store, create: false, TestContext.Current.CancellationToken);
        var sweep = (await store.FindSweepAsync("shared", TestContext.Current.CancellationToken))!;
        var trials = await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken);
        Assert.Equal(SweepState.Completed, sweep.State);
        TrialChains.AssertEachCompletedOnce(trials, Trials, intervals: 1);
        Assert.True(trials.Count > Trials, "no killed worker had a trial running: the test did not exercise re-queueing");
        Assert.True(MaxOverlap(trials) <= Concurrent, $"{MaxOverlap(trials)} trials ran at once; the limit is {Concurrent}");
        Assert.True(trials.Select(t => t.Host + t.ProcessId).Distinct().Count() > 1);
    }

    [Fact]
    public async Task Cancel_StopsEveryWorkerOfASharedSweep_TrialsCanceled_SweepCanceled()
    {
        var file = SweepFile(trials: 40, concurrent: 4, sleep: "30");
        var workers = new List<Process> { CliProcess.Start(_dir.Path, ["run", file, "--store", _store, "--shared", .. WorkerOptions], out var firstOut, out var firstErr) };
        await WaitForSweepAsync(firstOut, firstErr);
        workers.Add(CliProcess.Start(_dir.Path, ["worker", "shared", "--store", _store, .. WorkerOptions], out var secondOut, out var secondErr));
        await using var store = await SweepStores.OpenAsync(_store, create: false, TestContext.Current.CancellationToken);
        var sweep = (await store.FindSweepAsync("shared", TestContext.Current.CancellationToken))!;
        var builder = PostgresSweepStore.ToConnectionString(_store);
        await using (var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var busyWorkers = new Npgsql.NpgsqlCommand("SELECT COUNT(DISTINCT worker) FROM trials WHERE state = 'Running';", connection);
            var clock = Stopwatch.StartNew();
            while (Convert.ToInt64(await busyWorkers.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture) < 2)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "both workers should be running trials");
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        var cancel = await CliProcess.RunAsync(_dir.Path, "cancel", "shared", "--store", _store, "--wait", "30");
        foreach (var worker in workers)
        {
            await worker.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }

        var ended = (await store.GetSweepAsync(sweep.Id, TestContext.Current.CancellationToken))!;
        var trials = await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken);
        Assert.True(cancel.ExitCode == 0, cancel.Output);
        // The workers ended the sweep themselves (not the cancel command after its wait), and handed no trial back.
        Assert.Equal((SweepState.Canceled, SweepEndReason.CanceledByUser, "canceled with 'hypersweep cancel'"), (ended.State, ended.EndReason, ended.Message));
        Assert.DoesNotContain(trials, t => t.State is TrialState.Running or TrialState.Completed or TrialState.Queued);
        Assert.True(trials.Count(t => t.WasCanceledByUser) >= 2, string.Join(", ", trials.Select(t => $"{t.State} {t.Message}")));
        Assert.True(workers.All(w => w.ExitCode == 130), $"exit codes {string.Join(", ", workers.Select(w => w.ExitCode))}: {firstOut}{firstErr}{secondOut}{secondErr}");
    }

    [Fact]
    public async Task AWorkerThatStallsAndComesBack_DoesNotRecordATrialTwice()
    {
        var file = SweepFile(6, 2, "2.5");
        using var first = CliProcess.Start(_dir.Path, ["run", file, "--store", _store, "--shared", "--max-local-trials", "1", "--worker-timeout", "3", "--heartbeat", "0.5"], out var firstOut, out var firstErr);
        await WaitForSweepAsync(firstOut, firstErr);
        using var second = CliProcess.Start(_dir.Path, ["worker", "shared", "--store", _store, "--max-local-trials", "1", "--worker-timeout", "3", "--heartbeat", "0.5"], out _, out _);
        await WaitUntilHoldingATrialAsync(second.Id);
        await WaitUntilHoldingATrialAsync(first.Id);

        await StopOutsideATransactionAsync(first.Id);
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Signal("CONT", first.Id);
        await first.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        await second.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        await using var store = await SweepStores.OpenAsync(_store, create: false, TestContext.Current.CancellationToken);
        var sweep = (await store.FindSweepAsync("shared", TestContext.Current.CancellationToken))!;
        var trials = await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken);
        TrialChains.AssertEachCompletedOnce(trials, 6, intervals: 1);
        var orphan = Assert.Single(trials, t => t.Message?.StartsWith("orphaned: its worker", StringComparison.Ordinal) == true);
        Assert.Empty(await store.GetMetricsAsync(orphan.Id, TestContext.Current.CancellationToken));
        var said = firstErr.ToString() + firstOut;
        Assert.True(said.Contains("was re-queued by another worker while this worker was unreachable", StringComparison.Ordinal), $"the stalled worker did not say its result was discarded:\n{said}");
    }

    [Fact]
    public async Task AWorkerThatComesBack_StopsTheTrialAnotherWorkerTookOver_AtItsNextTick()
    {
        // Both trials run until the file "hold" goes (at most a minute). The first worker stalls past the worker
        // timeout, so the second re-queues its trial; once back, the first must stop its own copy at its next look
        // at the store, not let it run on to an end whose result no longer counts.
        _dir.Write("hold", "");
        _dir.Write("held.sh", "#!/bin/sh\ni=0\nwhile [ -e hold ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\necho \"##hypersweep[metric] {\\\"name\\\": \\\"score\\\", \\\"value\\\": $2}\"\n");
        var file = _dir.Write("sweep.yml", """
            type: sweep
            name: shared
            trial:
              command: ./held.sh --x ${{search_space.x}}
            search_space:
              x: {type: uniform, min_value: 0, max_value: 1}
            sampling_algorithm: {type: random, seed: 5}
            objective: {primary_metric: score, goal: maximize}
            limits: {max_total_trials: 2, max_concurrent_trials: 2, grace_period: 1}
            """);
        string[] options = ["--max-local-trials", "1", "--worker-timeout", "3", "--heartbeat", "0.5"];
        using var first = CliProcess.Start(_dir.Path, ["run", file, "--store", _store, "--shared", .. options], out var firstOut, out var firstErr);
        await WaitForSweepAsync(firstOut, firstErr);
        using var second = CliProcess.Start(_dir.Path, ["worker", "shared", "--store", _store, .. options], out var secondOut, out var secondErr);
        await WaitUntilHoldingATrialAsync(second.Id);
        var trialProcess = await RunningTrialProcessOfAsync(first.Id);

        await StopOutsideATransactionAsync(first.Id);
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Signal("CONT", first.Id);
        var clock = Stopwatch.StartNew();
        while (IsAlive(trialProcess))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the returning worker let its re-queued trial (process {trialProcess}) run on:\n{firstOut}{firstErr}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        File.Delete(Path.Combine(_dir.Path, "hold"));
        await first.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        await second.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        await using var store = await SweepStores.OpenAsync(_store, create: false, TestContext.Current.CancellationToken);
        var sweep = (await store.FindSweepAsync("shared", TestContext.Current.CancellationToken))!;
        var trials = await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken);
        TrialChains.AssertEachCompletedOnce(trials, 2, intervals: 1);
        var said = $"{firstOut}{firstErr}";
        Assert.True(said.Contains("was re-queued by another worker while this worker was unreachable", StringComparison.Ordinal), $"the returning worker did not say its result was discarded:\n{said}{secondOut}{secondErr}");
    }

    /// <summary>The process id of the trial the worker process with this pid runs, once it runs one.</summary>
    private async Task<int> RunningTrialProcessOfAsync(int workerPid)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Hypersweep.Storage.PostgresSweepStore.ToConnectionString(_store).ConnectionString);
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand(
            "SELECT t.pid FROM trials t JOIN workers w ON w.id = t.worker WHERE w.pid = @pid AND t.state = 'Running' AND t.pid IS NOT NULL LIMIT 1;", connection);
        query.Parameters.AddWithValue("pid", workerPid);
        var clock = Stopwatch.StartNew();
        int? trialPid;
        while ((trialPid = await query.ExecuteScalarAsync() as int?) is null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"worker {workerPid} never ran a trial");
            await Task.Delay(20);
        }

        return trialPid.Value;
    }

    /// <summary>True while the process exists and has not exited (a zombie has).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var status = File.ReadAllText($"/proc/{pid}/stat");
            return status[(status.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task WorkersWaitingOnALockedSweep_AreNotTakenForDead()
    {
        // Another session holds the sweep's row lock for longer than the worker timeout (as a worker stopped in the
        // middle of a transaction does): the workers' store calls wait, but waiting is not dying, so when the lock is
        // released nobody re-queues a live worker's trial.
        var file = SweepFile(4, 2, "8");
        using var first = CliProcess.Start(_dir.Path, ["run", file, "--store", _store, "--shared", "--max-local-trials", "1", "--worker-timeout", "3", "--heartbeat", "0.5"], out var firstOut, out var firstErr);
        await WaitForSweepAsync(firstOut, firstErr);
        using var second = CliProcess.Start(_dir.Path, ["worker", "shared", "--store", _store, "--max-local-trials", "1", "--worker-timeout", "3", "--heartbeat", "0.5"], out var secondOut, out var secondErr);
        await WaitUntilHoldingATrialAsync(second.Id);
        await WaitUntilHoldingATrialAsync(first.Id);

        await using (var connection = new Npgsql.NpgsqlConnection(Hypersweep.Storage.PostgresSweepStore.ToConnectionString(_store).ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var tx = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await using (var lockSweep = new Npgsql.NpgsqlCommand("SELECT id FROM sweeps WHERE name = 'shared' FOR UPDATE;", connection, tx))
            {
                await lockSweep.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            await tx.CommitAsync(TestContext.Current.CancellationToken);
        }

        await first.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        await second.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        await using var store = await SweepStores.OpenAsync(_store, create: false, TestContext.Current.CancellationToken);
        var sweep = (await store.FindSweepAsync("shared", TestContext.Current.CancellationToken))!;
        var trials = await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken);
        var said = $"{firstOut}{firstErr}{secondOut}{secondErr}";
        Assert.True(trials.All(t => t.State == TrialState.Completed), $"a trial of a live worker was re-queued:\n{string.Join("\n", trials.Select(t => $"{t.DisplayId} {t.State} {t.Message}"))}\n{said}");
        Assert.Equal(4, trials.Count);
    }

    /// <summary>The most trials recorded as running at the same moment.</summary>
    private static int MaxOverlap(IEnumerable<TrialRecord> trials) => trials
        .Where(t => t.StartedAt is not null)
        .SelectMany(t => new[] { (Time: t.StartedAt!.Value, Delta: 1), (Time: t.EndedAt!.Value, Delta: -1) })
        .OrderBy(e => e.Time).ThenBy(e => e.Delta)
        .Aggregate((Now: 0, Max: 0), (acc, e) => (acc.Now + e.Delta, Math.Max(acc.Max, acc.Now + e.Delta))).Max;

    private static async Task WaitForSweepAsync(System.Text.StringBuilder stdout, System.Text.StringBuilder stderr)
    {
        var clock = Stopwatch.StartNew();
        while (!stdout.ToString().Contains("Sweep 'shared'", StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the sweep did not start: {stdout}{stderr}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until one of these worker processes holds a queued or running trial, and returns it.</summary>
    private async Task<Process> WaitUntilOneHoldsATrialAsync(IReadOnlyList<Process> candidates)
    {
        var builder = Hypersweep.Storage.PostgresSweepStore.ToConnectionString(_store);
        await using var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand(
            "SELECT w.pid FROM trials t JOIN workers w ON w.id = t.worker WHERE w.pid = ANY(@pids) AND t.state IN ('Queued', 'Running') LIMIT 1;", connection);
        query.Parameters.AddWithValue("pids", candidates.Select(c => c.Id).ToArray());
        var clock = Stopwatch.StartNew();
        int? pid;
        while ((pid = await query.ExecuteScalarAsync() as int?) is null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"none of the workers {string.Join(", ", candidates.Select(c => c.Id))} took a trial");
            await Task.Delay(20);
        }

        return candidates.Single(c => c.Id == pid);
    }

    /// <summary>Waits until the worker process with this pid holds a queued or running trial.</summary>
    private async Task WaitUntilHoldingATrialAsync(int pid)
    {
        var builder = Hypersweep.Storage.PostgresSweepStore.ToConnectionString(_store);
        await using var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM trials t JOIN workers w ON w.id = t.worker WHERE w.pid = @pid AND t.state IN ('Queued', 'Running');", connection);
        query.Parameters.AddWithValue("pid", pid);
        var clock = Stopwatch.StartNew();
        while ((long)(await query.ExecuteScalarAsync())! == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"worker {pid} never took a trial");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Stops a worker (SIGSTOP) at a moment it holds no row lock: stopped inside a transaction it would hold up the
    /// other worker too, and which of them then looks dead first is a race rather than the stall this test is about.
    /// </summary>
    private async Task StopOutsideATransactionAsync(int pid)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Hypersweep.Storage.PostgresSweepStore.ToConnectionString(_store).ConnectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Signal("STOP", pid);
            await Task.Delay(100);
            await using var probe = await connection.BeginTransactionAsync();
            try
            {
                await using var rows = new Npgsql.NpgsqlCommand("SELECT id FROM sweeps FOR UPDATE NOWAIT; SELECT id FROM trials FOR UPDATE NOWAIT;", connection, probe);
                await rows.ExecuteNonQueryAsync();
                return;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.LockNotAvailable)
            {
                Signal("CONT", pid);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the worker never stopped outside a transaction");
                await Task.Delay(Random.Shared.Next(20, 200));
            }
            finally
            {
                await probe.RollbackAsync();
            }
        }
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
