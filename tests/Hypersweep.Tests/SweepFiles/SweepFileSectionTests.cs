using Hypersweep.Launching.Slurm;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.SweepFiles;
using Hypersweep.Tests.Examples;
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
        "{type: hyperband, min_resource: 1, reduction_factor: 3, max_resource: 27}");

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
}
