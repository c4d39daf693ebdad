using Hypersweep.Launching;
using Hypersweep.Launching.Slurm;

namespace Hypersweep.SweepFiles;

/// <summary>
/// The <c>trial</c> section as read: the parts of the trial template (no command when it could not be read) and
/// <c>retries</c>, which the spec keeps beside the template.
/// </summary>
/// <param name="CodeDirectory">The absolute folder the command runs in: the sweep file's, unless <c>code</c> names another.</param>
internal sealed record TrialSpec(string CodeDirectory)
{
    public CommandTemplate? Command { get; init; }

    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    public RegexMetricSettings? RegexMetrics { get; init; }

    public SlurmSettings? Slurm { get; init; }

    public int Retries { get; init; }

    /// <summary>The template, with the sweep's <paramref name="inputs"/>; null when the command could not be read.</summary>
    public TrialTemplate? Template(IReadOnlyDictionary<string, string> inputs) => Command is null ? null : new TrialTemplate
    {
        Command = Command,
        CodeDirectory = CodeDirectory,
        EnvironmentVariables = EnvironmentVariables,
        Inputs = inputs,
        RegexMetrics = RegexMetrics,
        Slurm = Slurm,
    };

    /// <summary>The section that gives <paramref name="template"/> and <paramref name="retries"/>.</summary>
    public static TrialSpec Of(TrialTemplate template, int retries) => new(template.CodeDirectory)
    {
        Command = template.Command,
        EnvironmentVariables = template.EnvironmentVariables,
        RegexMetrics = template.RegexMetrics,
        Slurm = template.Slurm,
        Retries = retries,
    };
}
