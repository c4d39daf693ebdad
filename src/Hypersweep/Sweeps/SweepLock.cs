using Hypersweep.Storage;

namespace Hypersweep.Sweeps;

/// <summary>
/// Ensures one controller per sweep on a shared filesystem: an exclusive lock on <c>controller.lock</c> in the sweep's
/// folder, held while the sweep runs. The operating system releases it when the process ends, however it ends
/// (SIGKILL, power loss), so a dead controller never blocks a resume.
/// </summary>
internal sealed class SweepLock : IDisposable
{
    private readonly FileStream _file;

    private SweepLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, or throws <see cref="SweepStillRunningException"/> naming the process that holds it.</summary>
    /// <exception cref="SweepStoreException">The folder or its lock file cannot be made or opened (the system's reason).</exception>
    public static SweepLock Acquire(string sweepDirectory, string sweepName, long sweepId)
    {
        var path = Path.Combine(sweepDirectory, "controller.lock");
        try
        {
            Directory.CreateDirectory(sweepDirectory);
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
            {
                writer.Write($"{Environment.ProcessId} {Environment.MachineName}");
            }

            file.Flush(flushToDisk: false);
            return new SweepLock(file);
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            var holder = TryRead(path);
            throw new SweepStillRunningException($"Sweep '{sweepName}' (id {sweepId}) is still being run by another Hypersweep process{(holder is null ? string.Empty : $" ({holder})")}. Stop that process first, or wait for it to finish.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SweepStoreException($"Sweep '{sweepName}' (id {sweepId}) cannot run: its folder cannot be used: {FileErrors.Describe(e, path, "opening")}.", e);
        }
    }

    /// <summary>ERROR_SHARING_VIOLATION, which .NET gives on Windows when another process holds the lock.</summary>
    private const int SharingViolation = 32;

    /// <summary>EWOULDBLOCK (EAGAIN) on Linux and macOS: .NET's flock of the file found another process's lock.</summary>
    private static readonly int[] WouldBlock = [11, 35];

    /// <summary>
    /// True when opening the lock file failed because another process holds its lock (the error differs by system:
    /// on Linux it is the errno EWOULDBLOCK, where Windows reports a sharing violation).
    /// </summary>
    private static bool IsHeldByAnother(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) == SharingViolation : WouldBlock.Contains(e.HResult);

    public void Dispose() => _file.Dispose();

    private static string? TryRead(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(file);
            var text = reader.ReadToEnd().Split(' ');
            return text.Length == 2 ? $"process {text[0]} on {text[1]}" : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>A sweep cannot be run or resumed because another live process runs it.</summary>
public sealed class SweepStillRunningException(string message) : InvalidOperationException(message);
