namespace Hypersweep.Launching;

/// <summary>
/// The Python helper modules put on every trial's PYTHONPATH: <c>hypersweep</c> (report metrics) and a small
/// <c>azureml.core.Run</c> compatibility module, so a HyperDrive v1 training script reports to Hypersweep unchanged.
/// </summary>
public static class PythonHelpers
{
    private const string Prefix = "Hypersweep.python.";
    private static readonly Lock Gate = new();

    /// <summary>The helper files: relative path and content.</summary>
    public static IReadOnlyList<(string Path, string Content)> Files { get; } = Load();

    /// <summary>Writes the helper modules into a folder (once; files already up to date are left alone) and returns the folder.</summary>
    public static string Extract(string directory)
    {
        lock (Gate)
        {
            foreach (var (relative, content) in Files)
            {
                var path = Path.Combine(directory, relative);
                if (File.Exists(path) && File.ReadAllText(path) == content)
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var temp = path + "." + Environment.ProcessId + ".tmp";
                File.WriteAllText(temp, content);
                File.Move(temp, path, overwrite: true);
            }
        }

        return directory;
    }

    private static List<(string, string)> Load()
    {
        var assembly = typeof(PythonHelpers).Assembly;
        var files = new List<(string, string)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            files.Add((name[Prefix.Length..].Replace('\\', '/'), reader.ReadToEnd()));
        }

        return files;
    }
}
