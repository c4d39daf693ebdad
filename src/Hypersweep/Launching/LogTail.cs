using System.Text;

namespace Hypersweep.Launching;

/// <summary>The end of a log file a trial writes (maybe still writing, maybe on another node through a shared file system).</summary>
public static class LogTail
{
    /// <summary>
    /// The last <paramref name="count"/> lines of a file, read from at most its last <paramref name="window"/> bytes,
    /// each cut to <paramref name="maxLineCharacters"/> characters (with "..."); none when it cannot be read. Trailing
    /// empty lines are left out.
    /// </summary>
    public static IReadOnlyList<string> LastLines(string path, int count, int window = 64 * 1024, int maxLineCharacters = 500)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = Math.Min(stream.Length, window);
            stream.Seek(-length, SeekOrigin.End);
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            var lines = Encoding.UTF8.GetString(bytes).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            while (lines.Count > 0 && lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }

            return [.. lines.TakeLast(count).Select(l => l.Length > maxLineCharacters ? l[..maxLineCharacters] + "..." : l)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
