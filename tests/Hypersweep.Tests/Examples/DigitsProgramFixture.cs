using System.Diagnostics;

namespace Hypersweep.Tests.Examples;

/// <summary>
/// Builds examples/digits once (Release, as the README's quick start does) for every test in the "Digits example"
/// collection. The example is not part of the solution, so this is also what keeps it compiling.
/// </summary>
public sealed class DigitsProgramFixture : IAsyncLifetime
{
    /// <summary>Building from scratch (restore of Microsoft.ML from the local cache, two projects) takes about 30 s here.</summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    public static string ProjectDirectory { get; } = Path.Combine(ExampleProcess.RepositoryRoot, "examples", "digits");

    /// <summary>The built program, where the sweep file's command expects it.</summary>
    public static string Program { get; } = Path.Combine(ProjectDirectory, "bin", "Release", "net10.0", "Digits.dll");

    /// <summary>How long the build took, for the curious.</summary>
    public TimeSpan BuildTime { get; private set; }

    /// <summary>The in-process example (examples/in-process), which shares the digits data and is built alongside.</summary>
    public static string InProcessProgram { get; } = Path.Combine(ExampleProcess.RepositoryRoot, "examples", "in-process", "bin", "Release", "net10.0", "InProcess.dll");

    public async ValueTask InitializeAsync()
    {
        await BuildAsync(ProjectDirectory, Program);
        await BuildAsync(Path.Combine(ExampleProcess.RepositoryRoot, "examples", "in-process"), InProcessProgram);
    }

    private async Task BuildAsync(string projectDirectory, string program)
    {
        var info = ExampleProcess.StartInfo("dotnet", ["build", projectDirectory, "-c", "Release", "--nologo", "-v", "q", "-nodeReuse:false", "-p:UseSharedCompilation=false"], ExampleProcess.RepositoryRoot, new Dictionary<string, string>
        {
            // No build servers left behind holding this test run's pipes.
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        });
        var clock = Stopwatch.StartNew();
        var result = await ExampleProcess.RunAsync(info, BuildTimeout, CancellationToken.None);
        BuildTime += clock.Elapsed;
        if (result.ExitCode != 0 || !File.Exists(program))
        {
            throw new InvalidOperationException($"building {projectDirectory} failed: {ExampleProcess.Describe(info)}{Environment.NewLine}{result}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Runs the built program with arguments, in <paramref name="workingDirectory"/>.</summary>
    internal static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
        => ExampleProcess.RunAsync(StartInfo(arguments, workingDirectory, environment), TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

    internal static ProcessStartInfo StartInfo(IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
        => ExampleProcess.StartInfo("dotnet", [Program, .. arguments], workingDirectory, environment);
}

/// <summary>The tests that need the built digits example; they run one after another and share one build.</summary>
[CollectionDefinition(Name)]
public sealed class DigitsExampleGroup : ICollectionFixture<DigitsProgramFixture>
{
    public const string Name = "Digits example";
}
