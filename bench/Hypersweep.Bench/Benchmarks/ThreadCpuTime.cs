using System.Runtime.InteropServices;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>
/// CPU time of the calling thread (getrusage(RUSAGE_THREAD), microsecond resolution), so a measurement on a machine
/// shared with other jobs is not inflated by time spent waiting for a core. Null where it is unavailable.
/// </summary>
internal static class ThreadCpuTime
{
    private const int RusageThread = 1;

    /// <summary>The thread's user + system CPU time in milliseconds, or null.</summary>
    public static double? Milliseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return NativeMethods.getrusage(RusageThread, out var usage) == 0
                ? ((usage.UserSeconds + usage.SystemSeconds) * 1000.0) + ((usage.UserMicroseconds + usage.SystemMicroseconds) / 1000.0)
                : null;
        }
        catch (DllNotFoundException)
        {
            return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss;
        public long IxRss;
        public long IdRss;
        public long IsRss;
        public long MinFlt;
        public long MajFlt;
        public long NSwap;
        public long InBlock;
        public long OuBlock;
        public long MsgSnd;
        public long MsgRcv;
        public long NSignals;
        public long NvCsw;
        public long NivCsw;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // a plain P/Invoke keeps the bench project free of unsafe code
        public static extern int getrusage(int who, out Rusage usage);
#pragma warning restore SYSLIB1054
    }
}
