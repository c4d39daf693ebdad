using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Trials;

namespace Hypersweep.Sweeps;

/// <summary>The argument list a trial ran with (HyperDrive's "arguments"), rebuilt from the recorded sweep file.</summary>
public static class TrialArguments
{
    /// <summary>
    /// The trial's argument list: the sweep file's command with the trial's parameters substituted, or, when the
    /// recorded file has no command (an in-process sweep) or no longer resolves, <c>--NAME VALUE</c> for each parameter.
    /// </summary>
    public static IReadOnlyList<string> Of(SweepRecord sweep, TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(trial);
        try
        {
            var spec = SweepFile.Parse(sweep.Spec, sweep.SpecPath ?? "sweep.yml");
            if (spec.Trial is { } template)
            {
                return template.Command.Render(trial.Parameters, template.Inputs);
            }
        }
        catch (SweepFileException)
        {
            // The recorded file no longer resolves (its code folder moved): fall back to the parameters themselves.
        }

        return [.. trial.Parameters.SelectMany(p => new[] { "--" + p.Key, p.Value.ToString() })];
    }
}
