using System.Collections;
using System.Text;
using System.Text.RegularExpressions;

namespace Hypersweep.Launching.Slurm;

/// <summary>
/// The batch script of one trial and the sbatch arguments that submit it. The script only sets the trial's environment
/// and execs the trial's argument list, every value in single quotes, so nothing in a value is shell syntax; the rest
/// of the environment is the submitting process's, which sbatch passes on as it always does (<c>--export=ALL</c>).
/// The resources and paths are sbatch arguments (an argument list, not <c>#SBATCH</c> lines, which sbatch would
/// re-parse); the script's header shows the exact command, so it can be submitted again by hand.
/// </summary>
internal static partial class SlurmBatchScript
{
    /// <summary>The script's file name in the trial's folder.</summary>
    public const string FileName = "slurm-job.sh";

    /// <summary>The file in the trial's folder that holds the job id once the job is submitted.</summary>
    public const string JobIdFileName = "slurm-job-id.txt";

    /// <summary>The sbatch arguments (without <c>--parsable</c>) for a trial whose script is <paramref name="scriptPath"/>.</summary>
    public static List<string> Arguments(SlurmSettings settings, string jobName, string codeDirectory, string stdoutPath, string stderrPath, string scriptPath)
    {
        List<string> args =
        [
            "--job-name=" + jobName,
            "--output=" + FilenamePattern(stdoutPath),
            "--error=" + FilenamePattern(stderrPath),
            "--open-mode=append",
            "--chdir=" + codeDirectory,
            "--no-requeue",
            .. settings.ToSbatchArguments(),
            scriptPath,
        ];
        return args;
    }

    /// <summary>
    /// The script: the variables the trial's environment adds or changes relative to <paramref name="inherited"/>
    /// (exported), the ones it removes (unset), then <c>exec</c> of the argument list.
    /// </summary>
    public static string Script(string trialId, IReadOnlyList<string> sbatchArguments, IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string> inherited, IReadOnlyList<string> arguments)
    {
        var s = new StringBuilder();
        s.Append("#!/bin/sh\n");
        s.Append($"# Hypersweep trial {trialId} as a Slurm batch job, submitted from {Environment.MachineName} with\n");
        s.Append("#   sbatch --parsable ").Append(ShellWords.Join(sbatchArguments)).Append('\n');
        s.Append("# (sbatch passes on the environment of the process that submits it, as it always does).\n");
        var odd = new List<string>();
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (inherited.TryGetValue(name, out var old) && old == value)
            {
                continue;
            }

            if (ShellName().IsMatch(name))
            {
                s.Append("export ").Append(name).Append('=').Append(ShellWords.Quote(value)).Append('\n');
            }
            else
            {
                // A name sh cannot export (a parameter named learning-rate gives AZUREML_SWEEP_learning-rate): env sets it.
                odd.Add(name + "=" + value);
            }
        }

        foreach (var name in inherited.Keys.Where(k => !environment.ContainsKey(k) && ShellName().IsMatch(k)).Order(StringComparer.Ordinal))
        {
            s.Append("unset ").Append(name).Append('\n');
        }

        s.Append("exec ");
        if (odd.Count > 0)
        {
            s.Append("env ").Append(ShellWords.Join(odd)).Append(' ');
        }

        s.Append(ShellWords.Join(arguments)).Append('\n');
        return s.ToString();
    }

    /// <summary>The current environment as a dictionary.</summary>
    public static Dictionary<string, string> CurrentEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            env[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return env;
    }

    /// <summary>
    /// A path as sbatch's <c>--output</c>/<c>--error</c> take it: those expand <c>%j</c>, <c>%x</c>, ..., so a literal
    /// <c>%</c> is written <c>%%</c> (unless the path holds a backslash, which turns expansion off).
    /// </summary>
    public static string FilenamePattern(string path) =>
        path.Contains('\\', StringComparison.Ordinal) ? path : path.Replace("%", "%%", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ShellName();
}
