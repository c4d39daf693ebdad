using System.CommandLine;
using Hypersweep.Storage;

namespace Hypersweep.Cli.Commands;

/// <summary>Options and arguments several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string?> Store() => new("--store")
    {
        Description = "The store: a SQLite file (or a folder holding hypersweep.db), or a PostgreSQL database (postgresql://user:pass@host/db). Default: .hypersweep/hypersweep.db under the working directory.",
    };

    public static Argument<string> Sweep() => new("sweep")
    {
        Description = "The sweep's name (the latest sweep of that name) or id.",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };

    /// <summary><c>--wide</c>: tables as wide as their content, not cut to the terminal.</summary>
    public static Option<bool> Wide() => new("--wide") { Description = "Show tables whole, even wider than the terminal (long cells are otherwise cut with …)." };

    /// <summary>The width tables are fitted to: the terminal's, unless --wide is given or the output is not a terminal.</summary>
    public static int? TableWidth(bool wide)
    {
        if (wide || Console.IsOutputRedirected)
        {
            return null;
        }

        try
        {
            return Console.WindowWidth > 20 ? Console.WindowWidth - 1 : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary><c>--set FIELD.PATH=VALUE</c> (repeatable): a field of the sweep file set on the command line.</summary>
    public static Option<string[]> Set() => new("--set")
    {
        Description = "Set a field of the sweep file without editing it, as FIELD.PATH=VALUE with a YAML value (e.g. --set limits.max_total_trials=3 --set search_space.lr.max_value=-2); may be repeated; checked like the file.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary><c>--plain</c>: log lines instead of the live view on a terminal (as when output is redirected or NO_COLOR is set).</summary>
    public static Option<bool> Plain() => new("--plain") { Description = "Print progress as log lines instead of the live view (the default when output is redirected or NO_COLOR is set)." };

    /// <summary>Opens a store for reading: it must exist.</summary>
    public static ISweepStore OpenForReading(string? store) => SweepStores.Open(store, create: false);

    /// <summary>Finds a sweep or explains which ones exist.</summary>
    public static async Task<SweepRecord> FindSweepAsync(ISweepStore store, string nameOrId, CancellationToken cancellationToken)
    {
        var sweep = await store.FindSweepAsync(nameOrId, cancellationToken);
        if (sweep is not null)
        {
            return sweep;
        }

        var all = await store.ListSweepsAsync(cancellationToken);
        var known = all.Count == 0
            ? "The store has no sweeps yet."
            : "Sweeps there: " + string.Join(", ", all.TakeLast(10).Select(s => $"{s.Name} (id {s.Id})")) + (all.Count > 10 ? ", ..." : string.Empty) + ".";
        throw new CliError($"No sweep named or numbered '{nameOrId}' in the store {store.Location}. {known} 'hypersweep sweeps' lists them all.");
    }
}
