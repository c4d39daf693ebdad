using System.CommandLine;
using Hypersweep.Cli.Output;
using Hypersweep.Storage;

namespace Hypersweep.Cli.Commands;

/// <summary>
/// <c>hypersweep tag SWEEP key=value ... [--remove KEY] [--note TEXT]</c>: labels a sweep; the tags and the note are
/// shown by <c>sweeps</c>, <c>best</c> and the dashboard.
/// </summary>
internal static class TagCommand
{
    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var tags = new Argument<string[]>("tags") { Description = "Tags to set, as key=value (a key already there gets the new value).", Arity = ArgumentArity.ZeroOrMore };
        var remove = new Option<string[]>("--remove") { Description = "A tag key to remove (may be repeated).", AllowMultipleArgumentsPerToken = false };
        var note = new Option<string?>("--note") { Description = "A free-text note about the sweep (an empty one removes it)." };
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var command = new Command("tag", "Set or remove a sweep's tags (key=value) and its note; 'sweeps', 'best' and the dashboard show them. Without changes, prints them.") { sweepArgument, tags, remove, note, store, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var set = new List<(string Key, string Value)>();
            foreach (var tag in parse.GetValue(tags) ?? [])
            {
                var equals = tag.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0 || tag[..equals].Trim().Length == 0)
                {
                    throw new CliError($"The tag '{tag}' is not key=value (a non-empty key, then '=', then the value; e.g. owner=ana).");
                }

                set.Add((tag[..equals].Trim(), tag[(equals + 1)..]));
            }

            await using var sweepStore = SweepStores.Open(parse.GetValue(store), create: false);
            var sweep = await CommonOptions.FindSweepAsync(sweepStore, parse.GetValue(sweepArgument)!, cancellationToken);
            var removed = parse.GetValue(remove) ?? [];
            var newNote = parse.GetResult(note) is null ? sweep.Note : NullIfEmpty(parse.GetValue(note));
            if (set.Count > 0 || removed.Length > 0 || !string.Equals(newNote, sweep.Note, StringComparison.Ordinal))
            {
                var unknown = removed.Where(k => !sweep.Tags.ContainsKey(k)).ToList();
                if (unknown.Count > 0)
                {
                    throw new CliError($"Sweep '{sweep.Name}' (id {sweep.Id}) has no tag {string.Join(", ", unknown.Select(k => $"'{k}'"))} to remove; its tags: {Describe(sweep.Tags)}.");
                }

                var updated = new SortedDictionary<string, string>(sweep.Tags.ToDictionary(), StringComparer.Ordinal);
                foreach (var key in removed)
                {
                    updated.Remove(key);
                }

                foreach (var (key, value) in set)
                {
                    updated[key] = value;
                }

                await sweepStore.LabelSweepAsync(sweep.Id, updated, newNote, cancellationToken);
                sweep = await sweepStore.GetSweepAsync(sweep.Id, cancellationToken) ?? sweep;
            }

            Console.WriteLine(parse.GetValue(json)
                ? Json.Write(new { sweep = sweep.Id, name = sweep.Name, tags = sweep.Tags, note = sweep.Note })
                : $"Sweep '{sweep.Name}' (id {sweep.Id}): tags {Describe(sweep.Tags)}; note: {sweep.Note ?? "(none)"}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Tags as key=value, comma-separated, or "(none)".</summary>
    public static string Describe(IReadOnlyDictionary<string, string> tags) => tags.Count == 0 ? "(none)" : string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"));

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
