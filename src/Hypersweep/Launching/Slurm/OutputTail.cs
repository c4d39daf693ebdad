using System.Text;

namespace Hypersweep.Launching.Slurm;

/// <summary>
/// Reads the lines a job appends to a file (the job writes it, maybe on another node through a shared file system),
/// from a starting offset: each <see cref="Read"/> returns the complete lines added since the last one.
/// </summary>
internal sealed class OutputTail(string path, long offset)
{
    private readonly List<byte> _partial = [];
    private readonly byte[] _buffer = new byte[64 * 1024];
    private long _offset = offset;

    /// <summary>The length of a file now, or 0 when it does not exist: where to start reading what comes next.</summary>
    public static long LengthOf(string path)
    {
        try
        {
            return new FileInfo(path).Exists ? new FileInfo(path).Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The complete lines added since the last call; with <paramref name="final"/>, also an unfinished last line.</summary>
    public List<string> Read(bool final = false)
    {
        var lines = new List<string>();
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < _offset)
            {
                // The file was truncated or replaced: read it again from its start.
                _offset = 0;
                _partial.Clear();
            }

            stream.Seek(_offset, SeekOrigin.Begin);
            int read;
            while ((read = stream.Read(_buffer, 0, _buffer.Length)) > 0)
            {
                _offset += read;
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (_buffer[i] == (byte)'\n')
                    {
                        _partial.AddRange(_buffer.AsSpan(start, i - start));
                        lines.Add(Decode());
                        start = i + 1;
                    }
                }

                _partial.AddRange(_buffer.AsSpan(start, read - start));
            }
        }
        catch (FileNotFoundException)
        {
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // Read again at the next poll.
        }

        if (final && _partial.Count > 0)
        {
            lines.Add(Decode());
        }

        return lines;
    }

    private string Decode()
    {
        var line = Encoding.UTF8.GetString([.. _partial]).TrimEnd('\r');
        _partial.Clear();
        return line;
    }
}
