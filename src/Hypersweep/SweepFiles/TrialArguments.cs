using System.Runtime.CompilerServices;
using Hypersweep.Specs;
using Hypersweep.Storage;
using Hypersweep.Trials;

namespace Hypersweep.SweepFiles;

/// <summary>The argument list a trial ran with (HyperDrive's "arguments").</summary>
public static class TrialArguments
{
    /// <summary>Each sweep record's spec, read once: listing 10,000 trials must not parse the sweep file 10,000 times.</summary>
    private static readonly ConditionalWeakTable<SweepRecord, StrongBox<SweepSpec?>> Specs = [];

    /// <summary>
    /// The trial's argument list as recorded when it started (with <c>--resume-from PATH</c> when it resumed from a
    /// checkpoint). For a trial recorded without one (in process, or by an older Hypersweep): the recorded sweep file's
    /// command with the trial's parameters substituted, or, when there is no command or the file no longer reads,
    /// <c>--NAME VALUE</c> for each parameter.
    /// </summary>
    public static IReadOnlyList<string> Of(SweepRecord sweep, TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.Invocation is { } invocation)
        {
            return invocation.Arguments;
        }

        if (Specs.GetValue(sweep, s => new StrongBox<SweepSpec?>(RecordedSpec.TryRead(s))).Value?.Trial is { } template)
        {
            return template.Command.Render(trial.Parameters, template.Inputs);
        }

        return [.. trial.Parameters.SelectMany(p => new[] { "--" + p.Key, p.Value.ToString() })];
    }
}
