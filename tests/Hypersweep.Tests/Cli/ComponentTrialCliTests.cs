using System.Text.Json;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Cli;

/// <summary>Azure ML's <c>trial: ./component.yml</c> (a command component), as the Azure ML tutorials write sweeps; real trial processes.</summary>
public sealed class ComponentTrialCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASweepOverACommandComponent_BindsItsInputs_AndRunsItsCommandInItsCodeFolder()
    {
        _dir.Write("components/src/train.py", """
            import argparse, os, hypersweep
            p = argparse.ArgumentParser()
            p.add_argument("--data")
            p.add_argument("--learning_rate", type=float)
            p.add_argument("--boost", type=int)
            p.add_argument("--verbose", default="absent")
            p.add_argument("--model_output")
            a = p.parse_args()
            with open(os.path.join(a.model_output, "model.txt"), "w") as f:
                f.write(str(a.learning_rate))
            hypersweep.log("score", a.learning_rate * a.boost)
            print(f"data={open(os.path.join(a.data, 'rows.csv')).read().strip()} verbose={a.verbose} cwd={os.path.basename(os.getcwd())}")
            """);
        _dir.Write("data/rows.csv", "42");
        _dir.Write("components/train.yml", $$$"""
            $schema: https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json
            type: command
            name: train_model
            display_name: Train a model
            version: 1
            inputs:
              data: {type: uri_folder}
              learning_rate: {type: number, default: 0.01}
              boost: {type: integer, default: 2}
              verbose: {type: boolean, optional: true}
            outputs:
              model_output: {type: uri_folder}
            code: ./src
            environment: azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu@latest
            command: >-
              {{{Python.Executable}}} train.py --data ${{inputs.data}} --learning_rate ${{inputs.learning_rate}}
              --boost ${{inputs.boost}} $[[--verbose ${{inputs.verbose}}]] --model_output ${{outputs.model_output}}
            """);
        var file = _dir.Write("sweep.yml", """
            $schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json
            type: sweep
            name: component-sweep
            trial: ./components/train.yml
            inputs:
              data: {type: uri_folder, path: ./data}
            search_space:
              learning_rate: {type: choice, values: [0.1, 0.2, 0.3]}
            sampling_algorithm: grid
            objective: {primary_metric: score, goal: maximize}
            limits: {max_total_trials: 3, max_concurrent_trials: 2}
            """);

        var validate = await CliProcess.RunAsync(_dir.Path, "validate", file);
        var run = await CliProcess.RunAsync(_dir.Path, "run", file, "--plain");
        var trials = await CliProcess.RunAsync(_dir.Path, "trials", "component-sweep", "--json");

        Assert.True(validate.ExitCode == 0, validate.Output);
        Assert.Contains("environment", validate.Output, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Output);
        using var json = JsonDocument.Parse(trials.Stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            var lr = row.GetProperty("parameters").GetProperty("learning_rate").GetDouble();
            var folder = row.GetProperty("folder").GetString()!;
            // boost came from its default, data from the sweep's inputs, the optional --verbose was left out.
            Assert.Equal("Completed", row.GetProperty("state").GetString());
            Assert.Equal(lr * 2, row.GetProperty("value").GetDouble(), 12);
            Assert.Equal(lr.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(folder, "outputs", "model_output", "model.txt")));
            var arguments = row.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()).ToList();
            Assert.Equal(["--data", _dir["data"]], arguments.Skip(2).Take(2));
            Assert.DoesNotContain("--verbose", arguments);
            Assert.Contains("data=42 verbose=absent cwd=src", File.ReadAllText(Path.Combine(folder, "stdout.txt")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AComponentThatDoesNotFitTheSweep_IsReportedInTheComponentFile_AtItsLine()
    {
        _dir.Write("train.yml", """
            type: command
            inputs:
              lr: {type: number}
              epochs: {type: integer}
            command: python3 train.py --lr ${{inputs.lr}} --epochs ${{inputs.epochs}} --seed ${{inputs.seed}}
            """);
        var file = _dir.Write("sweep.yml", """
            type: sweep
            trial: ./train.yml
            search_space:
              lr: {type: uniform, min_value: 0, max_value: 1}
              momentum: {type: uniform, min_value: 0, max_value: 1}
            objective: {primary_metric: acc, goal: maximize}
            """);

        var validate = await CliProcess.RunAsync(_dir.Path, "validate", file);
        var missing = await CliProcess.RunAsync(_dir.Path, "validate", _dir.Write("other.yml", File.ReadAllText(file).Replace("./train.yml", "./nothing.yml", StringComparison.Ordinal)));

        Assert.Equal(2, validate.ExitCode);
        Assert.Contains($"{_dir["train.yml"]}:5:10: command: uses ${{{{inputs.epochs}}}}, which has no default: give it in the sweep's search_space or inputs", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains("uses ${{inputs.seed}}, which the component's inputs do not declare", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{file}:2:8: search_space.momentum: is not an input of the component {_dir["train.yml"]} (its inputs: lr, epochs)", validate.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains($"trial: names the component file {_dir["nothing.yml"]}, which does not exist", missing.Stderr, StringComparison.Ordinal);
        await Task.CompletedTask.WaitAsync(Token);
    }
}
