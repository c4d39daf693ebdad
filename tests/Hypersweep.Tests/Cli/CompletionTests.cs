using System.Diagnostics;
using Hypersweep.Tests.Examples;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Cli;

/// <summary>scripts/hypersweep-completion.bash completes commands and options in a real bash, asking the real tool.</summary>
public sealed class CompletionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string[]> CompleteAsync(params string[] words)
    {
        // 'hypersweep' on PATH, as a user has it.
        _dir.Write("bin/hypersweep", $"#!/bin/sh\nexec {CliProcess.CommandLine} \"$@\"\n");
        var script = Path.Combine(ExampleProcess.RepositoryRoot, "scripts", "hypersweep-completion.bash");
        var line = string.Join(' ', words);
        var setup = $"source '{script}'; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; COMP_WORDS=({line}); COMP_CWORD={words.Length - 1}; _hypersweep_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\"";
        var info = new ProcessStartInfo("bash", ["-c", setup]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["PATH"] = Path.Combine(_dir.Path, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Bash_CompletesCommandsAndTheirOptions()
    {
        Assert.Equal(["trials"], await CompleteAsync("hypersweep", "tri"));
        Assert.Equal(["importance"], await CompleteAsync("hypersweep", "imp"));
        Assert.Equal(["--plain"], await CompleteAsync("hypersweep", "run", "--pl"));
        Assert.Contains("--json", await CompleteAsync("hypersweep", "trials", "--"));
    }
}
