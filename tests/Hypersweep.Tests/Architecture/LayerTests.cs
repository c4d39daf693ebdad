using System.Text.RegularExpressions;
using Hypersweep.Tests.Examples;

namespace Hypersweep.Tests.Architecture;

/// <summary>
/// The library's folders form layers (docs/architecture.md): each imports only layers below it, so a newcomer can read
/// them bottom up and a change in one never has to ripple upward through a cycle.
/// </summary>
public sealed partial class LayerTests
{
    private static readonly string Library = Path.Combine(ExampleProcess.RepositoryRoot, "src", "Hypersweep");

    [Fact]
    public void NoTwoLayersOfTheLibraryImportEachOther()
    {
        var imports = Imports();
        Assert.True(imports.Count >= 10, $"found only {imports.Count} layers under {Library}");
        var cycle = FindCycle(imports);
        Assert.True(cycle is null, $"the layers import each other in a cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void TheSchedulerPicksNoConcreteLauncher()
    {
        // Launching picks local processes or Slurm (TrialTemplate.CreateLauncher, OrphanedProcesses); Sweeps stays generic.
        var slurm = Directory.EnumerateFiles(Path.Combine(Library, "Sweeps"), "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadLines(f).Any(l => l.StartsWith("using Hypersweep.Launching.", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .ToList();
        Assert.Empty(slurm);
    }

    /// <summary>For each top-level folder (layer), the other layers its files import.</summary>
    private static Dictionary<string, HashSet<string>> Imports()
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(Library).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            var layer = Path.GetFileName(folder);
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match m in UsingLine().Matches(File.ReadAllText(file)))
                {
                    if (m.Groups[1].Value != layer)
                    {
                        used.Add(m.Groups[1].Value);
                    }
                }
            }

            result[layer] = used;
        }

        return result;
    }

    /// <summary>A cycle of layers, first layer repeated at the end, or null when there is none.</summary>
    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> imports)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string layer)
        {
            if (path.IndexOf(layer) is var at and >= 0)
            {
                return [.. path.Skip(at), layer];
            }

            if (!done.Add(layer))
            {
                return null;
            }

            path.Add(layer);
            foreach (var next in imports.GetValueOrDefault(layer) ?? [])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return imports.Keys.Order(StringComparer.Ordinal).Select(Visit).FirstOrDefault(c => c is not null);
    }

    [GeneratedRegex(@"^using Hypersweep\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingLine();
}
