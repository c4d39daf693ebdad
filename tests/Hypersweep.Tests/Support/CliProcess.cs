using System.Diagnostics;
using System.Text;

namespace Hypersweep.Tests.Support;

/// <summary>Runs the real hypersweep command (the built Hypersweep.Cli next to the tests) as a child process.</summary>
public static class CliProcess
{
    private static readonly string Dll = System.IO.Path.Combine(AppContext.BaseDirectory, "Hypersweep.Cli.dll");

    /// <summary>The command line that runs the built tool, for programs that call it (HYPERSWEEP_CLI).</summary>
    public static string CommandLine => $"dotnet '{Dll}'";

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    /// <summary>Runs the command to its end.</summary>
    public static Task<Result> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, args, environment: null);

    /// <summary>Runs the command to its end with extra environment variables.</summary>
    public static async Task<Result> RunAsync(string workingDirectory, string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        using var process = Start(workingDirectory, args, out var stdout, out var stderr, environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Starts the command; output is collected into the builders as it comes.</summary>
    public static Process Start(string workingDirectory, string[] args, out StringBuilder stdout, out StringBuilder stderr, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        var o = new StringBuilder();
        var e = new StringBuilder();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (o)
                {
                    o.AppendLine(line.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (e)
                {
                    e.AppendLine(line.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        stdout = o;
        stderr = e;
        return process;
    }
}
