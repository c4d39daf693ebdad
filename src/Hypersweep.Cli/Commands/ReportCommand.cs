using System.CommandLine;
using Hypersweep.Dashboard.Report;
using Hypersweep.Storage;

namespace Hypersweep.Cli.Commands;

/// <summary><c>hypersweep report SWEEP --out report.html</c>: one self-contained HTML file with the dashboard's charts, to share.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var store = CommonOptions.Store();
        var output = new Option<string?>("--out", "-o") { Description = "The HTML file to write. Default: sweep-ID-NAME.html in the working directory." };
        var command = new Command("report", "Write one self-contained HTML file with a sweep's table and charts (opens offline, in any browser).") { sweepArgument, store, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var sweepStore = CommonOptions.OpenForReading(parse.GetValue(store));
            var sweep = await CommonOptions.FindSweepAsync(sweepStore, parse.GetValue(sweepArgument)!, cancellationToken);
            var html = await SweepReport.RenderAsync(sweepStore, sweep.Id, cancellationToken: cancellationToken);
            var path = Path.GetFullPath(parse.GetValue(output) ?? SweepReport.FileName(sweep));
            try
            {
                var folder = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                await File.WriteAllTextAsync(path, html, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliError($"cannot write the report: {FileErrors.Describe(e, path)}");
            }

            Console.WriteLine($"Wrote the report of sweep '{sweep.Name}' (id {sweep.Id}) to {path} ({new FileInfo(path).Length / 1024} KB).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
