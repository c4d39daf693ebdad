using Hypersweep.Launching.Slurm;

namespace Hypersweep.Launching;

/// <summary>How a trial's program is run: the <c>trial</c> section of a sweep file.</summary>
public sealed record TrialTemplate
{
    /// <summary>The command, split into an argument list (no shell), with its placeholders.</summary>
    public required CommandTemplate Command { get; init; }

    /// <summary>The absolute folder the command runs in (<c>trial.code</c>, relative to the sweep file).</summary>
    public required string CodeDirectory { get; init; }

    /// <summary>Extra environment variables for the program.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>The values of <c>${{inputs.NAME}}</c> placeholders (local paths made absolute).</summary>
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    /// <summary>When set, metrics are also collected from stdout with this Katib-style pattern.</summary>
    public RegexMetricSettings? RegexMetrics { get; init; }

    /// <summary>
    /// When set, each trial is submitted to Slurm as a batch job with these settings (<c>trial.launcher: {type: slurm}</c>);
    /// when null, trials run as processes on this machine (<c>type: local</c>). <value>The default is null.</value>
    /// </summary>
    public SlurmSettings? Slurm { get; init; }

    /// <summary>The launcher the template asks for: a <see cref="SlurmLauncher"/> when <see cref="Slurm"/> is set, else a <see cref="LocalProcessLauncher"/>.</summary>
    /// <param name="time">The launcher's clock (grace periods, polling, timeouts); null for the system clock.</param>
    public ITrialLauncher CreateLauncher(TimeProvider? time = null) => Slurm is { } slurm ? new SlurmLauncher(this, slurm, time) : new LocalProcessLauncher(this, time);
}

/// <summary>Katib-style metric collection from ordinary stdout lines.</summary>
/// <param name="Pattern">The regular expression, or null for the default <c>name=value</c> pattern.</param>
/// <param name="Names">When given, only these metric names are collected.</param>
public sealed record RegexMetricSettings(string? Pattern, IReadOnlyList<string>? Names);
