using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Hypersweep.Launching;

/// <summary>Sends POSIX signals to processes (on Windows, SIGKILL ends the process tree).</summary>
internal static partial class ProcessSignals
{
    /// <summary>SIGTERM.</summary>
    public const int SigTerm = 15;

    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;

    /// <summary>Sends a signal to each process; processes that are already gone are skipped.</summary>
    public static void Signal(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids)
        {
            if (OperatingSystem.IsWindows())
            {
                if (signal == SigKill)
                {
                    try
                    {
                        using var p = Process.GetProcessById(pid);
                        p.Kill(entireProcessTree: true);
                    }
                    catch (ArgumentException)
                    {
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }

                continue;
            }

            _ = Kill(pid, signal);
        }
    }

    /// <summary>True when a process with this id exists.</summary>
    public static bool IsAlive(int pid) => Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
