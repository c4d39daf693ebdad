using System.Diagnostics;
using System.Text.Json;
using Hypersweep.Storage;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Cli;

/// <summary>
/// Managing recorded sweeps through the hypersweep command, as a user does: cancel a sweep another process runs,
/// tag it, export it, delete it; real processes and a real SQLite file.
/// </summary>
public sealed class SweepManagementCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A sweep NAME.yml of <paramref name="trials"/> trials that log score = x (and loss, twice); they wait while the file 'slow' exists.</summary>
    private string Sweep(string name, int trials, bool wait = false)
    {
        if (wait)
        {
            _dir.Write("slow", string.Empty);
        }

        _dir.Write("step.sh", """
            #!/bin/sh
            echo "##hypersweep[metric] {\"name\": \"loss\", \"value\": 9}"
            while [ -f slow ]; do sleep 0.1; done
            echo "##hypersweep[metric] {\"name\": \"score\", \"value\": $2}"
            echo "##hypersweep[metric] {\"name\": \"loss\", \"value\": $2}"
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        return _dir.Write($"{name}.yml", $$$"""
            type: sweep
            name: {{{name}}}
            trial:
              command: ./step.sh --x ${{search_space.x}} --mode ${{search_space.mode}}
            search_space:
              x: {type: uniform, min_value: 0, max_value: 1}
              mode: {type: choice, values: ["a,b", "plain"]}
            sampling_algorithm: {type: random, seed: 3}
            objective: {primary_metric: score, goal: maximize}
            limits: {max_total_trials: {{{trials}}}, max_concurrent_trials: 2, grace_period: 2}
            """);
    }

    /// <summary>Waits (at most a minute, the machine may be busy) until a run's log shows <paramref name="count"/> started trials.</summary>
    private static async Task WaitForStartsAsync(System.Text.StringBuilder stdout, System.Text.StringBuilder stderr, int count)
    {
        var clock = Stopwatch.StartNew();
        while (Text(stdout).Split(" started ").Length - 1 < count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"{count} trials did not start: {Text(stdout)} {Text(stderr)}");
            await Task.Delay(100, Token);
        }
    }

    private static string Text(System.Text.StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    private async Task<(SweepRecord Sweep, IReadOnlyList<TrialRecord> Trials)> ReadAsync(string name)
    {
        await using var store = SqliteSweepStore.Open(_dir[".hypersweep/hypersweep.db"], create: false);
        var sweep = (await store.FindSweepAsync(name, Token))!;
        return (sweep, await store.ListTrialsAsync(sweep.Id, Token));
    }

    [Fact]
    public async Task Cancel_StopsASweepAnotherProcessRuns_ItsTrialsEndCanceled_AndResumeFinishesIt()
    {
        var file = Sweep("long", trials: 4, wait: true);
        using var run = CliProcess.Start(_dir.Path, ["run", file, "--plain"], out var stdout, out var stderr);
        await WaitForStartsAsync(stdout, stderr, 2);

        var cancel = await CliProcess.RunAsync(_dir.Path, "cancel", "long", "--wait", "30");
        await run.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(20), Token);
        var (sweep, trials) = await ReadAsync("long");

        Assert.True(cancel.ExitCode == 0, cancel.Output);
        Assert.Contains("Sweep 'long' (id 1) canceled: canceled with 'hypersweep cancel'; 2 running trials were canceled. 'hypersweep resume 1' continues it.", cancel.Stdout, StringComparison.Ordinal);
        Assert.Equal(130, run.ExitCode);
        Assert.Equal((SweepState.Canceled, SweepEndReason.CanceledByUser), (sweep.State, sweep.EndReason));
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal((TrialState.Canceled, TrialRecord.CanceledByUser), (t.State, t.Message)));

        File.Delete(_dir["slow"]);
        var resume = await CliProcess.RunAsync(_dir.Path, "resume", "long", "--plain");
        var (resumed, after) = await ReadAsync("long");
        var again = await CliProcess.RunAsync(_dir.Path, "cancel", "long");

        Assert.True(resume.ExitCode == 0, resume.Output);
        Assert.Equal(SweepState.Completed, resumed.State);
        Assert.False(resumed.CancelRequested);
        Assert.Equal(4, after.Count(t => t.State == TrialState.Completed));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Sweep 'long' (id 1) is not running: it ended completed", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_OfASweepNoProcessRuns_RecordsItCanceledAfterTheWait_AndOnlyThenItCanBeDeleted()
    {
        await using (var store = SqliteSweepStore.Open(_dir[".hypersweep/hypersweep.db"], create: true))
        {
            await store.CreateSweepAsync(new NewSweep { Name = "orphan", Spec = "type: sweep\n", Objective = new Objective("acc", Goal.Maximize), Sampler = "random", Seed = 1, CreatedAt = DateTimeOffset.UtcNow }, Token);
        }

        // Recorded Running, so it may have workers elsewhere: not deleted until canceled.
        var refused = await CliProcess.RunAsync(_dir.Path, "delete", "orphan", "--yes");
        var cancel = await CliProcess.RunAsync(_dir.Path, "cancel", "orphan", "--wait", "1", "--json");
        var (sweep, _) = await ReadAsync("orphan");
        var deleted = await CliProcess.RunAsync(_dir.Path, "delete", "orphan", "--yes");

        Assert.True(cancel.ExitCode == 0, cancel.Output);
        Assert.Equal((SweepState.Canceled, "canceled with 'hypersweep cancel' (no process was running it)"), (sweep.State, sweep.Message));
        using var json = JsonDocument.Parse(cancel.Stdout);
        Assert.Equal("Canceled", json.RootElement.GetProperty("sweep").GetProperty("state").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("canceled_trials").GetInt32());
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Sweep 'orphan' (id 1) is still running. Cancel it first ('hypersweep cancel 1'), then delete it.", refused.Stderr, StringComparison.Ordinal);
        Assert.True(deleted.ExitCode == 0, deleted.Output);
    }

    [Fact]
    public async Task Enqueue_IntoARunningSweep_RunsTheQueuedTrialNext_WithinTheBudget()
    {
        var file = _dir.Write("one.yml", File.ReadAllText(Sweep("queued", trials: 3, wait: true)).Replace("max_concurrent_trials: 2", "max_concurrent_trials: 1", StringComparison.Ordinal));
        using var run = CliProcess.Start(_dir.Path, ["run", file, "--plain"], out var stdout, out var stderr);
        await WaitForStartsAsync(stdout, stderr, 1);

        var enqueue = await CliProcess.RunAsync(_dir.Path, "enqueue", "queued", "x=0.125", "mode=a,b");
        await Task.Delay(TimeSpan.FromSeconds(1.5), Token);
        File.Delete(_dir["slow"]);
        await run.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
        var (sweep, trials) = await ReadAsync("queued");

        Assert.True(enqueue.ExitCode == 0, enqueue.Output);
        Assert.Contains("Queued trial 1-1 of sweep 'queued' (id 1): x=0.125 mode=a,b; it starts before the sweep's next sampled trial.", enqueue.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(SweepEndReason.BudgetUsed, sweep.EndReason);
        Assert.Equal(3, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Completed, t.State));
        Assert.Equal((0.125, "a,b"), (trials[1].Parameters["x"].AsDouble(), trials[1].Parameters["mode"].AsString()));
        Assert.Equal(0.125, trials[1].Value);
    }

    [Fact]
    public async Task Enqueue_IntoAFinishedSweep_RunsWhenResumed_AndBadValuesAreRefused()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "run", Sweep("done", trials: 2), "--plain");
        Assert.True(run.ExitCode == 0, run.Output);

        var bad = await CliProcess.RunAsync(_dir.Path, "enqueue", "done", "x=1.5", "mode=plain");
        var enqueue = await CliProcess.RunAsync(_dir.Path, "enqueue", "done", "x=0.75", "mode=plain");
        var second = await CliProcess.RunAsync(_dir.Path, "enqueue", "done", "x=0.5", "mode=a,b", "--json");
        var resume = await CliProcess.RunAsync(_dir.Path, "resume", "done", "--plain");
        var again = await CliProcess.RunAsync(_dir.Path, "resume", "done");
        var (sweep, trials) = await ReadAsync("done");

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Cannot queue this trial for sweep 'done' (id 1): 'x' = 1.5 is not a value of uniform(0, 1) (from 0 to 1).", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("the sweep is completed: 'hypersweep resume 1' runs it.", enqueue.Stdout, StringComparison.Ordinal);
        Assert.True(resume.ExitCode == 0, resume.Output);
        using var queued = JsonDocument.Parse(second.Stdout);
        Assert.Equal(("1-3", "Queued", 0.5), (queued.RootElement.GetProperty("id").GetString(), queued.RootElement.GetProperty("state").GetString(), queued.RootElement.GetProperty("parameters").GetProperty("x").GetDouble()));
        Assert.Equal(4, trials.Count);
        Assert.Equal((TrialState.Completed, 0.75), (trials[2].State, trials[2].Value!.Value));
        Assert.Equal((TrialState.Completed, 0.5), (trials[3].State, trials[3].Value!.Value));
        Assert.Equal(SweepState.Completed, sweep.State);
        Assert.Contains("there is nothing to resume", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunWithSet_ChangesFieldsWithoutEditingTheFile_AndValidateChecksThemLikeTheFile()
    {
        var file = Sweep("base", trials: 6);
        var before = File.ReadAllText(file);

        var bad = await CliProcess.RunAsync(_dir.Path, "validate", file, "--set", "limits.max_total_trials=0");
        var run = await CliProcess.RunAsync(_dir.Path, "run", file, "--plain", "--set", "limits.max_total_trials=2", "--set", "name=quick", "--set", "search_space.x.max_value=0.5");
        var (sweep, trials) = await ReadAsync("quick");

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains($"{file}: limits.max_total_trials: must be a whole number >= 1, got 0", bad.Stderr, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.InRange(t.Parameters["x"].AsDouble(), 0, 0.5));
        Assert.StartsWith("# the sweep file with --set limits.max_total_trials=2 --set name=quick --set search_space.x.max_value=0.5", sweep.Spec, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(file));
    }

    [Fact]
    public async Task Tag_SetsReplacesAndRemovesTags_AndANote_ThatSweepsShows()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "run", Sweep("tagged", trials: 2), "--plain");
        Assert.True(run.ExitCode == 0, run.Output);

        var set = await CliProcess.RunAsync(_dir.Path, "tag", "tagged", "owner=ana", "stage=1", "--note", "first try");
        var replace = await CliProcess.RunAsync(_dir.Path, "tag", "tagged", "stage=2", "--remove", "owner");
        var table = await CliProcess.RunAsync(_dir.Path, "sweeps", "--wide");
        var json = await CliProcess.RunAsync(_dir.Path, "sweeps", "--json");
        var asJson = await CliProcess.RunAsync(_dir.Path, "tag", "tagged", "--json");
        var bad = await CliProcess.RunAsync(_dir.Path, "tag", "tagged", "=novalue");
        var missing = await CliProcess.RunAsync(_dir.Path, "tag", "tagged", "--remove", "owner");

        Assert.Contains("Sweep 'tagged' (id 1): tags owner=ana, stage=1; note: first try", set.Stdout, StringComparison.Ordinal);
        Assert.Contains("Sweep 'tagged' (id 1): tags stage=2; note: first try", replace.Stdout, StringComparison.Ordinal);
        Assert.Contains("stage=2 \"first try\"", table.Stdout, StringComparison.Ordinal);
        using var sweeps = JsonDocument.Parse(json.Stdout);
        var sweep = sweeps.RootElement[0].GetProperty("sweep");
        Assert.Equal("2", sweep.GetProperty("tags").GetProperty("stage").GetString());
        Assert.Equal("first try", sweep.GetProperty("note").GetString());
        using var tagJson = JsonDocument.Parse(asJson.Stdout);
        Assert.Equal(("2", "first try"), (tagJson.RootElement.GetProperty("tags").GetProperty("stage").GetString(), tagJson.RootElement.GetProperty("note").GetString()));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("The tag '=novalue' is not key=value", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("has no tag 'owner' to remove; its tags: stage=2", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WritesEveryTrialWithParametersValuesAndLastMetrics_AsCsvAndJson()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "run", Sweep("exported", trials: 4), "--plain");
        Assert.True(run.ExitCode == 0, run.Output);
        var (_, trials) = await ReadAsync("exported");

        var csv = await CliProcess.RunAsync(_dir.Path, "export", "exported");
        var toFile = await CliProcess.RunAsync(_dir.Path, "export", "exported", "--format", "json", "--output", "out/trials.json");
        var badFormat = await CliProcess.RunAsync(_dir.Path, "export", "exported", "--format", "xml");

        Assert.True(csv.ExitCode == 0, csv.Output);
        var lines = csv.Stdout.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("number,id,state,x,mode,score,last:loss,last:score,feasible,duration_seconds,started_at,ended_at,exit_code,message", lines[0]);
        Assert.Equal(5, lines.Length);
        foreach (var trial in trials)
        {
            var x = trial.Parameters["x"].ToString();
            var mode = trial.Parameters["mode"].AsString();
            // The choice "a,b" is quoted; loss is the last value logged (x), not the first (9).
            var cell = mode.Contains(',', StringComparison.Ordinal) ? $"\"{mode}\"" : mode;
            Assert.Contains(lines, l => l.StartsWith($"{trial.Number},{trial.DisplayId},Completed,{x},{cell},{x},{x},{x},true,", StringComparison.Ordinal));
        }

        Assert.True(toFile.ExitCode == 0, toFile.Output);
        Assert.Contains("Wrote 4 trials of sweep 'exported' (id 1) to ", toFile.Stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(_dir["out/trials.json"]));
        Assert.Equal("exported", json.RootElement.GetProperty("sweep").GetProperty("name").GetString());
        var rows = json.RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(trials.Select(t => t.Value), rows.Select(r => (double?)r.GetProperty("values").GetProperty("score").GetDouble()));
        Assert.All(rows, r => Assert.Equal(r.GetProperty("parameters").GetProperty("x").GetDouble(), r.GetProperty("last_metrics").GetProperty("loss").GetDouble()));
        Assert.Equal(2, badFormat.ExitCode);
    }

    [Fact]
    public async Task Delete_RemovesTheRecordsAndTheFolder_OnlyWithConsent_AndNeverASweepStillRunning()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "run", Sweep("old", trials: 2), "--plain");
        Assert.True(run.ExitCode == 0, run.Output);
        var (old, _) = await ReadAsync("old");
        Assert.True(Directory.Exists(old.ArtifactsDirectory));

        // Without a terminal to ask on, nothing happens without --yes.
        var unasked = await CliProcess.RunAsync(_dir.Path, "delete", "old");
        Assert.Equal(2, unasked.ExitCode);
        Assert.Contains("Not deleting sweep 'old' (id 1, completed, 2 trials) and its folder", unasked.Stderr, StringComparison.Ordinal);
        Assert.Contains("add --yes", unasked.Stderr, StringComparison.Ordinal);
        Assert.True(Directory.Exists(old.ArtifactsDirectory));

        // A sweep another process runs is refused.
        using var running = CliProcess.Start(_dir.Path, ["run", Sweep("busy", trials: 2, wait: true), "--plain"], out var stdout, out var stderr);
        await WaitForStartsAsync(stdout, stderr, 1);

        var refused = await CliProcess.RunAsync(_dir.Path, "delete", "busy", "--yes");
        var resume = await CliProcess.RunAsync(_dir.Path, "resume", "busy");
        File.Delete(_dir["slow"]);
        await running.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.True(refused.ExitCode == 2, refused.Output);
        Assert.Contains("Sweep 'busy' (id 2) is still running. Cancel it first ('hypersweep cancel 2'), then delete it.", refused.Stderr, StringComparison.Ordinal);
        // Its controller's lock is seen on this system too (Linux reports it as EWOULDBLOCK, not a sharing violation).
        Assert.Equal(2, resume.ExitCode);
        Assert.Contains("Sweep 'busy' (id 2) is still being run by another Hypersweep process", resume.Stderr, StringComparison.Ordinal);

        var deleted = await CliProcess.RunAsync(_dir.Path, "delete", "old", "--yes");
        var sweeps = await CliProcess.RunAsync(_dir.Path, "sweeps", "--json");
        var deletedJson = await CliProcess.RunAsync(_dir.Path, "delete", "busy", "--yes", "--json", "--keep-files");

        Assert.True(deleted.ExitCode == 0, deleted.Output);
        Assert.Contains($"Deleted sweep 'old' (id 1) and its 2 trials from {_dir[".hypersweep/hypersweep.db"]}, and its folder {old.ArtifactsDirectory}.", deleted.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(old.ArtifactsDirectory));
        using var json = JsonDocument.Parse(sweeps.Stdout);
        Assert.Equal(["busy"], json.RootElement.EnumerateArray().Select(s => s.GetProperty("sweep").GetProperty("name").GetString()));
        using var gone = JsonDocument.Parse(deletedJson.Stdout);
        Assert.Equal((2L, 2, JsonValueKind.Null), (gone.RootElement.GetProperty("deleted").GetInt64(), gone.RootElement.GetProperty("trials").GetInt32(), gone.RootElement.GetProperty("folder").ValueKind));
    }
}
