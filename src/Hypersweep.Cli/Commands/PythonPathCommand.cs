using System.CommandLine;
using Hypersweep.Launching;

namespace Hypersweep.Cli.Commands;

/// <summary>
/// <c>hypersweep python-path</c>: writes Hypersweep's Python package (the <c>hypersweep</c> metric module and the
/// Azure ML SDK v1 stand-in: <c>azureml.core</c>, <c>azureml.train.hyperdrive</c>, <c>azureml.widgets</c>) into a
/// folder of its own and prints the folder, for <c>PYTHONPATH</c> or <c>pip install</c>.
/// </summary>
internal static class PythonPathCommand
{
    /// <summary>The environment variable that names the folder instead of the default.</summary>
    public const string FolderVariable = "HYPERSWEEP_PYTHON_DIR";

    public static Command Create()
    {
        var command = new Command(
            "python-path",
            $"Write Hypersweep's Python package (hypersweep, and azureml.core / azureml.train.hyperdrive / azureml.widgets for Azure ML SDK v1 code) and print its folder: export PYTHONPATH=$(hypersweep python-path). The folder is {FolderVariable} or ~/.cache/hypersweep/python-VERSION.");
        command.SetAction(_ =>
        {
            Console.WriteLine(PythonHelpers.Extract(Folder()));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Where the package goes: one folder per Hypersweep version, so two versions never overwrite each other's files.</summary>
    private static string Folder()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } given)
        {
            return Path.GetFullPath(given);
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var version = typeof(PythonHelpers).Assembly.GetName().Version?.ToString() ?? "0";
        return Path.Combine(cache, "hypersweep", $"python-{version}");
    }
}
