using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.SweepFiles;
using Hypersweep.Termination;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.SweepFiles;

public sealed class SweepFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SweepSpec Load(string yaml) => SweepFile.Load(_dir.Write("sweep.yml", yaml));

    private SweepFileException Invalid(string yaml) => Assert.Throws<SweepFileException>(() => Load(yaml));

    private const string Valid = """
        $schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json
        type: sweep
        name: mnist-sweep
        display_name: MNIST
        experiment_name: mnist
        description: a sweep
        tags: {team: ml}
        trial:
          command: python train.py --lr ${{search_space.lr}} --layers ${{search_space.layers}} --data ${{inputs.data}}
          code: ./src
          environment_variables:
            OMP_NUM_THREADS: 1
        inputs:
          data:
            type: uri_folder
            path: ./data
        search_space:
          lr:
            type: loguniform
            min_value: -9
            max_value: -2
          layers:
            type: choice
            values: [1, 2, 3]
          act: "choice('relu', 'tanh')"
          dropout: {type: quniform, min_value: 0, max_value: 0.5, q: 0.1}
          batch: {type: randint, upper: 4}
          w: {type: qlognormal, mu: 0, sigma: 1, q: 0.5}
        sampling_algorithm:
          type: random
          seed: 42
          rule: sobol
        objective:
          primary_metric: accuracy
          goal: Maximize
        limits:
          max_total_trials: 40
          max_concurrent_trials: 4
          timeout: 3600
          trial_timeout: 600
          grace_period: 2.5
        early_termination:
          type: bandit
          evaluation_interval: 2
          delay_evaluation: 5
          slack_factor: 0.1
        """;

    [Fact]
    public void AzureSweepFile_LoadsEveryField()
    {
        Directory.CreateDirectory(_dir["src"]);
        var spec = Load(Valid);

        Assert.Equal("mnist-sweep", spec.Name);
        Assert.Equal(["lr", "layers", "act", "dropout", "batch", "w"], spec.SearchSpace.Names);
        Assert.Equal(new LogUniformDistribution(-9, -2), spec.SearchSpace["lr"]);
        Assert.Equal(Distributions.Choice(1, 2, 3), spec.SearchSpace["layers"]);
        Assert.Equal(Distributions.Choice("relu", "tanh"), spec.SearchSpace["act"]);
        Assert.Equal(new QUniformDistribution(0, 0.5, 0.1), spec.SearchSpace["dropout"]);
        Assert.Equal(new RandIntDistribution(4), spec.SearchSpace["batch"]);
        Assert.Equal(new QLogNormalDistribution(0, 1, 0.5), spec.SearchSpace["w"]);
        Assert.Equal(new SamplingSpec(SamplingAlgorithm.Random, 42, SamplingRule.Sobol), spec.Sampling);
        Assert.Equal(new Objective("accuracy", Goal.Maximize), spec.Objective);
        Assert.Equal(40, spec.Limits.MaxTotalTrials);
        Assert.Equal(4, spec.Limits.MaxConcurrentTrials);
        Assert.Equal(TimeSpan.FromHours(1), spec.Limits.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(10), spec.Limits.TrialTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2.5), spec.Limits.GracePeriod);
        Assert.Equal(new BanditSpec { EvaluationInterval = 2, DelayEvaluation = 5, SlackFactor = 0.1 }, spec.EarlyTermination);
        Assert.Equal(_dir["src"], spec.Trial!.CodeDirectory);
        Assert.Equal("1", spec.Trial.EnvironmentVariables["OMP_NUM_THREADS"]);
        Assert.Equal(_dir["data"], spec.Trial.Inputs["data"]);
        Assert.Empty(spec.Warnings);
    }

    [Fact]
    public void TrialCommand_RendersPlaceholdersAndInputs_AsSeparateArguments()
    {
        Directory.CreateDirectory(_dir["src"]);
        var spec = Load(Valid);
        var parameters = new ParameterSet([
            new("lr", ParameterValue.Of(0.001)), new("layers", ParameterValue.Of(2L)), new("act", ParameterValue.Of("leaky relu")),
            new("dropout", ParameterValue.Of(0.2)), new("batch", ParameterValue.Of(1L)), new("w", ParameterValue.Of(1.5)),
        ]);

        var args = spec.Trial!.Command.Render(parameters, spec.Trial.Inputs);

        Assert.Equal(["python", "train.py", "--lr", "0.001", "--layers", "2", "--data", _dir["data"]], args);
    }

    [Fact]
    public void AzureOnlyFields_AreAcceptedWithAWarningThatNamesTheLine()
    {
        var spec = Load("""
            type: sweep
            compute: azureml:gpu-cluster
            trial:
              command: python train.py
              environment: azureml:AzureML-pytorch@latest
              resources: {instance_count: 1}
            search_space: {x: {type: uniform, min_value: 0, max_value: 1}}
            objective: {primary_metric: loss, goal: minimize}
            """);

        Assert.Equal(3, spec.Warnings.Count);
        Assert.Contains(spec.Warnings, w => w.Contains("sweep.yml:2:", StringComparison.Ordinal) && w.Contains("'compute'", StringComparison.Ordinal));
        Assert.Contains(spec.Warnings, w => w.Contains("'trial.environment'", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_AreRandomSamplingAThousandTrialsAndNoPolicy()
    {
        var spec = Load("""
            type: sweep
            trial: {command: ./train.sh}
            search_space: {x: "uniform(0, 1)"}
            objective: {primary_metric: loss, goal: minimize}
            """);

        Assert.Equal(new SamplingSpec(), spec.Sampling);
        Assert.Equal(1000, spec.Limits.MaxTotalTrials);
        Assert.Equal(Math.Min(Environment.ProcessorCount, 1000), spec.Limits.EffectiveMaxConcurrentTrials);
        Assert.Null(spec.EarlyTermination);
        Assert.Equal(_dir.Path, spec.Trial!.CodeDirectory);
        Assert.Equal("sweep", spec.EffectiveName);
    }

    [Fact]
    public void EveryProblem_IsReportedAtOnce_WithLineFieldAndRule()
    {
        var error = Invalid("""
            type: sweeep
            trial:
              command: python train.py --lr ${{search_space.lrr}}
            search_space:
              lr: {type: uniform, min_value: 5, max_value: 1}
              n: {type: choice, values: []}
              s: {type: normal, mu: 0, sigma: -1}
              q: "quniform(1, 10, 0)"
            objective: {primary_metric: acc, goal: maximise}
            limits: {max_total_trials: 0, max_concurrent_trials: -2, timeout: -3}
            early_termination: {type: truncation_selection, truncation_percentage: 100}
            colour: blue
            """);

        var lines = error.Errors.Select(e => (e.Line, e.Field)).ToList();
        Assert.Contains((1, "type"), lines);
        // The full path of the key at fault, at its line.
        Assert.Contains((5, "search_space.lr.max_value"), lines);
        Assert.Contains((6, "search_space.n.values"), lines);
        Assert.Contains((7, "search_space.s.sigma"), lines);
        Assert.Contains((8, "search_space.q"), lines);
        Assert.Contains((9, "objective.goal"), lines);
        Assert.Contains((10, "limits.max_total_trials"), lines);
        Assert.Contains((10, "limits.max_concurrent_trials"), lines);
        Assert.Contains((10, "limits.timeout"), lines);
        Assert.Contains((11, "early_termination.truncation_percentage"), lines);
        Assert.Contains((12, "colour"), lines);
        Assert.Contains("uniform needs min_value < max_value, got min_value=5, max_value=1.", error.Message, StringComparison.Ordinal);
        Assert.Contains("normal needs sigma > 0, got sigma=-1.", error.Message, StringComparison.Ordinal);
        Assert.Contains("quniform needs q > 0, got q=0.", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be maximize or minimize, got 'maximise'", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be a whole number from 1 to 99, got 100", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(_dir["sweep.yml"] + ":1:7: type: ", error.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PlaceholderForAnUnknownParameter_IsAnErrorNamingTheKnownOnes()
    {
        var error = Invalid("""
            type: sweep
            trial:
              command: python train.py --lr ${{search_space.lrr}}
            search_space: {lr: "uniform(0, 1)", momentum: "uniform(0, 1)"}
            objective: {primary_metric: acc, goal: maximize}
            """);

        var problem = Assert.Single(error.Errors);
        Assert.Equal(3, problem.Line);
        Assert.Equal("trial.command", problem.Field);
        Assert.Contains("${{search_space.lrr}}", problem.Message, StringComparison.Ordinal);
        Assert.Contains("lr, momentum", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShellOperatorsInTheCommand_AreRefusedBecauseThereIsNoShell()
    {
        var error = Invalid("""
            type: sweep
            trial: {command: "python train.py > log.txt"}
            search_space: {lr: "uniform(0, 1)"}
            objective: {primary_metric: acc, goal: maximize}
            """);

        Assert.Contains("shell operator '>'", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GridSampling_OverANonChoiceParameter_IsAnErrorNamingTheParameter()
    {
        var error = Invalid("""
            type: sweep
            trial: {command: python train.py}
            search_space: {lr: "uniform(0, 1)", layers: "choice(1, 2)"}
            sampling_algorithm: grid
            objective: {primary_metric: acc, goal: maximize}
            """);

        var problem = Assert.Single(error.Errors);
        Assert.Equal("sampling_algorithm", problem.Field);
        Assert.Equal(4, problem.Line);
        Assert.Contains("'lr' is uniform(0, 1)", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("early_termination: {type: bandit}", "exactly one of slack_factor and slack_amount")]
    [InlineData("early_termination: {type: bandit, slack_factor: 0.1, slack_amount: 0.2}", "exactly one of slack_factor and slack_amount")]
    [InlineData("early_termination: {type: median_stopping, slack_factor: 0.1}", "median_stopping does not take slack_factor")]
    [InlineData("early_termination: {type: hyperdrive}", "must be one of bandit, median_stopping, truncation_selection, asha, hyperband, curve_prediction")]
    [InlineData("early_termination: {type: bandit, slack_factor: 0.1, delay_evaluation: -1}", "delay_evaluation: must be a whole number >= 0, got -1")]
    [InlineData("early_termination: {type: curve_prediction}", "early_termination.max_resource: is required: the number of intervals a full trial logs")]
    [InlineData("early_termination: {type: curve_prediction, max_resource: 30, min_completed: 0}", "early_termination.min_completed: must be a whole number >= 1, got 0")]
    [InlineData("sampling_algorithm: {type: random, rule: halton}", "must be random or sobol, got 'halton'")]
    [InlineData("sampling_algorithm: {type: random, seed: 1.5}", "must be a whole number, got 1.5")]
    [InlineData("limits: {max_total_trials: many}", "must be a whole number, got 'many'")]
    [InlineData("objective: {primary_metric: acc}", "objective.goal: is required")]
    [InlineData("search_space: {x: {type: gaussian, mu: 0, sigma: 1}}", "unknown expression 'gaussian'")]
    [InlineData("search_space: {x: {type: uniform, min_value: 0}}", "max_value: is required by uniform")]
    [InlineData("search_space: {x: {type: choice, values: [{a: 1}]}}", "search_space.x.values[0].a: unknown field; a choice value that brings parameters is a mapping of value")]
    [InlineData("search_space: {x: \"uniform(0, 1\"}", "expected ')'")]
    public void InvalidSettings_GetAClearMessage(string line, string expected)
    {
        var baseFile = new Dictionary<string, string>
        {
            ["type"] = "type: sweep",
            ["trial"] = "trial: {command: python train.py}",
            ["search_space"] = "search_space: {x: \"uniform(0, 1)\"}",
            ["objective"] = "objective: {primary_metric: acc, goal: maximize}",
        };
        baseFile[line[..line.IndexOf(':', StringComparison.Ordinal)]] = line;

        var error = Invalid(string.Join("\n", baseFile.Values));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_IsAClearError()
    {
        var error = Assert.Throws<SweepFileException>(() => SweepFile.Load(_dir["nope.yml"]));
        Assert.Contains("the file does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenYaml_IsReportedWithItsLine()
    {
        var error = Invalid("type: sweep\ntrial: {command: [unclosed\n");
        Assert.Contains("not valid YAML", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
        Assert.True(error.Errors[0].Line >= 2, error.Message);
    }

    [Fact]
    public void MissingRequiredSections_AreEachReported()
    {
        var error = Invalid("type: sweep\n");
        Assert.Equal(["objective", "search_space", "trial"], error.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void EveryExpressionType_IsWrittenWithItsSignaturesNames_AndReadsBackEqual()
    {
        Directory.CreateDirectory(_dir["src"]);
        var valid = Load(Valid);
        var every = new SearchSpace
        {
            { "c", Distributions.Choice(16L, 32L) }, { "r", Distributions.RandInt(8) }, { "u", Distributions.Uniform(-1, 2.5) },
            { "lu", Distributions.LogUniform(-9.2, 0) }, { "n", Distributions.Normal(0.5, 2) }, { "ln", Distributions.LogNormal(1, 0.5) },
            { "qu", Distributions.QUniform(4, 32, 2) }, { "qlu", Distributions.QLogUniform(0, 5, 10) }, { "qn", Distributions.QNormal(10, 3, 1) },
            { "qln", Distributions.QLogNormal(2, 0.3, 5) },
        };

        var space = new SearchSpace(valid.SearchSpace.Concat(every));
        var written = SweepFileWriter.Write(valid with { SearchSpace = space });
        var again = SweepFile.Parse(written, _dir["again.yml"]);

        Assert.Contains("  qln:\n    type: qlognormal\n    mu: 2\n    sigma: 0.3\n    q: 5\n", written.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(space.ToString(), again.SearchSpace.ToString());
        Assert.Equal(["lu", "ln", "qlu", "qln"], again.SearchSpace.Where(p => every.Any(e => e.Key == p.Key) && p.Value.IsLogScaled).Select(p => p.Key));
    }

    [Fact]
    public void WrittenSpec_LoadsBackEqual()
    {
        Directory.CreateDirectory(_dir["src"]);
        var spec = Load(Valid);

        var written = SweepFileWriter.Write(spec);
        var again = SweepFile.Parse(written, _dir["again.yml"]);

        Assert.Equal(spec.Name, again.Name);
        Assert.Equal(spec.SearchSpace.ToString(), again.SearchSpace.ToString());
        Assert.Equal(spec.Sampling, again.Sampling);
        Assert.Equal(spec.Objective, again.Objective);
        Assert.Equal(spec.Limits, again.Limits);
        Assert.Equal(spec.EarlyTermination, again.EarlyTermination);
        Assert.Equal(spec.Trial!.Command.Text, again.Trial!.Command.Text);
        Assert.Equal(spec.Trial.CodeDirectory, again.Trial.CodeDirectory);
        Assert.Equal(spec.Trial.EnvironmentVariables, again.Trial.EnvironmentVariables);
    }
}
