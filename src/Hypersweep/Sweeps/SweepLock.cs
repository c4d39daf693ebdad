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
    public static SweepLock Acquire(string sweepDirectory, string sweepName, long sweepId)
    {
        Directory.CreateDirectory(sweepDirectory);
        var path = Path.Combine(sweepDirectory, "controller.lock");
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
            {
                writer.Write($"{Environment.ProcessId} {Environment.MachineName}");
            }

            file.Flush(flushToDisk: false);
            return new SweepLock(file);
        }
        catch (IOException)
        {
            var holder = TryRead(path);
            throw new SweepStillRunningException($"Sweep '{sweepName}' (id {sweepId}) is still being run by another Hypersweep process{(holder is null ? string.Empty : $" ({holder})")}. Stop that process first, or wait for it to finish.");
        }
    }

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
