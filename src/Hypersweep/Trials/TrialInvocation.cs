using System.Text.Json;

namespace Hypersweep.Trials;

/// <summary>
/// How a trial's program was started, as recorded when it started: its argument list (the rendered command, with
/// <c>--resume-from PATH</c> when it resumed from a checkpoint) and the environment variables of the trial contract that
/// Hypersweep set (HYPERSWEEP_*, AZUREML_*); not the environment it inherited, which may hold secrets.
/// </summary>
/// <param name="Arguments">The program and its arguments.</param>
/// <param name="Environment">The variables Hypersweep set, by name.</param>
public sealed record TrialInvocation(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The argument list as JSON (how the stores keep it).</summary>
    public string ArgumentsJson() => JsonSerializer.Serialize(Arguments);

    /// <summary>The environment variables as JSON (how the stores keep them).</summary>
    public string EnvironmentJson() => JsonSerializer.Serialize(Environment);

    /// <summary>Reads what <see cref="ArgumentsJson"/> and <see cref="EnvironmentJson"/> wrote.</summary>
    public static TrialInvocation FromJson(string arguments, string environment) => new(
        JsonSerializer.Deserialize<string[]>(arguments) ?? [],
        JsonSerializer.Deserialize<Dictionary<string, string>>(environment) ?? []);
}
