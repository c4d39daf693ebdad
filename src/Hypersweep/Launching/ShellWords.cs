namespace Hypersweep.Launching;

/// <summary>Words as a POSIX shell needs them typed: the one quoting rule of Slurm batch scripts and of the commands Hypersweep prints.</summary>
public static class ShellWords
{
    /// <summary>A word in single quotes (a quote inside becomes <c>'\''</c>); plain ASCII words stay as they are.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:+,@%".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>An argument list as one command line, each word quoted where needed.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(" ", words.Select(Quote));
}
