using System.CommandLine;
using Hypersweep.Cli;
using Hypersweep.Cli.Commands;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Sweeps;

var root = new RootCommand("Hypersweep: hyperparameter sweeps with Azure ML HyperDrive semantics, on this machine or a cluster.");
foreach (var command in new[] { RunCommand.Create(), ResumeCommand.Create(), ResumeTrialsCommand.Create(), WorkerCommand.Create(), ValidateCommand.Create(), SweepsCommand.Create(), TrialsCommand.Create(), BestCommand.Create(), DashboardCommand.Create(), ReportCommand.Create(), ImportanceCommand.Create(), EnqueueCommand.Create(), CancelCommand.Create(), TagCommand.Create(), ExportCommand.Create(), DeleteCommand.Create(), PythonPathCommand.Create() })
{
    root.Subcommands.Add(command);
}

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"hypersweep: {error.Message}");
    }

    Console.Error.WriteLine("Run 'hypersweep --help' for usage.");
    return ExitCodes.BadInput;
}

try
{
    // Ctrl+C and SIGTERM are handled by the commands themselves so running trials get their grace period.
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
}
catch (SweepFileException e)
{
    Console.Error.WriteLine(e.Message);
    return ExitCodes.BadInput;
}
catch (SweepSpecException e)
{
    Console.Error.WriteLine(e.Message);
    return ExitCodes.BadInput;
}
catch (SweepStoreException e)
{
    Console.Error.WriteLine($"hypersweep: {e.Message}");
    return ExitCodes.BadInput;
}
catch (SweepStillRunningException e)
{
    Console.Error.WriteLine($"hypersweep: {e.Message}");
    return ExitCodes.BadInput;
}
catch (CliError e)
{
    Console.Error.WriteLine($"hypersweep: {e.Message}");
    return ExitCodes.BadInput;
}
