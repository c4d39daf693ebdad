namespace Hypersweep.Launching;

/// <summary>
/// The program a trial command starts (its first argument), found as the launchers find it: a name with a '/' is a
/// path from the code directory, any other name is looked up on PATH. <c>validate</c> asks the same question before
/// anything runs, and the launchers fail a trial that cannot start with the same words.
/// </summary>
public static class TrialProgram
{
    /// <summary>The full path of the program, or null when <see cref="Problem"/> has something to say.</summary>
    public static string? Resolve(string command, string codeDirectory, string? path) => Find(command, codeDirectory, path).Path;

    /// <summary>Why <paramref name="command"/> cannot be started (not found, a directory, not executable), or null.</summary>
    public static string? Problem(string command, string codeDirectory, string? path) => Find(command, codeDirectory, path).Problem;

    private static (string? Path, string? Problem) Find(string command, string codeDirectory, string? path)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(codeDirectory, command));
            if (Directory.Exists(full))
            {
                return (null, $"the command '{command}' is a directory ({full}), not a program");
            }

            if (!File.Exists(full))
            {
                return (null, $"the command '{command}' was not found (no executable file at {full})");
            }

            return IsExecutable(full)
                ? (full, null)
                : (null, $"the command '{command}' is not executable ({full}: make it so with chmod +x, or start it with its interpreter, e.g. python3 {command})");
        }

        foreach (var dir in (path ?? string.Empty).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, command);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return (candidate, null);
            }
        }

        return (null, $"the command '{command}' was not found (not on PATH)");
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
