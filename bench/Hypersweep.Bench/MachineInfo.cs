using System.Runtime.InteropServices;

namespace Hypersweep.Bench;

/// <summary>A one-line description of the machine a benchmark ran on.</summary>
internal static class MachineInfo
{
    /// <summary>
    /// The line under a benchmark's heading: the date, the machine, how long it ran and the command that runs it again
    /// (<paramref name="command"/>: what follows <c>--</c>).
    /// </summary>
    public static string RunLine(TimeSpan elapsed, string command) =>
        FormattableString.Invariant($"Run {DateTime.UtcNow:yyyy-MM-dd} on {Describe()}, in {elapsed.TotalMinutes:0.0} min. `dotnet run -c Release --project bench/Hypersweep.Bench -- {command}`.");

    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : RuntimeInformation.ProcessArchitecture.ToString();
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{cpu}, {Environment.ProcessorCount} logical CPUs, {memory:0.#} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
