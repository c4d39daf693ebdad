using System.Buffers;
using System.Text;
using Hypersweep.Storage;

namespace Hypersweep.Launching;

/// <summary>
/// Copies one output stream of a trial into its log file byte for byte, as it comes, and hands each complete line to
/// the caller. Memory stays bounded whatever the trial prints: a line longer than <see cref="MaxLineBytes"/> is kept
/// whole in the log file but not read (the caller is told its number and length). A write that fails (a full disk, a
/// folder made read-only) is reported once with its cause; the stream is then drained without being kept, so the
/// trial never blocks on a pipe nobody reads.
/// </summary>
internal static class OutputCapture
{
    /// <summary>The longest line read for metrics: 1 MiB. Longer lines are kept in the log file only.</summary>
    public const int MaxLineBytes = 1 << 20;

    private const int ChunkBytes = 64 * 1024;

    /// <summary>What a capture reports, in the order of the stream.</summary>
    internal interface IReceiver
    {
        /// <summary>A complete line (without its line break), numbered from 1.</summary>
        void OnLine(string line, int number);

        /// <summary>A line longer than <see cref="MaxLineBytes"/>: kept in the log file, not read.</summary>
        void OnOverlongLine(int number, long bytes);

        /// <summary>The log file could not be written: the reason, e.g. "no space left on device writing /path/stdout.txt".</summary>
        void OnWriteFailed(string reason);
    }

    /// <summary>Copies the stream to the end (the trial's side closed it).</summary>
    public static async Task CopyAsync(Stream source, string path, IReceiver receiver)
    {
        FileStream? file = null;
        try
        {
            file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            receiver.OnWriteFailed(FileErrors.Describe(e, path));
        }

        var buffer = new byte[ChunkBytes];
        var line = new LineAssembler(receiver);
        try
        {
            int read;
            while ((read = await ReadAsync(source, buffer).ConfigureAwait(false)) > 0)
            {
                if (file is not null)
                {
                    try
                    {
                        await file.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        receiver.OnWriteFailed(FileErrors.Describe(e, path));
                        await CloseQuietlyAsync(file).ConfigureAwait(false);
                        file = null;
                    }
                }

                line.Add(buffer.AsSpan(0, read));
            }

            line.End();
        }
        finally
        {
            if (file is not null)
            {
                await CloseQuietlyAsync(file).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A read of the pipe; a pipe that breaks ends the stream.</summary>
    private static async Task<int> ReadAsync(Stream source, byte[] buffer)
    {
        try
        {
            return await source.ReadAsync(buffer).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return 0;
        }
    }

    private static async Task CloseQuietlyAsync(FileStream file)
    {
        try
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The failure was reported when the write failed.
        }
    }

    /// <summary>Splits bytes into lines, holding at most <see cref="MaxLineBytes"/> of the current one.</summary>
    private sealed class LineAssembler(IReceiver receiver)
    {
        private readonly ArrayBufferWriter<byte> _line = new();
        private long _length;
        private int _number;

        public void Add(ReadOnlySpan<byte> bytes)
        {
            while (bytes.Length > 0)
            {
                var newline = bytes.IndexOf((byte)'\n');
                var part = newline < 0 ? bytes : bytes[..newline];
                _length += part.Length;
                if (_length <= MaxLineBytes)
                {
                    _line.Write(part);
                }
                else
                {
                    _line.ResetWrittenCount();
                }

                if (newline < 0)
                {
                    return;
                }

                Finish();
                bytes = bytes[(newline + 1)..];
            }
        }

        public void End()
        {
            if (_length > 0)
            {
                Finish();
            }
        }

        private void Finish()
        {
            _number++;
            if (_length > MaxLineBytes)
            {
                receiver.OnOverlongLine(_number, _length);
            }
            else
            {
                var text = Encoding.UTF8.GetString(_line.WrittenSpan);
                receiver.OnLine(text.EndsWith('\r') ? text[..^1] : text, _number);
            }

            _line.ResetWrittenCount();
            _length = 0;
        }
    }
}
