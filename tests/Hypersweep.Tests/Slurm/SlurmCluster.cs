using Hypersweep.Launching.Slurm;

namespace Hypersweep.Tests.Slurm;

/// <summary>
/// The one-node Slurm cluster the Slurm tests run against (scripts/start-slurm.sh starts it: partition debug, two
/// one-core jobs at once). Every test asks <see cref="RequireAsync"/> first, which fails, never skips, when it is not there.
/// </summary>
internal static class SlurmCluster
{
    /// <summary>The partition the tests submit to.</summary>
    public const string Partition = "debug";

    private static readonly Lazy<Task<string?>> Problem = new(FindProblemAsync);

    private static readonly SlurmCommandLine Commands = new(TimeProvider.System);

    /// <summary>Fails the test with what to do when Slurm is not installed, not running or has no debug partition.</summary>
    public static async Task RequireAsync()
    {
        if (await Problem.Value is { } problem)
        {
            Assert.Fail($"{problem}. The Slurm tests need the one-node test cluster: run scripts/start-slurm.sh (as root, or with sudo) first.");
        }
    }

    /// <summary>How a job ended (or where it is), as <c>scontrol show job</c> says.</summary>
    public static async Task<SlurmJobInfo> ShowJobAsync(string jobId)
    {
        var result = await Commands.RunAsync("scontrol", ["--oneliner", "show", "job", jobId], CancellationToken.None);
        return SlurmJobInfo.ParseScontrol(result.Stdout) ?? throw new InvalidOperationException($"scontrol does not know job {jobId}: {result.Stderr}");
    }

    /// <summary>The ids of the jobs pending or running now (any user's, any name).</summary>
    public static async Task<IReadOnlyList<string>> LiveJobsAsync()
    {
        var result = await Commands.RunAsync("squeue", ["--noheader", "--states=PENDING,CONFIGURING,RUNNING", "--format=%i"], CancellationToken.None);
        return result.ExitCode == 0 ? result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
    }

    /// <summary>The job id the launcher wrote into a trial's folder.</summary>
    public static string JobIdOf(string trialDirectory) => File.ReadAllText(Path.Combine(trialDirectory, "slurm-job-id.txt")).Trim();

    private static async Task<string?> FindProblemAsync()
    {
        var ping = await Commands.RunAsync("scontrol", ["ping"], CancellationToken.None);
        if (ping.NotFound)
        {
            return "Slurm is not installed here (scontrol is not on PATH)";
        }

        if (ping.ExitCode != 0 || !ping.Stdout.Contains("is UP", StringComparison.Ordinal))
        {
            return $"Slurm is not running here: 'scontrol ping' says: {(ping.Stdout + ping.Stderr).Trim().Split('\n')[0]}";
        }

        var partitions = await Commands.RunAsync("sinfo", ["--noheader", "--format=%R|%a|%D|%t"], CancellationToken.None);
        var debug = partitions.Stdout.Split('\n').Select(l => l.Split('|')).FirstOrDefault(p => p[0] == Partition);
        if (debug is null)
        {
            return $"the Slurm cluster has no '{Partition}' partition (sinfo: {(partitions.Stdout + partitions.Stderr).Trim()})";
        }

        return debug.Length < 4 || debug[1] != "up" || debug[3].StartsWith("down", StringComparison.Ordinal) || debug[3].StartsWith("drain", StringComparison.Ordinal)
            ? $"the Slurm partition '{Partition}' is not usable (sinfo: {string.Join("|", debug)})"
            : null;
    }
}
