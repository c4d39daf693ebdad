using System.Runtime.InteropServices;

namespace Hypersweep.Bench;

/// <summary>A one-line description of the machine a benchmark ran on.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : RuntimeInformation.ProcessArchitecture.ToString();
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{cpu}, {Environment.ProcessorCount} logical CPUs, {memory:0.#} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
