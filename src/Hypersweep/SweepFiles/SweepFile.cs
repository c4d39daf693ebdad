using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Termination;
using Hypersweep.Trials;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hypersweep.SweepFiles;

/// <summary>
/// Loads a sweep file: Azure ML v2 sweep job YAML (<c>type: sweep</c>, <c>trial</c>, <c>search_space</c>,
/// <c>sampling_algorithm</c>, <c>objective</c>, <c>limits</c>, <c>early_termination</c>, <c>inputs</c>), plus a few
/// Hypersweep fields (<c>limits.grace_period</c>, <c>trial.metrics</c>, <c>trial.launcher</c>). Every problem of a file is reported together,
/// each with its line, field and what is allowed.
/// </summary>
public static class SweepFile
{
    /// <summary>Fields Azure ML uses for its own service; accepted and ignored without comment.</summary>
    public static readonly IReadOnlyList<string> MetadataFields = ["$schema", "display_name", "experiment_name", "tags", "description"];

    /// <summary>Fields that only mean something on Azure ML; accepted with a warning that they are ignored here.</summary>
    public static readonly IReadOnlyList<string> AzureOnlyFields = ["compute", "environment", "identity", "outputs", "queue_settings", "resources", "services", "properties"];

    private static readonly string[] TopFields = ["type", "name", "trial", "search_space", "sampling_algorithm", "objective", "limits", "early_termination", "inputs", "resume_from", "resume_child_runs", "objectives", "constraints", "initial_trials"];

    /// <summary>Loads and checks a sweep file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="requireTrial">False for a sweep whose trials run in-process, which needs no <c>trial</c> section.</param>
    /// <exception cref="SweepFileException">The file is missing, unreadable or invalid.</exception>
    public static SweepSpec Load(string path, bool requireTrial = true) => LoadWithOverrides(path, [], requireTrial);

    /// <summary>
    /// Loads and checks a sweep file with some fields set on the command line (<c>--set FIELD.PATH=VALUE</c>): each
    /// replaces or adds that field before the file is read, and is checked by the file's own rules. The spec's
    /// <see cref="SweepSpec.SourceText"/> is then the file as set, so a resumed sweep reads what ran.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="overrides">Each <c>FIELD.PATH=VALUE</c>, the value YAML (<c>3</c>, <c>"loguniform(-9, -2)"</c>, <c>{type: bayesian, seed: 3}</c>); applied in order.</param>
    /// <param name="requireTrial">False for a sweep whose trials run in-process, which needs no <c>trial</c> section.</param>
    /// <exception cref="SweepFileException">The file is missing, unreadable or invalid, or an override is malformed.</exception>
    public static SweepSpec LoadWithOverrides(string path, IReadOnlyList<string> overrides, bool requireTrial)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : $"the file cannot be read ({e.Message})";
            throw new SweepFileException(path, [new SweepFileError(path, 0, 0, string.Empty, why)]);
        }

        return ParseWithOverrides(text, path, requireTrial, overrides);
    }

    /// <summary>Parses and checks the text of a sweep file; <paramref name="path"/> names it in messages and anchors relative paths.</summary>
    /// <exception cref="SweepFileException">The text is invalid.</exception>
    public static SweepSpec Parse(string text, string path, bool requireTrial = true) => ParseWithOverrides(text, path, requireTrial, []);

    private static SweepSpec ParseWithOverrides(string text, string path, bool requireTrial, IReadOnlyList<string> overrides)
    {
        var reader = new YamlReader(path);
        YamlNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                throw new SweepFileException(path, [new SweepFileError(path, 0, 0, string.Empty, "the file is empty; a sweep file needs type, trial, search_space, objective")]);
            }

            root = stream.Documents[0].RootNode;
            if (overrides.Count > 0 && root is YamlMappingNode mapping)
            {
                SweepFileOverrides.Apply(mapping, overrides, path, reader.Unplaced);
                text = SweepFileOverrides.Text(stream, overrides);
            }
        }
        catch (YamlException e)
        {
            var why = (e.InnerException?.Message ?? e.Message).Trim();
            throw new SweepFileException(path, [new SweepFileError(path, (int)e.Start.Line, (int)e.Start.Column, string.Empty, $"not valid YAML: {why}")]);
        }

        var top = reader.Mapping(root, string.Empty, [.. TopFields, .. MetadataFields, .. AzureOnlyFields], azureOnly: AzureOnlyFields);

        if (!top.TryGetValue("type", out var type))
        {
            reader.Error(root, "type", "is required and must be 'sweep'");
        }
        else if (type.Value is not YamlScalarNode { Value: "sweep" })
        {
            reader.Error(type.Value, "type", $"must be 'sweep', got {YamlReader.Describe(type.Value)}");
        }

        string? name = null;
        if (top.TryGetValue("name", out var nameNode))
        {
            name = reader.String(nameNode.Value, "name");
        }
        else if (top.TryGetValue("display_name", out var displayNode) && displayNode.Value is YamlScalarNode { Value: { Length: > 0 } display })
        {
            name = display;
        }

        var space = top.TryGetValue("search_space", out var ss) ? ReadSearchSpace(reader, ss.Value) : Missing<SearchSpace>(reader, root, "search_space", "a mapping of parameter names to expressions");
        var objectives = top.TryGetValue("objectives", out var obs) ? ReadObjectives(reader, obs.Value) : null;
        var objective = top.TryGetValue("objective", out var ob) ? ReadObjective(reader, ob.Value)
            : objectives is not null ? objectives.FirstOrDefault()
            : top.ContainsKey("objectives") ? null
            : Missing<Objective>(reader, root, "objective", "primary_metric and goal (or objectives: a list of metric and goal, for several)");
        if (ob.Value is not null && obs.Value is not null)
        {
            reader.Error(obs.Key, "objectives", "cannot be given with objective: give one objective, or a list of them under objectives (the first is the primary)");
        }

        var constraints = top.TryGetValue("constraints", out var cs) ? ReadConstraints(reader, cs.Value) : [];
        var sampling = top.TryGetValue("sampling_algorithm", out var sa) ? ReadSampling(reader, sa.Value) : new SamplingSpec();
        var limits = top.TryGetValue("limits", out var li) ? ReadLimits(reader, li.Value) : new SweepLimits();
        var termination = top.TryGetValue("early_termination", out var et) ? ReadTermination(reader, et.Value) : null;
        var inputs = new Dictionary<string, string>(top.TryGetValue("inputs", out var inNode) ? SweepFileSections.Inputs.Read(reader, inNode.Value) ?? [] : [], StringComparer.Ordinal);
        var trial = top.TryGetValue("trial", out var tr) ? ReadTrial(reader, tr.Value, space, inputs)
            : requireTrial ? Missing<TrialSpec>(reader, root, "trial", "a mapping with command (and code, environment_variables)") : null;
        var resumeFrom = top.TryGetValue("resume_from", out var rf) ? ReadReferences(reader, rf.Value, "resume_from") : [];
        var resumeChildRuns = top.TryGetValue("resume_child_runs", out var rc) ? ReadReferences(reader, rc.Value, "resume_child_runs") : [];
        var initialTrials = top.TryGetValue("initial_trials", out var it) ? ReadInitialTrials(reader, it.Value, space) : [];

        // Check what was read, even when other parts had errors, so that every problem is reported at once;
        // a stand-in replaces a part that could not be read, and problems about such parts are not repeated.
        var spec = new SweepSpec
        {
            Name = name,
            SearchSpace = space ?? new SearchSpace(),
            Objective = objective ?? new Objective("?", Goal.Maximize),
            SecondaryObjectives = objectives is { Count: > 1 } && ob.Value is null ? [.. objectives.Skip(1)] : [],
            Constraints = constraints,
            Sampling = sampling ?? new SamplingSpec(),
            Limits = limits ?? new SweepLimits(),
            EarlyTermination = termination,
            Trial = trial?.Template(inputs),
            TrialRetries = trial?.Retries ?? 0,
            ResumeFrom = resumeFrom,
            ResumeChildRuns = resumeChildRuns,
            InitialTrials = initialTrials,
            SourcePath = Path.GetFullPath(path),
            SourceText = text,
            Warnings = reader.Warnings,
        };
        var unread = new List<string>();
        if (space is null)
        {
            unread.Add("search_space");
        }

        if (objective is null)
        {
            unread.Add("objective");
            unread.Add("objectives");
        }

        if (sampling is null)
        {
            unread.Add("sampling_algorithm");
        }

        foreach (var (field, message) in spec.Check())
        {
            if (!unread.Any(u => field == u || field.StartsWith(u + ".", StringComparison.Ordinal)) && !(space is null && field.StartsWith("trial.command", StringComparison.Ordinal)))
            {
                reader.ErrorAt(field, message);
            }
        }

        if (reader.Errors.Count == 0)
        {
            return spec;
        }

        throw new SweepFileException(path, [.. reader.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
    }

    private static T? Missing<T>(YamlReader reader, YamlNode root, string field, string what)
        where T : class
    {
        reader.Error(root, field, $"is required: {what}");
        return null;
    }

    private static SearchSpace? ReadSearchSpace(YamlReader reader, YamlNode node)
    {
        if (node is not YamlMappingNode)
        {
            reader.Error(node, "search_space", "must be a mapping of parameter names to expressions");
            return null;
        }

        var space = new SearchSpace();
        var ok = ReadSpaceInto(reader, node, "search_space", space, null, new Dictionary<string, string>(StringComparer.Ordinal));
        if (space.Count == 0 && ok)
        {
            reader.Error(node, "search_space", "must declare at least one parameter");
        }

        return ok ? space : null;
    }

    /// <summary>
    /// Reads one level of the search-space tree (the top-level <c>search_space</c>, or the <c>search_space</c> of a
    /// choice value) into <paramref name="space"/>, each parameter under <paramref name="condition"/>, then the levels
    /// below each choice value that brings parameters. <paramref name="declared"/> holds the field path of every name
    /// read so far, so that a name used twice anywhere in the tree is reported with both places.
    /// </summary>
    private static bool ReadSpaceInto(YamlReader reader, YamlNode node, string field, SearchSpace space, ParameterCondition? condition, Dictionary<string, string> declared)
    {
        if (node is not YamlMappingNode mapping)
        {
            reader.Error(node, field, $"must be a mapping of parameter names to expressions, got {YamlReader.Describe(node)}");
            return false;
        }

        reader.Remember(field, node);
        var ok = true;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var parameter = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var parameterField = $"{field}.{parameter}";
            reader.Remember(parameterField, valueNode);
            if (!SearchSpace.IsValidName(parameter))
            {
                reader.Error(keyNode, parameterField, "a parameter name must start with a letter or '_' and hold only letters, digits, '_' and '-'");
                ok = false;
                continue;
            }

            if (declared.TryGetValue(parameter, out var first))
            {
                reader.Error(keyNode, parameterField, $"the parameter name '{parameter}' is already declared at {first}; names must be unique across the whole search space, conditional branches included, since a trial's arguments and environment name a parameter without its place in the tree");
                ok = false;
                continue;
            }

            declared[parameter] = parameterField;
            var nested = new List<(int Index, YamlNode Space)>();
            var distribution = ReadDistribution(reader, valueNode, parameterField, nested);
            if (distribution is null)
            {
                ok = false;
            }
            else
            {
                space.Add(parameter, distribution, condition);
                if (distribution.Warning is { } warning)
                {
                    reader.Warn(valueNode, $"{parameterField}: {warning}");
                }
            }

            // The branches are read even when the choice itself has problems, into a scratch space then, so that
            // every problem of the file is reported at once.
            var choice = distribution as ChoiceDistribution;
            foreach (var (index, spaceNode) in nested)
            {
                var below = $"{parameterField}.values[{index}].search_space";
                if (spaceNode is YamlMappingNode { Children.Count: 0 })
                {
                    reader.Error(spaceNode, below, "must declare at least one parameter; leave search_space out for a value that brings none");
                    ok = false;
                    continue;
                }

                ok &= choice is null
                    ? ReadSpaceInto(reader, spaceNode, below, new SearchSpace(), null, declared)
                    : ReadSpaceInto(reader, spaceNode, below, space, new ParameterCondition(parameter, choice.Values[index]), declared);
            }
        }

        return ok;
    }

    private static Distribution? ReadDistribution(YamlReader reader, YamlNode node, string field, List<(int Index, YamlNode Space)> nested)
    {
        if (node is YamlScalarNode { Value: { } expression } && YamlReader.Scalar((YamlScalarNode)node) is string)
        {
            try
            {
                return SpaceExpression.Parse(expression);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                reader.Error(node, field, e.Message);
                return null;
            }
        }

        if (node is not YamlMappingNode)
        {
            reader.Error(node, field, "must be an expression: a mapping with type (choice, randint, uniform, loguniform, normal, lognormal, quniform, qloguniform, qnormal, qlognormal) and its arguments, or a string such as 'uniform(0, 1)'");
            return null;
        }

        var entries = reader.Mapping(node, field, ["type", "values", "upper", "min_value", "max_value", "mu", "sigma", "q"], (key, keyNode) =>
            reader.Error(keyNode, $"{field}.{key}", "unknown field; an expression has type and its arguments (values; upper; min_value, max_value; mu, sigma; q)"));
        if (!entries.TryGetValue("type", out var typeEntry))
        {
            reader.Error(node, $"{field}.type", $"is required; allowed: {string.Join(", ", SpaceExpression.Signatures.Keys)}");
            return null;
        }

        var type = (typeEntry.Value as YamlScalarNode)?.Value ?? string.Empty;
        if (!SpaceExpression.Signatures.TryGetValue(type, out var signature))
        {
            reader.Error(typeEntry.Value, $"{field}.type", $"unknown expression {YamlReader.Describe(typeEntry.Value)}; allowed: {string.Join(", ", SpaceExpression.Signatures.Keys)}");
            return null;
        }

        var ok = true;
        foreach (var (key, (keyNode, _)) in entries)
        {
            if (key != "type" && !signature.Contains(key))
            {
                reader.Error(keyNode, $"{field}.{key}", $"{type} does not take {key}; it takes {string.Join(", ", signature)}");
                ok = false;
            }
        }

        foreach (var argument in signature.Where(a => !entries.ContainsKey(a)))
        {
            reader.Error(node, $"{field}.{argument}", $"is required by {type} ({type} takes {string.Join(", ", signature)})");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        try
        {
            if (type == "choice")
            {
                var values = ReadChoiceValues(reader, entries["values"].Value, $"{field}.values", nested);
                return values is null ? null : new ChoiceDistribution(values);
            }

            var numbers = signature.Select(a => reader.Number(entries[a].Value, $"{field}.{a}")).ToList();
            return numbers.Any(n => n is null) ? null : SpaceExpression.Create(type, [.. numbers.Select(n => n!.Value)]);
        }
        catch (ArgumentException e)
        {
            // Name the argument at fault (search_space.x.values for an empty choice), at its line.
            if (Distribution.ArgumentOf(e) is { } argument && entries.TryGetValue(argument, out var at))
            {
                reader.Error(at.Value, $"{field}.{argument}", e.Message);
            }
            else
            {
                reader.Error(node, field, e.Message);
            }

            return null;
        }
    }

    /// <summary>
    /// The values of a choice: a list of numbers, strings and booleans, or the string form (<c>range(1, 10)</c>). An item
    /// may be a mapping <c>{value: V, search_space: {...}}</c> (Hypersweep): the value V, which brings the parameters of
    /// its own search space (a conditional branch); those are added to <paramref name="nested"/> with the item's position
    /// (which is V's when the list has no problems).
    /// </summary>
    private static List<ParameterValue>? ReadChoiceValues(YamlReader reader, YamlNode node, string field, List<(int Index, YamlNode Space)> nested)
    {
        if (node is YamlScalarNode { Value: { } text } && YamlReader.Scalar((YamlScalarNode)node) is string)
        {
            try
            {
                return [.. ((ChoiceDistribution)SpaceExpression.Parse($"choice({text})")).Values];
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                reader.Error(node, field, $"must be a list of values or range(start, stop[, step]): {e.Message}");
                return null;
            }
        }

        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(node, field, $"must be a list of numbers, strings or booleans, got {YamlReader.Describe(node)}");
            return null;
        }

        var values = new List<ParameterValue>();
        var ok = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var itemField = $"{field}[{i}]";
            var valueNode = item;
            if (item is YamlMappingNode)
            {
                var entries = reader.Mapping(item, itemField, ["value", "search_space"], (key, keyNode) =>
                    reader.Error(keyNode, $"{itemField}.{key}", "unknown field; a choice value that brings parameters is a mapping of value (the value) and search_space (the parameters that exist only under it)"));
                if (!entries.TryGetValue("value", out var valueEntry))
                {
                    reader.Error(item, $"{itemField}.value", "is required: the choice value (a number, string or boolean) that brings the parameters of search_space");
                    ok = false;
                    continue;
                }

                valueNode = valueEntry.Value;
                itemField = $"{itemField}.value";
                if (entries.TryGetValue("search_space", out var spaceEntry))
                {
                    nested.Add((i, spaceEntry.Value));
                }
            }

            switch (valueNode is YamlScalarNode s ? YamlReader.Scalar(s) : valueNode)
            {
                case long l: values.Add(ParameterValue.Of(l)); break;
                case double d: values.Add(ParameterValue.Of(d)); break;
                case bool b: values.Add(ParameterValue.Of(b)); break;
                case string t: values.Add(ParameterValue.Of(t)); break;
                default:
                    reader.Error(valueNode, itemField, $"choice values must be numbers, strings or booleans{(ReferenceEquals(valueNode, item) ? " (or {value, search_space} for a value that brings its own parameters)" : string.Empty)}, got {YamlReader.Describe(valueNode)}");
                    ok = false;
                    break;
            }
        }

        return ok ? values : null;
    }

    /// <summary>A sweep or trial reference, or a list of them (names, ids, SWEEP/NUMBER).</summary>
    private static List<string> ReadReferences(YamlReader reader, YamlNode node, string field)
    {
        IEnumerable<YamlNode> items = node is YamlSequenceNode seq ? seq.Children : [node];
        var result = new List<string>();
        foreach (var item in items)
        {
            if (reader.String(item, field) is { } text)
            {
                result.Add(text);
            }
        }

        return result;
    }

    /// <summary><c>objectives</c>: a non-empty list of <c>metric</c> and <c>goal</c> mappings, or null after reporting a problem.</summary>
    private static List<Objective>? ReadObjectives(YamlReader reader, YamlNode node)
    {
        if (node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            reader.Error(node, "objectives", $"must be a list of objectives, each a mapping of metric and goal, got {YamlReader.Describe(node)}");
            return null;
        }

        var result = new List<Objective>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var section = SweepFileSections.ObjectiveAt(i);
            var (objective, ok) = section.Read(reader, section.Entries(reader, list.Children[i]), new Objective(string.Empty, Goal.Maximize), list.Children[i] as YamlMappingNode);
            if (!ok)
            {
                return null;
            }

            result.Add(objective);
        }

        return result;
    }

    /// <summary>
    /// <c>initial_trials</c>: a list of configurations to run first, each a mapping of every parameter to a value the
    /// search space can produce (checked by <see cref="ChosenParameters"/>; not checked when the space itself is unreadable).
    /// </summary>
    private static List<ParameterSet> ReadInitialTrials(YamlReader reader, YamlNode node, SearchSpace? space)
    {
        var result = new List<ParameterSet>();
        if (node is not YamlSequenceNode list)
        {
            reader.Error(node, "initial_trials", $"must be a list of mappings from parameter names to values (e.g. - {{lr: 0.01, layers: 2}}), got {YamlReader.Describe(node)}");
            return result;
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"initial_trials[{i}]";
            if (list.Children[i] is not YamlMappingNode entry || entry.Children.Any(c => c.Key is not YamlScalarNode || c.Value is not YamlScalarNode))
            {
                reader.Error(list.Children[i], path, $"must be a mapping from parameter names to values (e.g. {{lr: 0.01, layers: 2}}), got {YamlReader.Describe(list.Children[i])}");
                continue;
            }

            if (space is null)
            {
                continue;
            }

            try
            {
                result.Add(ChosenParameters.Parse(space, entry.Children.Select(c => new KeyValuePair<string, string>(((YamlScalarNode)c.Key).Value ?? string.Empty, ((YamlScalarNode)c.Value).Value ?? string.Empty))));
            }
            catch (ArgumentException e)
            {
                reader.Error(entry, path, e.Message.TrimEnd('.'));
            }
        }

        return result;
    }

    /// <summary><c>constraints</c>: a list of <c>METRIC &lt;= NUMBER</c> or <c>METRIC &gt;= NUMBER</c>.</summary>
    private static List<Constraint> ReadConstraints(YamlReader reader, YamlNode node)
    {
        var result = new List<Constraint>();
        if (node is not YamlSequenceNode list)
        {
            reader.Error(node, "constraints", $"must be a list of {Constraint.Forms}, got {YamlReader.Describe(node)}");
            return result;
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            if (item is YamlScalarNode { Value: { } text } && Constraint.TryParse(text) is { } constraint)
            {
                result.Add(constraint);
            }
            else
            {
                reader.Error(item, $"constraints[{i}]", $"must be {Constraint.Forms}, got {YamlReader.Describe(item)}");
            }
        }

        return result;
    }

    private static Objective? ReadObjective(YamlReader reader, YamlNode node)
    {
        var section = SweepFileSections.Objective;
        var (objective, ok) = section.Read(reader, section.Entries(reader, node), new Objective(string.Empty, Goal.Maximize), node as YamlMappingNode);
        return ok ? objective : null;
    }

    private static SamplingSpec? ReadSampling(YamlReader reader, YamlNode node)
    {
        if (node is YamlScalarNode scalar)
        {
            var algorithm = SweepFileSections.ReadAlgorithm(reader, scalar, "sampling_algorithm");
            return algorithm is null ? null : new SamplingSpec(algorithm.Value);
        }

        var section = SweepFileSections.Sampling;
        var (sampling, ok) = section.Read(reader, section.Entries(reader, node), new SamplingSpec(), node as YamlMappingNode);
        return ok ? sampling : null;
    }

    private static SweepLimits ReadLimits(YamlReader reader, YamlNode node) =>
        SweepFileSections.Limits.Read(reader, SweepFileSections.Limits.Entries(reader, node), new SweepLimits()).Value;

    private static EarlyTerminationSpec? ReadTermination(YamlReader reader, YamlNode node)
    {
        const string field = "early_termination";
        if (node is YamlScalarNode scalar && YamlReader.Scalar(scalar) is null)
        {
            return null;
        }

        var policies = SweepFileSections.Policies;
        var type = node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("type"), out var t) ? (t as YamlScalarNode)?.Value : null;
        if (policies.FirstOrDefault(p => p.Initial.Type == type) is not ({ } initial, { } section))
        {
            var where = node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("type"), out var tn) ? tn : node;
            reader.Error(where, $"{field}.type", $"must be one of {string.Join(", ", policies.Select(p => p.Initial.Type))}{(type is null ? string.Empty : $", got '{type}'")}");
            return null;
        }

        var entries = section.Entries(reader, node, (key, keyNode) =>
            reader.Error(keyNode, $"{field}.{key}", $"{type} does not take {key}; it takes {string.Join(", ", section.Keys.Skip(1))}"));
        return section.Read(reader, entries, initial).Value;
    }

    /// <summary>
    /// <c>trial</c> as read, or null for a single value (a component file, not supported). A list is reported as not a
    /// mapping and as lacking its command, as it always was.
    /// </summary>
    /// <summary><c>trial</c>: a mapping, or the path of a command component file (<see cref="ComponentFile"/>), whose input defaults join <paramref name="inputs"/>.</summary>
    private static TrialSpec? ReadTrial(YamlReader reader, YamlNode node, SearchSpace? space, Dictionary<string, string> inputs)
    {
        if (node is YamlScalarNode path)
        {
            return ComponentFile.Read(reader, path, space, inputs);
        }

        var section = SweepFileSections.Trial;
        return section.Read(reader, section.Entries(reader, node), new TrialSpec(reader.Folder), node).Value;
    }
}
