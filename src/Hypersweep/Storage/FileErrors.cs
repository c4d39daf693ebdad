using System.Text.RegularExpressions;

namespace Hypersweep.Storage;

/// <summary>Says what went wrong with a file in the words a user searches for: "no space left on device writing PATH".</summary>
public static partial class FileErrors
{
    /// <summary>The system's reason (without the path .NET appends), lower-cased, then what was being done and the file.</summary>
    public static string Describe(Exception e, string path, string doing = "writing")
    {
        var reason = PathSuffix().Replace(e.Message, string.Empty).Trim().TrimEnd('.');
        reason = reason.Length > 0 ? char.ToLowerInvariant(reason[0]) + reason[1..] : "the operation failed";
        return $"{reason} {doing} {path}";
    }

    [GeneratedRegex(@"\s*:\s*'[^']*'\s*$")]
    private static partial Regex PathSuffix();
}
