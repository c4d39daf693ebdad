using System.Globalization;
using System.Text.RegularExpressions;

namespace Hypersweep.Launching.Slurm;

/// <summary>
/// How trials are submitted to Slurm: the <c>trial.launcher</c> section of a sweep file with <c>type: slurm</c>.
/// Each trial becomes one batch job (<c>sbatch</c>) asking for these resources; <see cref="Check"/> lists every problem.
/// </summary>
public sealed partial record SlurmSettings
{
    /// <summary>The default number of CPUs per trial.</summary>
    public const int DefaultCpusPerTask = 1;

    /// <summary>The shortest allowed <see cref="PollInterval"/>.</summary>
    public static readonly TimeSpan MinPollInterval = TimeSpan.FromSeconds(0.1);

    /// <summary>The default interval between two looks at the queue.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Options Hypersweep sets itself, or that would break how it follows a job, with what to do instead.
    /// Matched as <c>--name</c>, <c>--name=value</c>, and for short options <c>-x</c> or <c>-xvalue</c>.
    /// </summary>
    internal static readonly IReadOnlyList<(string Long, string? Short, string Instead)> ReservedOptions =
    [
        ("--partition", "-p", "use trial.launcher.partition"),
        ("--cpus-per-task", "-c", "use trial.launcher.cpus_per_task"),
        ("--mem", null, "use trial.launcher.mem"),
        ("--gpus", "-G", "use trial.launcher.gpus"),
        ("--time", "-t", "use trial.launcher.time"),
        ("--output", "-o", "Hypersweep writes the job's stdout to stdout.txt in the trial's folder and reads its metrics there"),
        ("--error", "-e", "Hypersweep writes the job's stderr to stderr.txt in the trial's folder"),
        ("--chdir", "-D", "the job runs in trial.code"),
        ("--open-mode", null, "Hypersweep appends to the trial's stdout.txt"),
        ("--parsable", null, "Hypersweep submits with --parsable itself"),
        ("--wrap", null, "the job runs trial.command"),
        ("--array", "-a", "each trial is one job"),
        ("--requeue", null, "Hypersweep submits with --no-requeue: a requeued job would report its metrics twice"),
        ("--wait", "-W", "Hypersweep follows the job itself"),
    ];

    /// <summary>The partition (<c>--partition</c>), or null for the cluster's default partition. <value>The default is null.</value></summary>
    public string? Partition { get; init; }

    /// <summary>CPUs per trial (<c>--cpus-per-task</c>), at least 1. <value>The default is 1.</value></summary>
    public int CpusPerTask { get; init; } = DefaultCpusPerTask;

    /// <summary>
    /// Memory per trial (<c>--mem</c>): a whole number with an optional unit K, M, G or T (no unit: megabytes), or null
    /// for the cluster's default. <value>The default is null.</value>
    /// </summary>
    public string? Memory { get; init; }

    /// <summary>GPUs per trial (<c>--gpus</c>): a count, or <c>TYPE:COUNT</c>; null or "0" asks for none. <value>The default is null.</value></summary>
    public string? Gpus { get; init; }

    /// <summary>
    /// The time limit of each trial's job (<c>--time</c>) in Slurm's syntax: minutes (<c>5</c>), <c>MM:SS</c>,
    /// <c>HH:MM:SS</c>, <c>D-HH</c>, <c>D-HH:MM</c>, <c>D-HH:MM:SS</c>, or <c>UNLIMITED</c>; null for the partition's
    /// default. Slurm counts whole minutes. <value>The default is null.</value>
    /// </summary>
    public string? TimeLimit { get; init; }

    /// <summary>More sbatch arguments, one per item (<c>--qos=normal</c>, <c>--exclusive</c>), passed as given after Hypersweep's own. <value>The default is none.</value></summary>
    public IReadOnlyList<string> SbatchOptions { get; init; } = [];

    /// <summary>How often the queue is asked about running jobs (and their output read). <value>The default is 1 second; at least 0.1 second.</value></summary>
    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    /// <summary>True when <see cref="Gpus"/> asks for at least one GPU.</summary>
    public bool RequestsGpus => Gpus is { } g && !GpuCount().Match(g).Groups["count"].Value.All(c => c == '0');

    /// <summary>Every problem as (field, message) pairs, fields named as in the sweep file; empty when valid.</summary>
    public IReadOnlyList<(string Field, string Message)> Check()
    {
        var problems = new List<(string, string)>();
        if (Partition is not null && !PartitionName().IsMatch(Partition))
        {
            problems.Add(("partition", $"must be a partition name (letters, digits, '_', '-', '.'; several separated by ','), got '{Partition}'"));
        }

        if (CpusPerTask < 1)
        {
            problems.Add(("cpus_per_task", $"must be a whole number >= 1, got {CpusPerTask.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (Memory is not null && !MemorySize().IsMatch(Memory))
        {
            problems.Add(("mem", $"must be a whole number with an optional unit K, M, G or T (no unit means megabytes), e.g. 500M or 4G, got '{Memory}'"));
        }

        if (Gpus is not null && !GpuCount().IsMatch(Gpus))
        {
            problems.Add(("gpus", $"must be a whole number >= 0 or TYPE:COUNT (e.g. a100:2), got '{Gpus}'"));
        }

        if (TimeLimit is not null && !IsValidTimeLimit(TimeLimit))
        {
            problems.Add(("time", $"must be a number of minutes > 0 or a Slurm time (MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, UNLIMITED), got '{TimeLimit}'"));
        }

        foreach (var option in SbatchOptions)
        {
            if (CheckOption(option) is { } why)
            {
                problems.Add(("sbatch_options", why));
            }
        }

        if (PollInterval < MinPollInterval)
        {
            problems.Add(("poll_interval", $"must be a number of seconds >= {MinPollInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)}, got {PollInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)}"));
        }

        return problems;
    }

    /// <summary>True for a Slurm time limit other than zero.</summary>
    public static bool IsValidTimeLimit(string text)
    {
        if (text.Equals("UNLIMITED", StringComparison.OrdinalIgnoreCase) || text.Equals("INFINITE", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var match = TimeSyntax().Match(text);
        return match.Success && text.Any(c => c is >= '1' and <= '9');
    }

    /// <summary>The sbatch arguments for these settings, in order: the resources, then <see cref="SbatchOptions"/>.</summary>
    public IReadOnlyList<string> ToSbatchArguments()
    {
        var args = new List<string>();
        if (Partition is not null)
        {
            args.Add("--partition=" + Partition);
        }

        args.Add("--cpus-per-task=" + CpusPerTask.ToString(CultureInfo.InvariantCulture));
        if (Memory is not null)
        {
            args.Add("--mem=" + Memory);
        }

        if (RequestsGpus)
        {
            args.Add("--gpus=" + Gpus);
        }

        if (TimeLimit is not null)
        {
            args.Add("--time=" + TimeLimit);
        }

        args.AddRange(SbatchOptions);
        return args;
    }

    /// <summary>A short description for people: <c>partition debug, 1 CPU, 500M, time 5</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string> { Partition is null ? "default partition" : $"partition {Partition}", CpusPerTask == 1 ? "1 CPU" : $"{CpusPerTask.ToString(CultureInfo.InvariantCulture)} CPUs" };
        if (Memory is not null)
        {
            parts.Add($"mem {Memory}");
        }

        if (RequestsGpus)
        {
            parts.Add($"gpus {Gpus}");
        }

        if (TimeLimit is not null)
        {
            parts.Add($"time {TimeLimit}");
        }

        if (SbatchOptions.Count > 0)
        {
            parts.Add(string.Join(" ", SbatchOptions));
        }

        return string.Join(", ", parts);
    }

    private static string? CheckOption(string option)
    {
        if (!option.StartsWith('-') || option.Length < 2)
        {
            return $"each item must be one sbatch option starting with '-', such as --qos=normal, got '{option}'";
        }

        if (option.Any(char.IsControl))
        {
            return $"'{option.ReplaceLineEndings(" ")}' holds a line break or control character";
        }

        foreach (var (longName, shortName, instead) in ReservedOptions)
        {
            var isLong = option == longName || option.StartsWith(longName + "=", StringComparison.Ordinal);
            var isShort = shortName is not null && !option.StartsWith("--", StringComparison.Ordinal) && option.StartsWith(shortName, StringComparison.Ordinal);
            if (isLong || isShort)
            {
                return $"'{option}' is not allowed here: {instead}";
            }
        }

        if (option.Contains(' ', StringComparison.Ordinal) && !option.Contains('=', StringComparison.Ordinal))
        {
            return $"'{option}' holds a space: give one argument per item, as --name=value (e.g. [\"--qos=normal\", \"--exclusive\"])";
        }

        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(,[A-Za-z0-9_.\-]+)*$")]
    private static partial Regex PartitionName();

    [GeneratedRegex(@"^[0-9]+[KMGTkmgt]?$")]
    private static partial Regex MemorySize();

    [GeneratedRegex(@"^([A-Za-z0-9_.\-]+:)?(?<count>[0-9]+)$")]
    private static partial Regex GpuCount();

    // minutes | MM:SS | HH:MM:SS | D-HH | D-HH:MM | D-HH:MM:SS
    [GeneratedRegex(@"^([0-9]+|[0-9]+:[0-9]+|[0-9]+:[0-9]+:[0-9]+|[0-9]+-[0-9]+|[0-9]+-[0-9]+:[0-9]+|[0-9]+-[0-9]+:[0-9]+:[0-9]+)$")]
    private static partial Regex TimeSyntax();
}
