using System.Diagnostics;
using Hypersweep.Storage;
using Hypersweep.Tests.Examples;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.AzureMlV1;

/// <summary>
/// Azure ML SDK v1 driver code runs unchanged on Hypersweep: the Python package `hypersweep python-path` writes
/// (azureml.core, azureml.train.hyperdrive, azureml.widgets), its unit tests, and examples/azureml-v1's driver run by a
/// real Python with the real tool and real trials.
/// </summary>
public sealed class AzureMlV1DriverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The package folder as `hypersweep python-path` writes and prints it.</summary>
    private async Task<string> PythonPathAsync()
    {
        var target = Path.Combine(_dir.Path, "python-package");
        var result = await CliProcess.RunAsync(_dir.Path, ["python-path"], new Dictionary<string, string> { ["HYPERSWEEP_PYTHON_DIR"] = target });
        Assert.True(result.ExitCode == 0, result.Output);
        var printed = result.Stdout.Trim();
        Assert.Equal(target, printed);
        Assert.True(File.Exists(Path.Combine(printed, "azureml", "train", "hyperdrive", "__init__.py")), $"python-path wrote no azureml.train.hyperdrive into {printed}");
        return printed;
    }

    private static Task<(int ExitCode, string Output)> RunPythonAsync(string workingDirectory, string pythonPath, params string[] args) =>
        RunWithPackageAsync(Python.WithScikitLearn, workingDirectory, pythonPath, args);

    /// <summary>Runs a program with the package on PYTHONPATH and the built tool as HYPERSWEEP_CLI.</summary>
    private static async Task<(int ExitCode, string Output)> RunWithPackageAsync(string program, string workingDirectory, string pythonPath, params string[] args)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["PYTHONPATH"] = pythonPath;
        info.Environment["HYPERSWEEP_CLI"] = CliProcess.CommandLine;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(4), TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task ThePackagesUnitTests_PassOnTheInstalledPackage()
    {
        var package = await PythonPathAsync();
        var tests = Path.Combine(ExampleProcess.RepositoryRoot, "tests", "python");

        var (exitCode, output) = await RunPythonAsync(_dir.Path, package, "-m", "unittest", "discover", "-s", tests, "-v");

        Assert.True(exitCode == 0, output);
        Assert.Contains("OK", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Ran 0 tests", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePackage_InstallsWithPipOffline_AndItsUnitTestsPassOnTheInstalledCopy()
    {
        var package = await PythonPathAsync();
        var target = Path.Combine(_dir.Path, "site-packages");

        var (installed, installOutput) = await RunPythonAsync(_dir.Path, string.Empty, "-m", "pip", "install", "--no-index", "--no-build-isolation", "--target", target, package);
        Assert.True(installed == 0, installOutput);
        Assert.True(File.Exists(Path.Combine(target, "azureml", "train", "hyperdrive", "runconfig.py")), installOutput);
        Assert.True(File.Exists(Path.Combine(target, "hypersweep.py")), installOutput);

        var tests = Path.Combine(ExampleProcess.RepositoryRoot, "tests", "python");
        var (exitCode, output) = await RunPythonAsync(_dir.Path, target, "-m", "unittest", "discover", "-s", tests);
        Assert.True(exitCode == 0, output);
        Assert.Contains("OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheV1ExampleDriver_RunsUnchanged_AndPrintsTheBestRunWithItsMetricsAndArguments()
    {
        var package = await PythonPathAsync();
        var example = Path.Combine(_dir.Path, "azureml-v1");
        CopyDirectory(Path.Combine(ExampleProcess.RepositoryRoot, "examples", "azureml-v1"), example);

        var (exitCode, output) = await RunPythonAsync(example, package, "driver.py");

        Assert.True(exitCode == 0, output);
        var best = output.Split('\n').Single(l => l.StartsWith("Best Run Id: ", StringComparison.Ordinal))["Best Run Id: ".Length..].Trim();
        Assert.Matches("^HD_[0-9a-f-]{36}_[0-9]+$", best);
        var accuracy = double.Parse(output.Split('\n').Single(l => l.StartsWith("Accuracy: ", StringComparison.Ordinal))["Accuracy: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(accuracy, 0.9, 1.0);
        Assert.Matches(@"Arguments: \['--gamma', '0.5', '--kernel', '(linear|rbf|poly|sigmoid)', '--penalty', '[0-9.e-]+'\]", output);
        Assert.Contains("'outputs/model.joblib'", output, StringComparison.Ordinal);
        Assert.Contains("Registered: sklearn-iris 1", output, StringComparison.Ordinal);
        Assert.Contains("Environment: sklearn-env", output, StringComparison.Ordinal);
        Assert.Contains("Execution Summary", output, StringComparison.Ordinal);

        // The sweep is a Hypersweep sweep like any other: in the store beside config.json, its trials' values match.
        await using var store = await SweepStores.OpenAsync(Path.Combine(example, ".hypersweep", "hypersweep.db"), create: false, TestContext.Current.CancellationToken);
        var sweepName = best[..best.LastIndexOf('_')];
        var sweep = (await store.FindSweepAsync(sweepName, TestContext.Current.CancellationToken))!;
        Assert.Equal(SweepState.Completed, sweep.State);
        var trials = await store.ListTrialsAsync(sweep.Id, TestContext.Current.CancellationToken);
        Assert.Equal(8, trials.Count);
        Assert.Equal(trials.Where(t => t.Value is not null).Max(t => t.Value!.Value), accuracy, 12);
        Assert.All(trials, t => Assert.True(t.State is TrialState.Completed or TrialState.Terminated, $"{t.DisplayId} {t.State}: {t.Message}"));

        // ... and its sweep file, the v2 equivalent, runs with `hypersweep run` as it is.
        var sweepFile = Path.Combine(example, ".hypersweep", "azureml", "svm-iris", sweepName, "sweep.yml");
        var validate = await CliProcess.RunAsync(example, "validate", sweepFile);
        Assert.True(validate.ExitCode == 0, validate.Output);
    }

    [Fact]
    public async Task TheV1Notebook_RunsUnchangedUnderJupyter_ShowingRunDetailsAndTheBestRun()
    {
        var package = await PythonPathAsync();
        var example = Path.Combine(_dir.Path, "azureml-v1");
        CopyDirectory(Path.Combine(ExampleProcess.RepositoryRoot, "examples", "azureml-v1"), example);

        var (exitCode, output) = await RunWithPackageAsync("jupyter", example, package, "nbconvert", "--to", "notebook", "--execute", "hyperdrive.ipynb", "--output", "executed.ipynb");

        Assert.True(exitCode == 0, output);
        using var executed = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(example, "executed.ipynb"), TestContext.Current.CancellationToken));
        var outputs = executed.RootElement.GetProperty("cells").EnumerateArray()
            .SelectMany(c => c.TryGetProperty("outputs", out var o) ? o.EnumerateArray() : Enumerable.Empty<System.Text.Json.JsonElement>())
            .ToList();
        Assert.DoesNotContain(outputs, o => o.GetProperty("output_type").GetString() == "error");
        var text = string.Concat(outputs.Where(o => o.GetProperty("output_type").GetString() == "stream").SelectMany(o => o.GetProperty("text").EnumerateArray()).Select(t => t.GetString()));
        var html = string.Concat(outputs.Where(o => o.GetProperty("output_type").GetString() == "display_data")
            .Select(o => o.GetProperty("data").TryGetProperty("text/html", out var h) ? string.Concat(h.ValueKind == System.Text.Json.JsonValueKind.Array ? h.EnumerateArray().Select(x => x.GetString()) : [h.GetString()]) : string.Empty));

        // The single run the notebook submits first (v1 tutorials do) ran the script once with its defaults.
        Assert.Contains("<b>Run svm-iris-notebook_", html, StringComparison.Ordinal);
        Assert.Matches(@"Single run accuracy: 0\.9[0-9]*", text);

        // RunDetails drew the finished sweep in the notebook: its status, all nine grid points, the chart.
        Assert.Contains("hypersweep-run-details", html, StringComparison.Ordinal);
        Assert.Contains("Completed &mdash; maximize Accuracy, 9 child runs", html, StringComparison.Ordinal);
        Assert.Equal(9, System.Text.RegularExpressions.Regex.Count(html, "<tr><td>HD_"));
        Assert.Contains("Accuracy of each run and the best so far", html, StringComparison.Ordinal);
        Assert.Contains("parallel coordinates of the runs&#x27; hyperparameters and Accuracy", html, StringComparison.Ordinal);
        Assert.Matches(@"Best Run Id: HD_[0-9a-f-]{36}_[0-8]", text);
        Assert.Matches(@"Arguments: \['--gamma', '0.5', '--kernel', '(linear|rbf|poly)', '--penalty', '(0.5|1|1.5)'\]", text);
        Assert.Contains("'outputs/model.joblib'", text, StringComparison.Ordinal);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
