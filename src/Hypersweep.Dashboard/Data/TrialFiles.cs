using Hypersweep.Dashboard.Api;
using Hypersweep.Storage;

namespace Hypersweep.Dashboard.Data;

/// <summary>
/// Reads files of a trial's folder for the browser, and refuses anything outside that folder: absolute paths,
/// <c>..</c> segments, symbolic links (anywhere on the path) whose target lies outside, and files with more than one
/// hard link (a hard link inside the folder may be the very file of another place, the store or a key, and nothing
/// on its path tells): they are neither served nor listed.
/// </summary>
internal static class TrialFiles
{
    /// <summary>How many files a listing shows at most.</summary>
    public const int MaxListed = 500;

    /// <summary>The log streams a trial has.</summary>
    public static readonly IReadOnlyList<string> LogStreams = ["stdout", "stderr"];

    /// <summary>The full path of a file named relative to a trial's folder, after checking it stays inside.</summary>
    /// <exception cref="PathOutsideSweepException">The path leaves the folder.</exception>
    public static string Resolve(string folder, string relative)
    {
        relative = relative.Replace('\\', '/');
        if (relative.Length == 0 || relative.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(relative) || relative.StartsWith('/')
            || relative.Split('/').Any(s => s is ".."))
        {
            throw new PathOutsideSweepException($"'{relative}' is not a path inside the trial's folder; only files under {folder} are served.");
        }

        var root = Path.GetFullPath(folder);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!IsInside(root, full) || !IsInside(RealPath(root), RealPath(full)))
        {
            throw new PathOutsideSweepException($"'{relative}' leads outside the trial's folder {folder} (through '..' or a symbolic link); it is not served.");
        }

        if (HardLinks.Count(full) > 1)
        {
            throw new PathOutsideSweepException($"'{relative}' has other hard links, so it may be a file outside the trial's folder {folder}; it is not served.");
        }

        return full;
    }

    /// <summary>The path of a trial's log (<c>stdout</c> or <c>stderr</c>).</summary>
    public static string LogPath(string folder, string stream)
    {
        if (!LogStreams.Contains(stream))
        {
            throw new DashboardBadRequestException($"A trial's logs are {string.Join(" and ", LogStreams)}; there is no '{stream}'.");
        }

        return Resolve(folder, stream + ".txt");
    }

    /// <summary>Information about a log, without failing when it is missing or leads outside.</summary>
    public static LogInfoView LogInfo(string folder, string stream)
    {
        try
        {
            var info = new FileInfo(LogPath(folder, stream));
            return info.Exists ? new LogInfoView(true, info.Length) : new LogInfoView(false, 0);
        }
        catch (PathOutsideSweepException)
        {
            return new LogInfoView(false, 0);
        }
    }

    /// <summary>The end of a text file, at most <paramref name="maxBytes"/> bytes, with a note when the start was cut.</summary>
    public static async Task<string> TailAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new DashboardNotFoundException($"There is no {Path.GetFileName(path)} in the trial's folder (in-process trials write no logs; a trial that has not started has none yet).");
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = stream.Length;
        var skip = Math.Max(0, length - maxBytes);
        stream.Seek(skip, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (skip > 0)
        {
            var firstLine = text.IndexOf('\n', StringComparison.Ordinal);
            text = $"[... the first {skip + firstLine + 1} bytes are not shown ...]\n" + text[(firstLine + 1)..];
        }

        return text;
    }

    /// <summary>The files under a trial's folder (not following links out of it), by relative path.</summary>
    public static IReadOnlyList<FileView> List(string folder)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            return [];
        }

        var files = new List<FileView>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var path in Directory.EnumerateFiles(root, "*", options))
        {
            if (HardLinks.Count(path) > 1)
            {
                continue;
            }

            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            files.Add(new FileView(relative, new FileInfo(path).Length));
            if (files.Count >= MaxListed)
            {
                break;
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>A content type for a served file: text for logs and common text formats, else binary.</summary>
    public static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".txt" or ".log" or ".csv" or ".tsv" or ".yml" or ".yaml" or ".md" or ".py" or ".cs" or ".out" or ".err" => "text/plain; charset=utf-8",
        ".json" => "application/json",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".svg" => "text/plain; charset=utf-8", // an SVG may hold scripts: shown as text, never rendered
        _ => "application/octet-stream",
    };

    private static bool IsInside(string root, string path)
    {
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>The path with every symbolic link on it resolved (as realpath(3) does), for paths that exist so far.</summary>
    private static string RealPath(string path, int depth = 0)
    {
        if (depth > 40)
        {
            throw new PathOutsideSweepException("Too many levels of symbolic links.");
        }

        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                next = target is null ? next : RealPath(target.FullName, depth + 1);
            }

            current = next;
        }

        return current;
    }
}
