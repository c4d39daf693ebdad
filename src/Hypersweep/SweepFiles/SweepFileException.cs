namespace Hypersweep.SweepFiles;

/// <summary>One problem in a sweep file, with where it is.</summary>
/// <param name="File">The file's path as given.</param>
/// <param name="Line">The 1-based line, or 0 when the problem is the whole file.</param>
/// <param name="Column">The 1-based column, or 0.</param>
/// <param name="Field">The field path, e.g. <c>limits.max_total_trials</c>.</param>
/// <param name="Message">The rule and the value that broke it.</param>
public sealed record SweepFileError(string File, int Line, int Column, string Field, string Message)
{
    /// <summary><c>file:line:column: field: message</c>, as compilers print it.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return string.IsNullOrEmpty(Field) ? $"{where}: {Message}" : $"{where}: {Field}: {Message}";
    }
}

/// <summary>A sweep file is missing, unreadable or invalid; <see cref="Errors"/> holds every problem found.</summary>
public sealed class SweepFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SweepFileException(string path, IReadOnlyList<SweepFileError> errors)
        : base(Describe(path, errors))
    {
        Path = path;
        Errors = errors;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The problems, in file order.</summary>
    public IReadOnlyList<SweepFileError> Errors { get; }

    private static string Describe(string path, IReadOnlyList<SweepFileError> errors) =>
        $"{path} has {errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")}:{Environment.NewLine}{string.Join(Environment.NewLine, errors.Select(e => "  " + e))}";
}
