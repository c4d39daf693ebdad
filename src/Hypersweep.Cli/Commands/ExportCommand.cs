using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hypersweep.Cli.Output;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Trials;

namespace Hypersweep.Cli.Commands;

/// <summary>
/// <c>hypersweep export SWEEP --format csv|json [--output FILE]</c>: every trial of a sweep with its parameters,
/// objective values, the last value of every metric it logged, state, times and why it ended; full precision.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var store = CommonOptions.Store();
        var format = new Option<string>("--format")
        {
            Description = "csv (one row per trial, for spreadsheets and pandas) or json (the sweep and its trials).",
            DefaultValueFactory = _ => "csv",
        };
        format.AcceptOnlyFromAmong("csv", "json");
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: standard output)." };
        var command = new Command("export", "Export a sweep's trials (parameters, objective values, the last value of every metric, state, times) as CSV or JSON.") { sweepArgument, store, format, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var sweepStore = CommonOptions.OpenForReading(parse.GetValue(store));
            var sweep = await CommonOptions.FindSweepAsync(sweepStore, parse.GetValue(sweepArgument)!, cancellationToken);
            var trials = await sweepStore.ListTrialsAsync(sweep.Id, cancellationToken);
            var metrics = await sweepStore.GetAllSweepMetricsAsync(sweep.Id, cancellationToken);
            var rows = trials.Select(t => (Trial: t, Metrics: BestCommand.FinalMetrics(metrics.TryGetValue(t.Id, out var logged) ? logged : []))).ToList();

            var text = parse.GetValue(format) == "json" ? JsonOf(sweep, rows) : CsvOf(sweep, rows);
            if (parse.GetValue(output) is not { } path)
            {
                Console.Write(text);
                return ExitCodes.Ok;
            }

            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                await File.WriteAllTextAsync(path, text, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliError($"Cannot write the export to {Path.GetFullPath(path)}: {e.Message}");
            }

            Console.WriteLine($"Wrote {trials.Count} trials of sweep '{sweep.Name}' (id {sweep.Id}) to {Path.GetFullPath(path)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// One row per trial: number, id, state, one column per parameter, one per objective (the trial's value by the
    /// sweep's rule), one per logged metric (its last value, as <c>last:NAME</c>), then feasibility, times and message.
    /// </summary>
    private static string CsvOf(SweepRecord sweep, List<(TrialRecord Trial, List<KeyValuePair<string, double>> Metrics)> rows)
    {
        var parameters = rows.SelectMany(r => r.Trial.Parameters.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList();
        var metrics = rows.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder();
        Line(csv, [
            "number", "id", "state", .. parameters, .. sweep.Objectives.Select(o => o.PrimaryMetric), .. metrics.Select(m => "last:" + m),
            "feasible", "duration_seconds", "started_at", "ended_at", "exit_code", "message"]);
        foreach (var (trial, logged) in rows)
        {
            var last = logged.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            Line(csv, [
                trial.Number.ToString(CultureInfo.InvariantCulture),
                trial.DisplayId,
                trial.State.ToString(),
                .. parameters.Select(p => trial.Parameters.TryGetValue(p, out var v) ? v.ToString() : string.Empty),
                .. sweep.Objectives.Select((_, i) => Number(trial.ObjectiveValue(i))),
                .. metrics.Select(m => last.TryGetValue(m, out var v) ? Number(v) : string.Empty),
                trial.IsFeasible ? "true" : "false",
                Number(trial.Duration?.TotalSeconds),
                Time(trial.StartedAt),
                Time(trial.EndedAt),
                trial.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                trial.Message ?? string.Empty]);
        }

        return csv.ToString();
    }

    private static string JsonOf(SweepRecord sweep, List<(TrialRecord Trial, List<KeyValuePair<string, double>> Metrics)> rows) => Json.Write(new
    {
        sweep = BestCommand.SweepJson(sweep),
        trials = rows.Select(r => new
        {
            id = r.Trial.DisplayId,
            number = r.Trial.Number,
            state = r.Trial.State.ToString(),
            parameters = JsonDocument.Parse(r.Trial.Parameters.ToJson()).RootElement,
            values = BestCommand.ObjectiveValuesJson(sweep, r.Trial),
            last_metrics = r.Metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal),
            feasible = r.Trial.IsFeasible,
            infeasibility = r.Trial.Infeasibility,
            duration_seconds = r.Trial.Duration?.TotalSeconds,
            started_at = r.Trial.StartedAt,
            ended_at = r.Trial.EndedAt,
            exit_code = r.Trial.ExitCode,
            message = r.Trial.Message,
            arguments = TrialArguments.Of(sweep, r.Trial),
            folder = sweep.TrialDirectory(r.Trial.Number),
        }),
    }) + Environment.NewLine;

    /// <summary>Appends one CSV record (RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled).</summary>
    private static void Line(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(f => f.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f));
        csv.Append("\r\n");
    }

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    private static string Time(DateTimeOffset? time) => time?.ToString("o", CultureInfo.InvariantCulture) ?? string.Empty;
}
