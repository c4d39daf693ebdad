using System.Text;
using System.Text.RegularExpressions;
using Hypersweep.Space;

namespace Hypersweep.Launching;

/// <summary>
/// A trial command split into an argument list the way a POSIX shell splits words (spaces separate; single quotes,
/// double quotes and backslashes group and escape), but run without a shell: no variables, globs, pipes or redirects.
/// Placeholders <c>${{search_space.NAME}}</c> and <c>${{inputs.NAME}}</c> are replaced inside each argument, so a value
/// with spaces stays one argument; <c>${{outputs.NAME}}</c> (Azure ML components' outputs) is the folder NAME inside the
/// trial's output folder. When the command has no search-space placeholder, the parameters are appended as
/// <c>--NAME VALUE</c> (HyperDrive v1 style).
/// <para>
/// In a conditional search space a trial lacks the parameters that are inactive for it. A word holding a placeholder
/// of a parameter the trial lacks is left out of its argument list, and so is the word just before it when that word
/// is an option name (it starts with <c>-</c> or <c>--</c> and a letter, has no <c>=</c> and no placeholder): with
/// <c>--momentum ${{search_space.momentum}}</c> an Adam trial gets neither word, and <c>--momentum=${{search_space.momentum}}</c>
/// is one word, left out whole. The appended <c>--NAME VALUE</c> pairs name only the parameters the trial has.
/// </para>
/// </summary>
public sealed partial class CommandTemplate
{
    private CommandTemplate(string text, IReadOnlyList<string> arguments)
    {
        Text = text;
        Arguments = arguments;
        SearchSpaceNames = [.. arguments.SelectMany(a => Placeholders().Matches(a)).Where(m => m.Groups["kind"].Value == "search_space").Select(m => m.Groups["name"].Value).Distinct()];
        InputNames = [.. arguments.SelectMany(a => Placeholders().Matches(a)).Where(m => m.Groups["kind"].Value == "inputs").Select(m => m.Groups["name"].Value).Distinct()];
        OutputNames = [.. arguments.SelectMany(a => Placeholders().Matches(a)).Where(m => m.Groups["kind"].Value == "outputs").Select(m => m.Groups["name"].Value).Distinct()];
    }

    /// <summary>The output names the command refers to (<c>${{outputs.NAME}}</c>): each a folder in the trial's output folder.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The command as written.</summary>
    public string Text { get; }

    /// <summary>The words of the command, placeholders not yet replaced.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The parameter names the command refers to.</summary>
    public IReadOnlyList<string> SearchSpaceNames { get; }

    /// <summary>The input names the command refers to.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Splits a command.</summary>
    /// <exception cref="FormatException">The command is empty, has an unclosed quote, uses a shell operator, or a malformed placeholder.</exception>
    public static CommandTemplate Parse(string command)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord)
                    {
                        words.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }

                    break;
                case '\'':
                    {
                        var end = command.IndexOf('\'', i + 1);
                        if (end < 0)
                        {
                            throw new FormatException($"the command has an unclosed ' at position {i + 1}");
                        }

                        current.Append(command, i + 1, end - i - 1);
                        i = end;
                        inWord = true;
                        break;
                    }

                case '"':
                    {
                        var j = i + 1;
                        for (; j < command.Length && command[j] != '"'; j++)
                        {
                            if (command[j] == '\\' && j + 1 < command.Length && command[j + 1] is '"' or '\\' or '$' or '`')
                            {
                                j++;
                            }

                            current.Append(command[j]);
                        }

                        if (j >= command.Length)
                        {
                            throw new FormatException($"the command has an unclosed \" at position {i + 1}");
                        }

                        i = j;
                        inWord = true;
                        break;
                    }

                case '\\' when i + 1 < command.Length:
                    if (command[i + 1] is not ('\n' or '\r'))
                    {
                        current.Append(command[i + 1]);
                        inWord = true;
                    }

                    i++;
                    break;
                case '|' or '&' or ';' or '<' or '>' or '`':
                    throw new FormatException($"the command uses the shell operator '{c}' at position {i + 1}, but trials run without a shell; quote it, or run a shell explicitly: bash -c '...'");
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        if (words.Count == 0)
        {
            throw new FormatException("the command is empty");
        }

        foreach (var word in words)
        {
            var stripped = Placeholders().Replace(word, string.Empty);
            if (stripped.Contains("${{", StringComparison.Ordinal))
            {
                throw new FormatException($"'{word}' has a placeholder Hypersweep does not know; use ${{{{search_space.NAME}}}}, ${{{{inputs.NAME}}}} or ${{{{outputs.NAME}}}}");
            }
        }

        return new CommandTemplate(command, words);
    }

    /// <summary>
    /// The argument list for one trial. A word with a placeholder of a parameter the trial lacks (inactive in a
    /// conditional space) is left out, with the option name before it (see the type's remarks).
    /// </summary>
    /// <exception cref="KeyNotFoundException">The command refers to an input that <paramref name="inputs"/> lacks.</exception>
    public IReadOnlyList<string> Render(ParameterSet parameters, IReadOnlyDictionary<string, string> inputs) => Render(parameters, inputs, null);

    /// <summary>
    /// The argument list for one trial whose output folder is <paramref name="outputDirectory"/>: each
    /// <c>${{outputs.NAME}}</c> becomes the folder NAME in it (left as written when null).
    /// </summary>
    /// <exception cref="KeyNotFoundException">The command refers to an input that <paramref name="inputs"/> lacks.</exception>
    public IReadOnlyList<string> Render(ParameterSet parameters, IReadOnlyDictionary<string, string> inputs, string? outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(inputs);
        var args = new List<string>(Arguments.Count);
        var previousIsOption = false;
        foreach (var word in Arguments)
        {
            var inactive = Placeholders().Matches(word).Any(m => m.Groups["kind"].Value == "search_space" && !parameters.TryGetValue(m.Groups["name"].Value, out _));
            if (inactive)
            {
                if (previousIsOption)
                {
                    args.RemoveAt(args.Count - 1);
                }

                previousIsOption = false;
                continue;
            }

            previousIsOption = OptionName().IsMatch(word) && !Placeholders().IsMatch(word);
            args.Add(Placeholders().Replace(word, m =>
            {
                var name = m.Groups["name"].Value;
                return m.Groups["kind"].Value switch
                {
                    "search_space" => parameters[name].ToString(),
                    "outputs" => outputDirectory is null ? m.Value : Path.Combine(outputDirectory, name),
                    _ => inputs.TryGetValue(name, out var input) ? input : throw new KeyNotFoundException($"The command refers to ${{{{inputs.{name}}}}}, which is not in inputs."),
                };
            }));
        }

        if (SearchSpaceNames.Count == 0)
        {
            foreach (var (name, value) in parameters)
            {
                args.Add("--" + name);
                args.Add(value.ToString());
            }
        }

        return args;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>An option name that a value word may follow: <c>-x</c>, <c>--name</c>, without <c>=</c>.</summary>
    [GeneratedRegex("^--?[A-Za-z][^=]*$")]
    private static partial Regex OptionName();

    [GeneratedRegex(@"\$\{\{\s*(?<kind>search_space|inputs|outputs)\.(?<name>[A-Za-z_][A-Za-z0-9_-]*)\s*\}\}")]
    private static partial Regex Placeholders();
}
