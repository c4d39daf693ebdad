using System.Diagnostics;
using System.Text;
using Hypersweep.Metrics;

namespace Hypersweep.Tests.Examples;

/// <summary>Runs the example programs as real processes, as a user (or a sweep) would.</summary>
internal static class ExampleProcess
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds Hypersweep.slnx.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A process with an argument list (no shell), the environment of this process minus anything a sweep or an enclosing build set, plus <paramref name="environment"/>.</summary>
    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in info.Environment.Keys.ToList())
        {
            if (key.StartsWith("HYPERSWEEP_", StringComparison.Ordinal) || key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase))
            {
                info.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>Runs a program to its end and returns what it printed.</summary>
    /// <exception cref="TimeoutException">It did not end within <paramref name="timeout"/>; it has been killed.</exception>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo info, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(info)} did not end within {timeout.TotalSeconds} s");
        }

        // A helper process that inherited the pipes (a build server) may hold them open after the program has ended.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
        return new ProcessResult(process.ExitCode, stdout.IsCompletedSuccessfully ? stdout.Result : string.Empty, stderr.IsCompletedSuccessfully ? stderr.Result : string.Empty);
    }

    public static string Describe(ProcessStartInfo info) => $"'{info.FileName} {string.Join(' ', info.ArgumentList)}' (in {info.WorkingDirectory})";

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hypersweep.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Hypersweep.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>How a program ended and what it printed.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Every metric line on stdout, parsed with the protocol parser the launcher uses.</summary>
    public IReadOnlyList<ReportedMetric> Metrics => [.. Lines.Select(Parse).OfType<ReportedMetric>()];

    public IEnumerable<string> Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'));

    /// <summary>The values of one metric, in the order printed.</summary>
    public IReadOnlyList<ReportedMetric> Series(string name) => [.. Metrics.Where(m => m.Name == name)];

    /// <summary>For assertion messages: the exit code and both streams.</summary>
    public override string ToString()
    {
        var text = new StringBuilder().Append("exit code ").Append(ExitCode).AppendLine();
        text.AppendLine("--- stdout ---").AppendLine(Stdout.TrimEnd());
        text.AppendLine("--- stderr ---").AppendLine(Stderr.TrimEnd());
        return text.ToString();
    }

    private static ReportedMetric? Parse(string line)
    {
        if (!MetricLine.IsMetricLine(line))
        {
            return null;
        }

        // A metric line the launcher could not parse would be lost in a sweep: fail loudly.
        return MetricLine.TryParse(line, out var metric, out var error) ? metric : throw new FormatException($"malformed metric line ({error}): {line}");
    }
}
