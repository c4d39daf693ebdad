using Hypersweep.Launching.Slurm;
using Hypersweep.Specs;
using Hypersweep.Termination;
using Hypersweep.Trials;
using YamlDotNet.RepresentationModel;

namespace Hypersweep.SweepFiles;

/// <summary>The sweep file's mapping sections described field by field, for the reader and the writer alike.</summary>
internal static partial class SweepFileSections
{
    /// <summary><c>objective</c>: the metric the sweep optimizes and its goal.</summary>
    public static readonly SweepFileSection<Objective> Objective = new("objective",
    [
        SectionField.String<Objective>("primary_metric", o => o.PrimaryMetric, (o, name) => o with { PrimaryMetric = name }) with
        {
            Required = "the name of the metric the training program logs",
        },
        new("goal", ReadGoal, o => o.Goal.ToString().ToLowerInvariant()) { Required = "maximize or minimize" },
    ]);

    /// <summary>One entry of <c>objectives</c> (a multi-objective sweep, the first being the primary): a metric and its goal.</summary>
    public static SweepFileSection<Objective> ObjectiveAt(int index) => new($"objectives[{index}]",
    [
        SectionField.String<Objective>("metric", o => o.PrimaryMetric, (o, name) => o with { PrimaryMetric = name }) with
        {
            Required = "the name of the metric the training program logs",
        },
        new("goal", ReadGoal, o => o.Goal.ToString().ToLowerInvariant()) { Required = "maximize or minimize" },
    ]);

    /// <summary>
    /// <c>sampling_algorithm</c> written as a mapping (its short form, the algorithm's name alone, is read by
    /// <see cref="SweepFile"/>): <c>logbase</c> is HyperDrive's, accepted only as e and never written.
    /// </summary>
    public static readonly SweepFileSection<SamplingSpec> Sampling = new("sampling_algorithm",
    [
        new("type", (reader, node, path, s) => ReadAlgorithm(reader, node, path) is { } algorithm ? s with { Algorithm = algorithm } : null, s => s.Name)
        {
            Required = "random, grid or bayesian",
        },
        new("seed", (reader, node, path, s) => reader.Integer(node, path) is { } seed ? s with { Seed = seed } : null, s => s.Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("rule", ReadRule, s => s.Rule == SamplingRule.Sobol ? "sobol" : null),
        new("logbase", ReadLogBase, _ => null),
    ]);

    /// <summary>random, grid or bayesian (any case), or null after reporting what is allowed.</summary>
    public static SamplingAlgorithm? ReadAlgorithm(YamlReader reader, YamlNode node, string path)
    {
        switch (((node as YamlScalarNode)?.Value ?? string.Empty).ToLowerInvariant())
        {
            case "random": return SamplingAlgorithm.Random;
            case "grid": return SamplingAlgorithm.Grid;
            case "bayesian": return SamplingAlgorithm.Bayesian;
            default:
                reader.Error(node, path, $"must be random, grid or bayesian, got {YamlReader.Describe(node)}");
                return null;
        }
    }

    private static Objective? ReadGoal(YamlReader reader, YamlNode node, string path, Objective current)
    {
        Goal? goal = ((node as YamlScalarNode)?.Value ?? string.Empty).ToLowerInvariant() switch
        {
            "maximize" => Goal.Maximize,
            "minimize" => Goal.Minimize,
            _ => null,
        };
        if (goal is null)
        {
            reader.Error(node, path, $"must be maximize or minimize, got {YamlReader.Describe(node)}");
            return null;
        }

        return current with { Goal = goal.Value };
    }

    /// <summary><c>rule</c>: random or sobol, for random sampling only (the type is read before it).</summary>
    private static SamplingSpec? ReadRule(YamlReader reader, YamlNode node, string path, SamplingSpec current)
    {
        SamplingRule? rule = (node as YamlScalarNode)?.Value switch
        {
            "random" => SamplingRule.Random,
            "sobol" => SamplingRule.Sobol,
            _ => null,
        };
        if (rule is null)
        {
            reader.Error(node, path, $"must be random or sobol, got {YamlReader.Describe(node)}");
            return null;
        }

        if (current.Algorithm != SamplingAlgorithm.Random)
        {
            reader.Error(node, path, $"applies to random sampling only, not {current.Name}");
            return null;
        }

        return current with { Rule = rule.Value };
    }

    private static SamplingSpec? ReadLogBase(YamlReader reader, YamlNode node, string path, SamplingSpec current)
    {
        if ((node as YamlScalarNode)?.Value is "e" or "2.718281828459045")
        {
            return current;
        }

        reader.Error(node, path, $"Hypersweep's log expressions use base e (loguniform = exp(uniform)); only logbase: e is accepted, got {YamlReader.Describe(node)}");
        return null;
    }

    /// <summary><c>limits</c>: the sweep's budget and timeouts.</summary>
    public static readonly SweepFileSection<SweepLimits> Limits = new("limits",
    [
        SectionField.Integer<SweepLimits>("max_total_trials", l => l.MaxTotalTrials, (l, n) => l with { MaxTotalTrials = n }),
        SectionField.Integer<SweepLimits>("max_concurrent_trials", l => l.MaxConcurrentTrials, (l, n) => l with { MaxConcurrentTrials = n }),
        SectionField.Seconds<SweepLimits>("timeout", s => SweepLimits.DurationProblem(s, allowZero: false), l => l.Timeout, (l, t) => l with { Timeout = t }),
        SectionField.Seconds<SweepLimits>("trial_timeout", s => SweepLimits.DurationProblem(s, allowZero: false), l => l.TrialTimeout, (l, t) => l with { TrialTimeout = t }),
        SectionField.Seconds<SweepLimits>("grace_period", s => SweepLimits.DurationProblem(s, allowZero: true), l => l.GracePeriod == SweepLimits.DefaultGracePeriod ? null : l.GracePeriod, (l, t) => l with { GracePeriod = t }),
        SectionField.Integer<SweepLimits>("max_failed_trials", l => l.MaxFailedTrials, (l, n) => l with { MaxFailedTrials = n }),
    ]);

    /// <summary><c>trial.launcher</c> with <c>type: slurm</c>: how each trial's batch job is submitted (<c>type</c> is read before the fields).</summary>
    public static readonly SweepFileSection<SlurmSettings> Slurm = new("trial.launcher",
    [
        SectionField.Text<SlurmSettings>("partition", s => s.Partition, (s, v) => s with { Partition = v }),
        SectionField.Integer<SlurmSettings>("cpus_per_task", s => s.CpusPerTask, (s, n) => s with { CpusPerTask = n }),
        SectionField.Text<SlurmSettings>("mem", s => s.Memory, (s, v) => s with { Memory = v }),
        SectionField.Text<SlurmSettings>("gpus", s => s.Gpus, (s, v) => s with { Gpus = v }),
        SectionField.Text<SlurmSettings>("time", s => s.TimeLimit, (s, v) => s with { TimeLimit = v }),
        new("sbatch_options", ReadSbatchOptions, s => s.SbatchOptions.Count > 0 ? SectionField.List(s.SbatchOptions) : null),
        SectionField.Seconds<SlurmSettings>("poll_interval", _ => null, s => s.PollInterval == SlurmSettings.DefaultPollInterval ? null : s.PollInterval, (s, t) => s with { PollInterval = t }),
    ],
    otherKeys: ["type"])
    {
        Check = CheckSlurm,
    };

    /// <summary>
    /// <c>early_termination</c>, one section per policy <c>type</c> (in the order they are listed to users), each with
    /// the record its fields are read into.
    /// </summary>
    public static readonly IReadOnlyList<(EarlyTerminationSpec Initial, SweepFileSection<EarlyTerminationSpec> Section)> Policies =
    [
        Policy(new BanditSpec(),
        [
            SectionField.Real<EarlyTerminationSpec>("slack_factor", p => ((BanditSpec)p).SlackFactor, (p, x) => (BanditSpec)p with { SlackFactor = x }),
            SectionField.Real<EarlyTerminationSpec>("slack_amount", p => ((BanditSpec)p).SlackAmount, (p, x) => (BanditSpec)p with { SlackAmount = x }),
        ]),
        Policy(new MedianStoppingSpec(), []),
        Policy(new TruncationSelectionSpec(),
        [
            SectionField.Integer<EarlyTerminationSpec>("truncation_percentage", p => ((TruncationSelectionSpec)p).TruncationPercentage, (p, n) => (TruncationSelectionSpec)p with { TruncationPercentage = n }),
            SectionField.Boolean<EarlyTerminationSpec>("exclude_finished_jobs", p => ((TruncationSelectionSpec)p).ExcludeFinishedJobs, (p, b) => (TruncationSelectionSpec)p with { ExcludeFinishedJobs = b }),
        ]),
        Policy(new AshaSpec(),
        [
            SectionField.Integer<EarlyTerminationSpec>("min_resource", p => ((AshaSpec)p).MinResource, (p, n) => (AshaSpec)p with { MinResource = n }),
            SectionField.Real<EarlyTerminationSpec>("reduction_factor", p => ((AshaSpec)p).ReductionFactor, (p, x) => (AshaSpec)p with { ReductionFactor = x }),
            SectionField.Integer<EarlyTerminationSpec>("max_resource", p => ((AshaSpec)p).MaxResource, (p, n) => (AshaSpec)p with { MaxResource = n }),
        ]),
        Policy(new HyperbandSpec(),
        [
            SectionField.Integer<EarlyTerminationSpec>("min_resource", p => ((HyperbandSpec)p).MinResource, (p, n) => (HyperbandSpec)p with { MinResource = n }),
            SectionField.Real<EarlyTerminationSpec>("reduction_factor", p => ((HyperbandSpec)p).ReductionFactor, (p, x) => (HyperbandSpec)p with { ReductionFactor = x }),
            SectionField.Integer<EarlyTerminationSpec>("max_resource", p => ((HyperbandSpec)p).MaxResource, (p, n) => (HyperbandSpec)p with { MaxResource = n }),
        ]),
        Policy(new CurvePredictionSpec(),
        [
            SectionField.Integer<EarlyTerminationSpec>("max_resource", p => ((CurvePredictionSpec)p).MaxResource, (p, n) => (CurvePredictionSpec)p with { MaxResource = n }),
            SectionField.Integer<EarlyTerminationSpec>("min_completed", p => ((CurvePredictionSpec)p).MinCompleted, (p, n) => (CurvePredictionSpec)p with { MinCompleted = n }),
        ]),
    ];

    /// <summary>A policy's section: the interval policies (HyperDrive's and curve_prediction) share evaluation_interval and delay_evaluation, written first.</summary>
    private static (EarlyTerminationSpec, SweepFileSection<EarlyTerminationSpec>) Policy(EarlyTerminationSpec initial, IReadOnlyList<SectionField<EarlyTerminationSpec>> own)
    {
        IReadOnlyList<SectionField<EarlyTerminationSpec>> intervals = initial is IntervalPolicySpec
            ?
            [
                SectionField.Integer<EarlyTerminationSpec>("evaluation_interval", p => ((IntervalPolicySpec)p).EvaluationInterval, (p, n) => (IntervalPolicySpec)p with { EvaluationInterval = n }),
                SectionField.Integer<EarlyTerminationSpec>("delay_evaluation", p => ((IntervalPolicySpec)p).DelayEvaluation, (p, n) => (IntervalPolicySpec)p with { DelayEvaluation = n }),
            ]
            : [];
        return (initial, new SweepFileSection<EarlyTerminationSpec>("early_termination", [.. intervals, .. own], otherKeys: ["type"]));
    }

    /// <summary>The settings together, as <see cref="SlurmSettings.Check"/> sees them, each problem at its field.</summary>
    private static SlurmSettings? CheckSlurm(SlurmSettings settings, SectionMapping at)
    {
        var problems = settings.Check();
        foreach (var (field, message) in problems)
        {
            at.Error(field, message);
        }

        return problems.Count == 0 ? settings : null;
    }

    /// <summary><c>sbatch_options</c>: a list of single sbatch options, each checked as <see cref="SlurmSettings.Check"/> does.</summary>
    private static SlurmSettings? ReadSbatchOptions(YamlReader reader, YamlNode node, string path, SlurmSettings current)
    {
        if (node is not YamlSequenceNode items)
        {
            reader.Error(node, path, $"must be a list of sbatch options, one per item, e.g. [\"--qos=normal\", \"--exclusive\"]; got {YamlReader.Describe(node)}");
            return null;
        }

        var options = new List<string>();
        var ok = true;
        foreach (var item in items.Children)
        {
            var option = item is YamlScalarNode { Value: { } v } ? v : null;
            var problem = option is null
                ? $"each item must be one sbatch option such as --qos=normal, got {YamlReader.Describe(item)}"
                : new SlurmSettings { SbatchOptions = [option] }.Check().Select(p => p.Message).FirstOrDefault();
            if (problem is not null)
            {
                reader.Error(item, path, problem);
                ok = false;
            }
            else
            {
                options.Add(option!);
            }
        }

        return ok ? current with { SbatchOptions = options } : null;
    }
}
