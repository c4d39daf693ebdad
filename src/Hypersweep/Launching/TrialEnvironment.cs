using System.Collections;

namespace Hypersweep.Launching;

/// <summary>The environment and argument list of a trial's program (the trial contract).</summary>
internal static class TrialEnvironment
{
    /// <summary>
    /// The inherited environment (without inherited AZUREML_SWEEP_* variables) plus: HYPERSWEEP_TRIAL_ID, HYPERSWEEP_SWEEP_ID, HYPERSWEEP_TRIAL_NUMBER,
    /// HYPERSWEEP_PARAMS (JSON), HYPERSWEEP_OUTPUT_DIR, HYPERSWEEP_TRIAL_DIR (the trial's folder, by which its processes are found), HYPERSWEEP_RESUME_FROM (when resuming), AZUREML_SWEEP_NAME for
    /// each parameter, AZUREML_RUN_ID, the helper modules on PYTHONPATH, PYTHONUNBUFFERED=1 (so metric lines arrive at
    /// once), and the trial's own environment variables last. <paramref name="contract"/> is <see cref="Contract"/> of the
    /// launch, computed once by the launcher, which also records it (<see cref="Trials.TrialInvocation"/>).
    /// </summary>
    public static Dictionary<string, string> For(TrialLaunch launch, IReadOnlyDictionary<string, string> contract, IReadOnlyDictionary<string, string> extra)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            env[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        env.Remove("HYPERSWEEP_RESUME_FROM");
        // AZUREML_SWEEP_* name the trial's own parameters only: a controller that runs inside another sweep's trial
        // must not hand on that trial's values, which would give a trial a parameter it lacks (an inactive one).
        foreach (var inherited in env.Keys.Where(k => k.StartsWith("AZUREML_SWEEP_", StringComparison.Ordinal)).ToList())
        {
            env.Remove(inherited);
        }
        foreach (var (name, value) in contract)
        {
            env[name] = value;
        }

        var helpers = PythonHelpers.Extract(Path.Combine(launch.SweepDirectory, "python"));
        env["PYTHONPATH"] = env.TryGetValue("PYTHONPATH", out var existing) && existing.Length > 0 ? helpers + Path.PathSeparator + existing : helpers;
        env.TryAdd("PYTHONUNBUFFERED", "1");
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return env;
    }

    /// <summary>
    /// The variables of the trial contract, which a trial's record keeps (<see cref="Trials.TrialInvocation"/>):
    /// HYPERSWEEP_TRIAL_ID, HYPERSWEEP_SWEEP_ID, HYPERSWEEP_TRIAL_NUMBER, HYPERSWEEP_PARAMS, HYPERSWEEP_OUTPUT_DIR,
    /// HYPERSWEEP_TRIAL_DIR, HYPERSWEEP_RESUME_FROM (when resuming), AZUREML_RUN_ID and AZUREML_SWEEP_NAME per parameter.
    /// </summary>
    public static Dictionary<string, string> Contract(TrialLaunch launch)
    {
        var trial = launch.Trial;
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HYPERSWEEP_TRIAL_ID"] = trial.DisplayId,
            ["HYPERSWEEP_SWEEP_ID"] = trial.SweepId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HYPERSWEEP_TRIAL_NUMBER"] = trial.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HYPERSWEEP_PARAMS"] = trial.Parameters.ToJson(),
            ["HYPERSWEEP_OUTPUT_DIR"] = launch.OutputDirectory,
            [TrialProcesses.KeyVariable] = Path.GetFullPath(launch.TrialDirectory),
            ["AZUREML_RUN_ID"] = trial.DisplayId,
        };
        if (launch.ResumeFrom is { } resume)
        {
            env["HYPERSWEEP_RESUME_FROM"] = resume;
        }

        foreach (var (name, value) in trial.Parameters)
        {
            env["AZUREML_SWEEP_" + name] = value.ToString();
        }

        return env;
    }

    /// <summary>
    /// The argument list: the rendered command (its <c>${{outputs.NAME}}</c> folders made in the trial's output folder),
    /// plus <c>--resume-from PATH</c> when resuming.
    /// </summary>
    public static List<string> Arguments(TrialLaunch launch, TrialTemplate template)
    {
        foreach (var output in template.Command.OutputNames)
        {
            Directory.CreateDirectory(Path.Combine(launch.OutputDirectory, output));
        }

        var args = template.Command.Render(launch.Trial.Parameters, template.Inputs, launch.OutputDirectory).ToList();
        if (launch.ResumeFrom is { } resume)
        {
            args.Add("--resume-from");
            args.Add(resume);
        }

        return args;
    }
}
