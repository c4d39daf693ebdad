using System.Globalization;
using System.Text;
using System.Text.Json;
using Hypersweep.Cli.Output;
using Hypersweep.Launching;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Trials;

namespace Hypersweep.Cli.Commands;

/// <summary>One trial in full, as <c>hypersweep trials SWEEP TRIAL</c> shows it: state history, parameters, arguments, metrics, folder and the end of its stderr.</summary>
internal static class TrialView
{
    /// <summary>How many lines of stderr are shown.</summary>
    private const int StderrLines = 40;

    /// <summary>A trial id written SWEEPID-NUMBER, as (sweep id, number), or null.</summary>
    public static (string SweepId, string Number)? ParseId(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && text[..dash].All(char.IsAsciiDigit) && text[(dash + 1)..] is { Length: > 0 } n && n.All(char.IsAsciiDigit)
            ? (text[..dash], n)
            : null;
    }

    public static async Task<int> ShowAsync(ISweepStore store, SweepRecord sweep, string which, bool json, CancellationToken cancellationToken)
    {
        var number = ParseId(which) is { } id && id.SweepId == sweep.Id.ToString(CultureInfo.InvariantCulture) ? id.Number : which;
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || await store.GetTrialAsync(sweep.Id, n, cancellationToken) is not { } trial)
        {
            var count = (await store.ListTrialsAsync(sweep.Id, cancellationToken)).Count;
            throw new CliError($"Sweep '{sweep.Name}' (id {sweep.Id}) has no trial '{which}': give a trial number from 0 to {count - 1}, or an id such as {sweep.Id}-0.");
        }

        var events = await store.GetTrialEventsAsync(trial.Id, cancellationToken);
        var metrics = await store.GetMetricsAsync(trial.Id, cancellationToken);
        var folder = sweep.TrialDirectory(trial.Number);
        var stderr = LogTail.LastLines(Path.Combine(folder, "stderr.txt"), StderrLines, window: 256 * 1024, maxLineCharacters: 2000);
        var arguments = TrialArguments.Of(sweep, trial);
        if (json)
        {
            Console.WriteLine(Json.Write(new
            {
                id = trial.DisplayId,
                sweep = sweep.Name,
                number = trial.Number,
                state = trial.State.ToString(),
                message = trial.Message,
                exit_code = trial.ExitCode,
                parameters = JsonDocument.Parse(trial.Parameters.ToJson()).RootElement,
                value = trial.Value,
                arguments,
                folder,
                host = trial.Host,
                process_id = trial.ProcessId,
                history = events.Select(e => new { state = e.State.ToString(), time = e.Time, message = e.Message }),
                metrics = metrics.GroupBy(m => m.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(m => new { value = m.Value, step = m.Step, time = m.Time }).ToList(), StringComparer.Ordinal),
                stderr_tail = stderr,
            }));
            return ExitCodes.Ok;
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Trial {trial.DisplayId} of sweep '{sweep.Name}' (id {sweep.Id}): {trial.State.ToString().ToLowerInvariant()}{(trial.ExitCode is { } code ? $", exit code {code}" : string.Empty)}, {Format.Duration(trial.Duration)}");
        if (trial.State != TrialState.Completed && trial.Message is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Why:        {TrialMessage.Summary(trial.Message)}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  {sweep.Objective.PrimaryMetric}: {Format.Value(trial)} (best logged value, {sweep.Objective.Goal.ToString().ToLowerInvariant()})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Parameters: {trial.Parameters}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Arguments:  {string.Join(' ', arguments.Select(ShellWords.Quote))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Folder:     {folder}");
        if (trial.Host is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Host:       {trial.Host}{(trial.ProcessId is { } pid ? $" (pid {pid})" : string.Empty)}");
        }

        text.AppendLine("  History:");
        foreach (var e in events)
        {
            text.AppendLine($"    {Format.Time(e.Time)}  {e.State.ToString().ToLowerInvariant(),-10}{(e.Message is null ? string.Empty : "  " + TrialMessage.Summary(e.Message))}".TrimEnd());
        }

        var byName = metrics.GroupBy(m => m.Name, StringComparer.Ordinal).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"  Metrics ({byName.Count}):");
        foreach (var g in byName)
        {
            var values = g.Select(m => m.Value).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"    {g.Key}: {values.Count} value{(values.Count == 1 ? string.Empty : "s")}, last {Format.Number(values[^1])}, min {Format.Number(values.Min())}, max {Format.Number(values.Max())}");
        }

        text.AppendLine(stderr.Count == 0 ? "  stderr: empty" : $"  stderr (last {stderr.Count} lines):");
        foreach (var line in stderr)
        {
            text.AppendLine("    " + line);
        }

        Console.Write(text.ToString());
        return ExitCodes.Ok;
    }
}
