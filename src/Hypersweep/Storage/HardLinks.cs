using System.Runtime.InteropServices;

namespace Hypersweep.Storage;

/// <summary>How many hard links a file has: more than one means the same file is also somewhere else.</summary>
public static partial class HardLinks
{
    /// <summary>The file's link count (1 for an ordinary file; 1 where it cannot be told: not Linux, or the file is gone).</summary>
    public static uint Count(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 1;
        }

        // struct statx has one layout on every Linux architecture: stx_nlink is the native-order u32 at byte 16.
        Span<byte> buffer = stackalloc byte[256];
        const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100;
        const uint StatxNlink = 0x4;
        return Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxNlink, ref MemoryMarshal.GetReference(buffer)) == 0
            ? MemoryMarshal.Read<uint>(buffer[16..])
            : 1;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}
