using System.Diagnostics;
using System.Text;

namespace Hypersweep.Bench;

/// <summary>Runs the real <c>hypersweep</c> command (Hypersweep.Cli.dll, built beside the bench) as a separate process.</summary>
internal static class HypersweepCli
{
    /// <summary>Starts <c>hypersweep ARGS</c> in <paramref name="dir"/>; its stderr is echoed, indented; its stdout goes to <paramref name="stdout"/> or nowhere.</summary>
    public static Process Start(string dir, string[] args, StringBuilder? stdout = null)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hypersweep.Cli.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var p = Process.Start(info)!;
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && stdout is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(line);
                }
            }
        };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.Error.WriteLine("    " + line);
            }
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>Runs <c>hypersweep ARGS</c> in <paramref name="dir"/> to its end; throws unless it exits with 0; returns its stdout.</summary>
    public static async Task<string> RunAsync(string dir, params string[] args)
    {
        var stdout = new StringBuilder();
        using var p = Start(dir, args, stdout);
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"hypersweep {string.Join(' ', args)} in {dir} exited with {p.ExitCode}");
        }

        lock (stdout)
        {
            return stdout.ToString();
        }
    }
}
