using System.Diagnostics;
using System.Text.Json;

namespace Hypersweep.Bench;

/// <summary>Runs one of the Optuna peer scripts in bench/peers with Debian's /usr/bin/python3 and reads its JSON.</summary>
internal static class Peers
{
    /// <summary>The script's JSON output, or null when it could not run (no python3-optuna here); the caller then says so.</summary>
    public static JsonElement? Run(string script, params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(BenchPaths.Peers, script));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? JsonDocument.Parse(stdout).RootElement.Clone() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
