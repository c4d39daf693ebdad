using Hypersweep.Launching.Slurm;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Termination;
using Hypersweep.SweepFiles;
using Hypersweep.Tests.Examples;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.SweepFiles;

/// <summary>
/// The sections described field by field (<c>SweepFileSections</c>) are read, checked and written from one list: a
/// field added there is accepted by the reader, written by the writer and must be documented for users.
/// </summary>
public sealed class SweepFileSectionTests
{
    [Fact]
    public void EveryLimitAndSlurmFieldIsDocumented()
    {
        var readme = File.ReadAllText(Path.Combine(ExampleProcess.RepositoryRoot, "README.md"));
        var slurm = File.ReadAllText(Path.Combine(ExampleProcess.RepositoryRoot, "docs", "slurm.md"));
        Assert.All(SweepFileSections.Limits.Keys, key => Assert.Contains(key, readme, StringComparison.Ordinal));
        Assert.All(SweepFileSections.Slurm.Keys, key => Assert.Contains(key, slurm, StringComparison.Ordinal));
        Assert.All(SweepFileSections.Policies.SelectMany(p => p.Section.Keys), key => Assert.Contains(key, readme, StringComparison.Ordinal));
        Assert.All(SweepFileSections.Objective.Keys.Concat(SweepFileSections.Sampling.Keys), key => Assert.Contains(key, readme, StringComparison.Ordinal));
        Assert.All(SweepFileSections.ObjectiveAt(0).Keys, key => Assert.Contains($"{key}: ", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryTrialMetricsAndInputField_IsDocumented()
    {
        var readme = File.ReadAllText(Path.Combine(ExampleProcess.RepositoryRoot, "README.md"));
        Assert.All(SweepFileSections.Trial.Keys, key => Assert.True(readme.Contains($"`trial.{key}`", StringComparison.Ordinal) || readme.Contains($"`{key}`", StringComparison.Ordinal), $"trial.{key} is not in the README"));
        Assert.All(SweepFileSections.Metrics.Keys, key => Assert.Contains($"{key}: ", readme, StringComparison.Ordinal));
        Assert.All(SweepFileSections.InputAt("data").Keys, key => Assert.Contains($"{key}: ", readme, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{type: random, seed: 12345678901, rule: sobol}", "minimize")]
    [InlineData("{type: bayesian, seed: 7}", "maximize")]
    [InlineData("{type: grid}", "maximize")]
    public void SamplingAndObjective_AreWrittenAndReadBack(string sampling, string goal)
    {
        var spec = SweepFile.Parse($$$"""
            type: sweep
            search_space: {x: {type: choice, values: [1, 2]}}
            objective: {primary_metric: "val loss", goal: {{{goal}}}}
            sampling_algorithm: {{{sampling}}}
            """, "/tmp/sweep.yml", requireTrial: false);
        var back = SweepFile.Parse(SweepFileWriter.Write(spec), "/tmp/sweep.yml", requireTrial: false);

        Assert.Equal(spec.Sampling, back.Sampling);
        Assert.Equal(spec.Objective, back.Objective);
        Assert.Equal("val loss", back.Objective.PrimaryMetric);
    }

    [Fact]
    public void RequiredFields_AreReportedWhereTheSectionIs_AndARuleOnlyForRandomSampling()
    {
        var e = Assert.Throws<SweepFileException>(() => SweepFile.Parse("""
            type: sweep
            search_space: {x: {type: uniform, min_value: 0, max_value: 1}}
            objective: {primary_metric: loss}
            sampling_algorithm: {type: bayesian, rule: sobol}
            """, "/tmp/sweep.yml", requireTrial: false));

        Assert.Collection(
            e.Errors.OrderBy(x => x.Line),
            goal => Assert.Equal(("objective.goal", 3, "is required: maximize or minimize"), (goal.Field, goal.Line, goal.Message)),
            rule => Assert.Equal(("sampling_algorithm.rule", 4, "applies to random sampling only, not bayesian"), (rule.Field, rule.Line, rule.Message)));
    }

    public static TheoryData<string> Policies => new(
        "{type: bandit, evaluation_interval: 2, delay_evaluation: 3, slack_factor: 0.25}",
        "{type: bandit, evaluation_interval: 1, delay_evaluation: 0, slack_amount: 0.5}",
        "{type: median_stopping, evaluation_interval: 4, delay_evaluation: 8}",
        "{type: truncation_selection, evaluation_interval: 2, delay_evaluation: 5, truncation_percentage: 30, exclude_finished_jobs: true}",
        "{type: asha, min_resource: 2, reduction_factor: 4, max_resource: 64}",
        "{type: hyperband, min_resource: 1, reduction_factor: 3, max_resource: 27}",
        "{type: curve_prediction, evaluation_interval: 2, delay_evaluation: 4, max_resource: 30, min_completed: 8}");

    [Theory]
    [MemberData(nameof(Policies))]
    public void EveryPolicyField_IsReadWrittenAndReadBack(string policy)
    {
        var spec = SweepFile.Parse($$$"""
            type: sweep
            search_space: {x: {type: uniform, min_value: 0, max_value: 1}}
            objective: {primary_metric: loss, goal: minimize}
            early_termination: {{{policy}}}
            """, "/tmp/sweep.yml", requireTrial: false);
        var written = SweepFileWriter.Write(spec);
        var back = SweepFile.Parse(written, "/tmp/sweep.yml", requireTrial: false);

        Assert.Equal(spec.EarlyTermination, back.EarlyTermination);
        var given = policy.Trim('{', '}').Split(", ").Select(kv => kv.Split(": ")).ToDictionary(kv => kv[0], kv => kv[1]);
        Assert.All(given, kv => Assert.Contains($"  {kv.Key}: {kv.Value}", written, StringComparison.Ordinal));
    }

    [Fact]
    public void CurvePrediction_GivenOnlyMaxResource_WaitsFiveIntervalsAndFiveCompletedTrials()
    {
        var spec = SweepFile.Parse("""
            type: sweep
            search_space: {x: {type: uniform, min_value: 0, max_value: 1}}
            objective: {primary_metric: loss, goal: minimize}
            early_termination: {type: curve_prediction, max_resource: 30}
            """, "/tmp/sweep.yml", requireTrial: false);

        Assert.Equal(new CurvePredictionSpec { MaxResource = 30, MinCompleted = 5, DelayEvaluation = 5, EvaluationInterval = 1 }, spec.EarlyTermination);
        Assert.Equal("curve_prediction(max_resource=30, min_completed=5, evaluation_interval=1, delay_evaluation=5)", spec.EarlyTermination!.ToString());
    }

    [Fact]
    public void EveryFieldSetAwayFromItsDefault_IsWrittenAndReadBack()
    {
        var spec = new SweepSpec
        {
            Name = "sections",
            SearchSpace = new SearchSpace { { "x", Distributions.Uniform(0, 1) } },
            Objective = new Objective("loss", Goal.Minimize),
            Limits = new SweepLimits
            {
                MaxTotalTrials = 7,
                MaxConcurrentTrials = 3,
                Timeout = TimeSpan.FromSeconds(90.5),
                TrialTimeout = TimeSpan.FromSeconds(12),
                GracePeriod = TimeSpan.FromSeconds(4),
                MaxFailedTrials = 2,
            },
            Trial = SweepFile.Parse("""
                type: sweep
                trial:
                  command: python train.py --x ${{search_space.x}}
                  launcher: {type: slurm, partition: debug, cpus_per_task: 2, mem: 4G, gpus: "1", time: "00:10:00", sbatch_options: ["--qos=normal"], poll_interval: 0.5}
                search_space: {x: {type: uniform, min_value: 0, max_value: 1}}
                objective: {primary_metric: loss, goal: minimize}
                """, "/tmp/sweep.yml").Trial,
        };

        var yaml = SweepFileWriter.Write(spec);
        foreach (var key in SweepFileSections.Limits.Keys.Concat(SweepFileSections.Slurm.Keys))
        {
            Assert.Contains($" {key}: ", yaml, StringComparison.Ordinal);
        }

        var back = SweepFile.Parse(yaml, "/tmp/sweep.yml");
        Assert.Equal(spec.Limits, back.Limits);
        var settings = back.Trial!.Slurm!;
        Assert.Equal(new SlurmSettings
        {
            Partition = "debug",
            CpusPerTask = 2,
            Memory = "4G",
            Gpus = "1",
            TimeLimit = "00:10:00",
            SbatchOptions = settings.SbatchOptions,
            PollInterval = TimeSpan.FromSeconds(0.5),
        }, settings);
        Assert.Equal(["--qos=normal"], settings.SbatchOptions);
    }

    [Fact]
    public void EveryTrialMetricsAndInputField_IsWrittenAndReadBack()
    {
        using var dir = new TempDirectory();
        dir.Sub("src");
        var spec = SweepFile.Parse("""
            type: sweep
            trial:
              command: python train.py --data ${{inputs.data}} --n ${{inputs.n}} --x ${{search_space.x}}
              code: ./src
              type: command
              environment_variables: {OMP_NUM_THREADS: 1, MODE: "fast run"}
              metrics: {collector: regex, pattern: "(?<name>\\w+)=(?<value>\\S+)", names: [loss, acc]}
              retries: 2
              launcher: {type: slurm, partition: debug}
            inputs:
              data: {type: uri_folder, path: ./data, mode: ro_mount}
              n: {value: 3}
              literal: seven
            search_space: {x: {type: uniform, min_value: 0, max_value: 1}}
            objective: {primary_metric: loss, goal: minimize}
            """, dir["sweep.yml"]);

        var yaml = SweepFileWriter.Write(spec).ReplaceLineEndings("\n");
        var trialBlock = yaml[yaml.IndexOf("\ntrial:\n", StringComparison.Ordinal)..yaml.IndexOf("\ninputs:\n", StringComparison.Ordinal)];
        // Every key is written but the trial's type (always command) and Azure ML's settings, which are ignored; inputs are
        // written as the values they give, which read back the same.
        Assert.Equal(
            ["type", "environment", "resources", "distribution", "description", "services", "identity", "compute"],
            SweepFileSections.Trial.Keys.Where(key => !trialBlock.Contains($"\n  {key}:", StringComparison.Ordinal)));
        Assert.Contains("\n  metrics:\n    collector: regex\n    pattern: ", trialBlock, StringComparison.Ordinal);
        Assert.All(SweepFileSections.Metrics.Keys, key => Assert.Contains($"\n    {key}: ", trialBlock, StringComparison.Ordinal));

        var back = SweepFile.Parse(yaml, dir["again.yml"]);
        var (trial, again) = (spec.Trial!, back.Trial!);
        Assert.Equal(trial.Command.Text, again.Command.Text);
        Assert.Equal(dir["src"], again.CodeDirectory);
        Assert.Equal(new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1", ["MODE"] = "fast run" }, again.EnvironmentVariables);
        Assert.Equal(@"(?<name>\w+)=(?<value>\S+)", again.RegexMetrics!.Pattern);
        Assert.Equal(["loss", "acc"], again.RegexMetrics.Names!);
        Assert.Equal(2, back.TrialRetries);
        Assert.Equal("debug", again.Slurm!.Partition);
        Assert.Equal(new Dictionary<string, string> { ["data"] = dir["data"], ["n"] = "3", ["literal"] = "seven" }, again.Inputs);
        Assert.Equal(trial.Inputs, again.Inputs);
    }

    [Fact]
    public void TheProtocolCollector_AndNoTrialSettings_AreLeftOutWhenWritten()
    {
        var spec = SweepFile.Parse("""
            type: sweep
            trial: {command: python train.py, metrics: {collector: protocol}, launcher: local, environment_variables: {}}
            search_space: {x: {type: uniform, min_value: 0, max_value: 1}}
            objective: {primary_metric: loss, goal: minimize}
            """, "/tmp/sweep.yml");

        var yaml = SweepFileWriter.Write(spec).ReplaceLineEndings("\n");

        Assert.Contains("trial:\n  command: \"python train.py\"\n  code: \"/tmp\"\nsearch_space:", yaml, StringComparison.Ordinal);
        var back = SweepFile.Parse(yaml, "/tmp/sweep.yml").Trial!;
        Assert.Null(back.RegexMetrics);
        Assert.Null(back.Slurm);
        Assert.Empty(back.EnvironmentVariables);
    }

    [Fact]
    public void AnUnknownLimit_IsReportedWithEveryAllowedField()
    {
        var e = Assert.Throws<SweepFileException>(() => SweepFile.Parse("""
            type: sweep
            search_space: {x: {type: uniform, min_value: 0, max_value: 1}}
            objective: {primary_metric: loss, goal: minimize}
            limits: {max_trials: 5}
            """, "/tmp/sweep.yml", requireTrial: false));
        var error = Assert.Single(e.Errors);
        Assert.Equal("limits.max_trials", error.Field);
        Assert.Equal(4, error.Line);
        Assert.Contains(string.Join(", ", SweepFileSections.Limits.Keys), error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Problems in <c>trial</c>, <c>trial.metrics</c> and <c>inputs</c>, each at its line and column with its full field
    /// path, as the sweep-file reader has always reported them.
    /// </summary>
    public static TheoryData<string, string[]> TrialAndInputProblems => new()
    {
        {
            "trial: [python train.py]",
            [
                "2:8: trial: must be a mapping of command, code, environment_variables, type, metrics, retries, launcher, environment, resources, distribution, description, services, identity, compute",
                "2:8: trial.command: is required: the command that runs one trial, e.g. python train.py --lr ${{search_space.lr}}",
            ]
        },
        {
            "trial: no-such-component.yml",
            ["2:8: trial: names the component file /tmp/no-such-component.yml, which does not exist"]
        },
        {
            "trial: {code: .}",
            ["2:8: trial.command: is required: the command that runs one trial, e.g. python train.py --lr ${{search_space.lr}}"]
        },
        {
            "trial:\n  command: python train.py > x\n  kind: x\n  type: job\n  code: ./no-such-folder\n  retries: many",
            [
                "3:12: trial.command: the command uses the shell operator '>' at position 17, but trials run without a shell; quote it, or run a shell explicitly: bash -c '...'",
                "4:3: trial.kind: unknown field; allowed here: command, code, environment_variables, type, metrics, retries, launcher, environment, resources, distribution, description, services, identity, compute",
                "5:9: trial.type: must be command, got 'job'",
                "6:9: trial.code: must be an existing folder (relative to the sweep file), but /tmp/no-such-folder does not exist",
                "7:12: trial.retries: must be a whole number, got 'many'",
            ]
        },
        {
            "trial:\n  command: python train.py\n  retries: -1",
            ["4:12: trial.retries: must be a whole number >= 0, got -1"]
        },
        {
            "trial:\n  command: python train.py\n  environment_variables:\n    A=B: 1\n    C: [1]\n    \"\": x\n    D: ok",
            [
                "5:10: trial.environment_variables.A=B: must be a name (without '=') with a plain value",
                "6:8: trial.environment_variables.C: must be a name (without '=') with a plain value",
                "7:9: trial.environment_variables.: must be a name (without '=') with a plain value",
            ]
        },
        {
            "trial:\n  command: python train.py\n  environment_variables: [A]",
            ["4:26: trial.environment_variables: must be a mapping of names to values"]
        },
        {
            // An unknown collector is the only problem reported: the other fields depend on it.
            "trial:\n  command: python train.py\n  metrics: {collector: katib, pattern: [x], names: 3}",
            ["4:24: trial.metrics.collector: must be protocol (metric lines only) or regex (also name=value matches in stdout), got 'katib'"]
        },
        {
            // The cross-field rule: a pattern without collector: regex, reported at its key.
            "trial:\n  command: python train.py\n  metrics: {names: [a], pattern: \"(.*)=(.*)\"}",
            ["4:25: trial.metrics.pattern: applies only with collector: regex"]
        },
        {
            "trial:\n  command: python train.py\n  metrics: {collector: regex, pattern: x, names: one, colour: red}",
            [
                "4:40: trial.metrics.pattern: The metric pattern needs a group named 'name' and one named 'value' (or two capture groups: name, then value). (Parameter 'pattern')",
                "4:50: trial.metrics.names: must be a list of metric names",
                "4:55: trial.metrics.colour: unknown field; allowed here: collector, pattern, names",
            ]
        },
        {
            "trial:\n  command: python train.py\n  metrics: regex",
            ["4:12: trial.metrics: must be a mapping of collector, pattern, names"]
        },
        {
            "trial:\n  command: python train.py --a ${{inputs.remote}} --b ${{inputs.typed}} --c ${{inputs.listed}} --d ${{inputs.unreadable}} --e ${{inputs.other}}\n"
            + "inputs:\n  remote: {type: uri_folder, path: \"azureml:data:1\"}\n  typed: {type: uri_file}\n  listed: [a]\n  unreadable: {path: [x], value: v}\n  other: {paths: x, value: 3}\n  web:\n    path: https://example.com/x",
            [
                "3:12: trial.command: refers to ${{inputs.remote}}, but inputs has no 'remote'",
                "3:12: trial.command: refers to ${{inputs.typed}}, but inputs has no 'typed'",
                "3:12: trial.command: refers to ${{inputs.listed}}, but inputs has no 'listed'",
                "5:36: inputs.remote.path: must be a local path; remote data (azureml:data:1) is not supported here",
                "6:10: inputs.typed: needs path (a local file or folder) or value",
                "7:11: inputs.listed: must be a mapping of type, path, mode, value",
                "7:11: inputs.listed: needs path (a local file or folder) or value",
                "8:22: inputs.unreadable.path: must be a non-empty string, got a list",
                "9:11: inputs.other.paths: unknown field; allowed here: type, path, mode, value",
                "11:11: inputs.web.path: must be a local path; remote data (https://example.com/x) is not supported here",
            ]
        },
        {
            "trial: {command: python train.py}\ninputs: [a]",
            ["3:9: inputs: must be a mapping of input names to values or {type, path}"]
        },
    };

    [Theory]
    [MemberData(nameof(TrialAndInputProblems))]
    public void TrialAndInputProblems_AreReportedAtTheirLineWithTheFullFieldPath(string sections, string[] expected)
    {
        var e = Assert.Throws<SweepFileException>(() => SweepFile.Parse($$$"""
            type: sweep
            {{{sections}}}
            search_space: {x: {type: uniform, min_value: 0, max_value: 1}}
            objective: {primary_metric: loss, goal: minimize}
            """, "/tmp/sweep.yml"));

        Assert.Equal(expected, e.Errors.Select(x => x.ToString()["/tmp/sweep.yml:".Length..]));
    }

    [Fact]
    public void AzureOnlyTrialFields_AreWarnedAboutAtTheirKeysLine_InFileOrderAfterTheTopLevelOnesAndTheSearchSpace()
    {
        var spec = SweepFile.Parse("""
            type: sweep
            compute: azureml:gpu
            trial:
              command: python train.py
              resources:
                instance_count: 1
              distribution: {type: mpi}
              description: d
            search_space:
              lr: {type: loguniform, min_value: 0.0001, max_value: 0.1}
            objective: {primary_metric: loss, goal: minimize}
            services: {}
            """, "/tmp/sweep.yml");

        Assert.Equal(
            [
                "/tmp/sweep.yml:2: 'compute' is an Azure ML setting and is ignored by Hypersweep.",
                "/tmp/sweep.yml:12: 'services' is an Azure ML setting and is ignored by Hypersweep.",
                "/tmp/sweep.yml:5: 'trial.resources' is an Azure ML setting and is ignored by Hypersweep.",
                "/tmp/sweep.yml:7: 'trial.distribution' is an Azure ML setting and is ignored by Hypersweep.",
                "/tmp/sweep.yml:8: 'trial.description' is an Azure ML setting and is ignored by Hypersweep.",
            ],
            spec.Warnings.Where(w => !w.Contains("search_space", StringComparison.Ordinal)));
        Assert.Equal(2, spec.Warnings.ToList().FindIndex(w => w.Contains("search_space.lr", StringComparison.Ordinal)));
    }
}
