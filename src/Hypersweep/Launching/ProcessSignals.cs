using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Hypersweep.Launching;

/// <summary>Sends POSIX signals to a process and all its descendants.</summary>
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

    /// <summary>The process and its descendants, parent first.</summary>
    public static List<int> TreeOf(int pid)
    {
        var result = new List<int> { pid };
        if (!Directory.Exists("/proc"))
        {
            return result;
        }

        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var child))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(afterName[1], CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(child);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        for (var i = 0; i < result.Count; i++)
        {
            if (children.TryGetValue(result[i], out var list))
            {
                result.AddRange(list);
            }
        }

        return result;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
