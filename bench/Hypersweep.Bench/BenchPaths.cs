using System.Runtime.CompilerServices;

namespace Hypersweep.Bench;

/// <summary>Where the benchmark reads its inputs and writes its results, found from this source file's location.</summary>
internal static class BenchPaths
{
    /// <summary>The repository's bench/ folder.</summary>
    public static string BenchDirectory { get; } = Path.GetFullPath(Path.Combine(SourceDirectory(), ".."));

    /// <summary>bench/results/.</summary>
    public static string Results => Directory.CreateDirectory(Path.Combine(BenchDirectory, "results")).FullName;

    /// <summary>bench/peers/ (the Optuna scripts).</summary>
    public static string Peers => Path.Combine(BenchDirectory, "peers");

    /// <summary>bench/workloads/ (the real training jobs, a folder each with train.py and sweep.yml).</summary>
    public static string Workloads => Path.Combine(BenchDirectory, "workloads");

    /// <summary>bench/problems.json.</summary>
    public static string Problems => Path.Combine(BenchDirectory, "problems.json");

    /// <summary>A scratch folder for stores and trial folders, emptied first.</summary>
    public static string Scratch(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "hypersweep-bench", name);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        return Directory.CreateDirectory(dir).FullName;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
