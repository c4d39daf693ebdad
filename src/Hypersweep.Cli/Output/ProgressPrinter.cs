using Hypersweep.Launching;
using Hypersweep.Sweeps;
using Hypersweep.Trials;

namespace Hypersweep.Cli.Output;

/// <summary>Live progress of a running sweep: one line per started and finished trial, with the counts and the best so far.</summary>
internal sealed class ProgressPrinter(TextWriter output, TextWriter errors, string primaryMetric, bool quiet, TimeProvider time) : ISweepProgress
{
    /// <summary>Nothing to close: every line is already written.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void OnUpdate(SweepUpdate update)
    {
        switch (update.Kind)
        {
            case SweepUpdateKind.TrialStarted when !quiet:
                output.WriteLine($"{Now()} trial {update.Trial!.DisplayId} started    {Format.Parameters(update.Trial.Parameters)}");
                break;
            case SweepUpdateKind.TrialFinished:
                var t = update.Trial!;
                var value = $"{primaryMetric}={Format.Value(t)}";
                var note = t.State is TrialState.Completed ? string.Empty : "  " + TrialMessage.Summary(t.Message);
                output.WriteLine($"{Now()} trial {t.DisplayId} {t.State.ToString().ToLowerInvariant(),-10} {value} in {Format.Duration(t.Duration)}{note}");
                output.WriteLine($"{Now()}   {Counts(update)}");
                break;
            case SweepUpdateKind.Stopping:
                output.WriteLine($"{Now()} stopping: {update.Message}");
                break;
            case SweepUpdateKind.Warning:
                errors.WriteLine($"warning: {update.Message}");
                break;
        }

        output.Flush();
    }

    private static string Counts(SweepUpdate u)
    {
        var c = u.Counts;
        var best = u.Best is { } b ? $"best {Format.Number(b.Value)} (trial {b.DisplayId})" : "no value yet";
        var extra = (c.Terminated > 0 ? $", {c.Terminated} terminated" : string.Empty) + (c.Canceled > 0 ? $", {c.Canceled} canceled" : string.Empty);
        var front = u.Front.Count > 0 ? $"; Pareto front {u.Front.Count} trials" : string.Empty;
        return $"done {c.Done}/{u.MaxTotalTrials}, running {c.Running}, failed {c.Failed}{extra}; {best}{front}";
    }

    private string Now() => time.GetLocalNow().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
