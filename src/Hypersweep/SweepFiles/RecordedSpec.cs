using Hypersweep.Specs;
using Hypersweep.Storage;

namespace Hypersweep.SweepFiles;

/// <summary>
/// The spec of a recorded sweep, read back from the sweep-file text stored with it: the one way resume, worker, best
/// and the dashboard read it. Relative paths resolve against the recorded file's folder (the current folder for a
/// sweep created in code); the sweep's name and seed are the recorded ones.
/// </summary>
public static class RecordedSpec
{
    /// <summary>The spec; a sweep created in code has no trial section, which only <paramref name="requireTrial"/> minds.</summary>
    /// <exception cref="SweepFileException">The recorded text no longer reads (its code folder moved, say).</exception>
    public static SweepSpec Read(SweepRecord sweep, bool requireTrial = true)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var spec = SweepFile.Parse(sweep.Spec, sweep.SpecPath ?? Path.Combine(Environment.CurrentDirectory, "sweep.yml"), requireTrial);
        return spec with { Name = sweep.Name, Sampling = spec.Sampling with { Seed = sweep.Seed } };
    }

    /// <summary>The spec, trial section or not, or null when the recorded text no longer reads.</summary>
    public static SweepSpec? TryRead(SweepRecord sweep)
    {
        try
        {
            return Read(sweep, requireTrial: false);
        }
        catch (SweepFileException)
        {
            return null;
        }
    }
}
