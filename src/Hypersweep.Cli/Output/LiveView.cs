using System.Globalization;
using Hypersweep.Launching;
using Hypersweep.Sweeps;
using Hypersweep.Trials;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Hypersweep.Cli.Output;

/// <summary>
/// The live view of a running sweep on a terminal (Spectre.Console): a progress bar with done/total, the elapsed time
/// and an estimate of the time left, the best so far with its trial, a table of the running trials with their latest
/// metric value and interval, and the last trials that ended with why. It is redrawn a few times a second from the
/// sweep's updates; warnings are kept and printed when the view closes. Where a terminal is not there (output
/// redirected, NO_COLOR, --plain), <see cref="ProgressPrinter"/>'s log lines are printed instead.
/// </summary>
internal sealed class LiveView : ISweepProgress
{
    /// <summary>How often the view is redrawn.</summary>
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    /// <summary>How many recently ended trials are listed.</summary>
    private const int RecentCount = 5;

    private readonly Lock _gate = new();
    private readonly IAnsiConsole _console;
    private readonly string _primaryMetric;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<long, TrialRecord> _running = [];
    private readonly Queue<string> _recent = new();
    private readonly List<string> _warnings = [];
    private readonly DateTimeOffset _started;
    private SweepUpdate? _last;
    private string? _stopping;
    private Task _loop = Task.CompletedTask;

    private LiveView(IAnsiConsole console, string primaryMetric, TimeProvider time)
    {
        _console = console;
        _primaryMetric = primaryMetric;
        _time = time;
        _started = time.GetUtcNow();
    }

    /// <summary>True when standard output is a terminal that wants a live view (not redirected, NO_COLOR unset, TERM not dumb).</summary>
    public static bool IsWanted() =>
        !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") is not ("dumb" or null or "");

    /// <summary>Starts drawing on <paramref name="console"/>.</summary>
    public static LiveView Start(IAnsiConsole console, string primaryMetric, TimeProvider time)
    {
        var view = new LiveView(console, primaryMetric, time);
        view._loop = console.Live(new Text(string.Empty)).AutoClear(false).StartAsync(view.DrawAsync);
        return view;
    }

    public void OnUpdate(SweepUpdate update)
    {
        lock (_gate)
        {
            _last = update;
            var trial = update.Trial;
            switch (update.Kind)
            {
                case SweepUpdateKind.TrialStarted or SweepUpdateKind.TrialReported when trial is not null:
                    _running[trial.Id] = trial;
                    break;
                case SweepUpdateKind.TrialFinished when trial is not null:
                    _running.Remove(trial.Id);
                    var why = trial.State is TrialState.Completed ? string.Empty : "  " + TrialMessage.Summary(trial.Message);
                    _recent.Enqueue($"{trial.DisplayId} {trial.State.ToString().ToLowerInvariant()} {_primaryMetric}={Format.Value(trial)} in {Format.Duration(trial.Duration)}{why}");
                    while (_recent.Count > RecentCount)
                    {
                        _recent.Dequeue();
                    }

                    break;
                case SweepUpdateKind.Stopping:
                    _stopping = update.Message;
                    break;
                case SweepUpdateKind.Warning:
                    _warnings.Add(update.Message ?? string.Empty);
                    break;
            }
        }
    }

    /// <summary>Draws the last state, closes the view and prints the warnings it kept.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        foreach (var warning in _warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }
    }

    private async Task DrawAsync(LiveDisplayContext context)
    {
        while (!_stop.IsCancellationRequested)
        {
            context.UpdateTarget(Render());
            try
            {
                await Task.Delay(Refresh, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        context.UpdateTarget(Render());
    }

    /// <summary>The view as it is now.</summary>
    internal IRenderable Render()
    {
        lock (_gate)
        {
            var rows = new List<IRenderable>();
            var elapsed = _time.GetUtcNow() - _started;
            if (_last is not { } u)
            {
                rows.Add(new Markup($"[grey]starting... {Format.Duration(elapsed)}[/]"));
                return new Rows(rows);
            }

            var c = u.Counts;
            var total = Math.Max(1, u.MaxTotalTrials);
            var fraction = Math.Clamp((double)c.Done / total, 0, 1);
            const int Width = 30;
            var filled = (int)Math.Round(fraction * Width);
            var left = c.Done > 0 && c.Done < total ? $"  ~{Format.Duration(elapsed / c.Done * (total - c.Done))} left" : string.Empty;
            rows.Add(new Markup($"[green]{new string('━', filled)}[/][grey]{new string('━', Width - filled)}[/] {c.Done}/{u.MaxTotalTrials} done, {c.Running} running, {c.Failed} failed" +
                (c.Terminated > 0 ? $", {c.Terminated} terminated" : string.Empty) + (c.Canceled > 0 ? $", {c.Canceled} canceled" : string.Empty) +
                $"  [grey]{Format.Duration(elapsed)} elapsed{left}[/]"));
            rows.Add(u.Best is { } best
                ? new Markup($"best [bold]{_primaryMetric}={Markup.Escape(Format.Number(best.Value))}[/] (trial {best.DisplayId}: {Markup.Escape(Format.Parameters(best.Parameters))})")
                : new Markup("[grey]no value yet[/]"));
            if (u.Front.Count > 0)
            {
                rows.Add(new Markup($"Pareto front: {u.Front.Count} trials ({Markup.Escape(string.Join(", ", u.Front.Take(8).Select(t => t.DisplayId)))}{(u.Front.Count > 8 ? ", …" : string.Empty)})"));
            }
            if (_stopping is not null)
            {
                rows.Add(new Markup($"[yellow]stopping: {Markup.Escape(_stopping)}[/]"));
            }

            if (_running.Count > 0)
            {
                var table = new Spectre.Console.Table().Border(TableBorder.Simple).AddColumns("trial", "parameters", _primaryMetric, "interval", "running for");
                foreach (var t in _running.Values.OrderBy(t => t.Number))
                {
                    table.AddRow(
                        t.DisplayId,
                        Markup.Escape(Format.Parameters(t.Parameters)),
                        Markup.Escape(Format.Value(t)),
                        t.Intervals.ToString(CultureInfo.InvariantCulture),
                        t.StartedAt is { } s ? Format.Duration(_time.GetUtcNow() - s) : "-");
                }

                rows.Add(table);
            }

            foreach (var line in _recent)
            {
                rows.Add(new Markup($"[grey]{Markup.Escape(line)}[/]"));
            }

            return new Rows(rows);
        }
    }
}
