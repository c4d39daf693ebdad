using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hypersweep.SweepFiles;

/// <summary>
/// Reads typed values out of a YAML tree while collecting every problem and warning with its line, and remembers where
/// each field path is so that later checks can point at the right line.
/// </summary>
internal sealed partial class YamlReader(string file)
{
    private readonly List<SweepFileError> _errors = [];
    private readonly List<string> _warnings = [];
    /// <summary>Where each field read so far is (null: set with <c>--set</c>, in no line of the file).</summary>
    private readonly Dictionary<string, Mark?> _marks = new(StringComparer.Ordinal);

    public IReadOnlyList<SweepFileError> Errors => _errors;

    /// <summary>The warnings, <c>file:line: message</c>, in the order they were found.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>The absolute folder of the file, which relative paths in it start from.</summary>
    public string Folder => Path.GetDirectoryName(Path.GetFullPath(file))!;

    /// <summary>A path as written in the file, made absolute against the file's folder.</summary>
    public string LocalPath(string path) => Path.GetFullPath(Path.Combine(Folder, path));

    public void Warn(YamlNode node, string message) =>
        _warnings.Add(PositionOf(node) is { } mark ? $"{file}:{mark.Line}: {message}" : $"{file}: {message}");

    public void Error(YamlNode? node, string field, string message) => Add(field, message, node is null ? Mark.Empty : PositionOf(node));

    /// <summary>Nodes that are not in the file (set with <c>--set</c>): their problems are reported without a line.</summary>
    public HashSet<YamlNode> Unplaced { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Reports a problem found after parsing, at the line of its field (or its nearest parent).</summary>
    public void ErrorAt(string field, string message)
    {
        var path = field;
        while (!_marks.ContainsKey(path) && path.Contains('.', StringComparison.Ordinal))
        {
            path = path[..path.LastIndexOf('.')];
        }

        Add(field, message, _marks.TryGetValue(path, out var mark) ? mark : Mark.Empty);
    }

    /// <summary>Where a node is in the file, or null for one set with <c>--set</c>.</summary>
    private Mark? PositionOf(YamlNode node) => Unplaced.Contains(node) ? null : node.Start;

    /// <summary>Records a problem at <paramref name="mark"/> (null: in no line of the file).</summary>
    private void Add(string field, string message, Mark? mark) =>
        _errors.Add(new SweepFileError(file, (int)(mark?.Line ?? 0), (int)(mark?.Column ?? 0), field, message));

    /// <summary>Takes over the errors and warnings of a reader of another file this one refers to (a component file).</summary>
    public void Include(YamlReader other)
    {
        _errors.AddRange(other._errors);
        _warnings.AddRange(other._warnings);
    }

    public void Remember(string field, YamlNode node) => _marks[field] = PositionOf(node);

    /// <summary>
    /// The entries of a mapping; unknown keys are reported with the allowed ones, and the allowed keys that only mean
    /// something on Azure ML (<paramref name="azureOnly"/>) get a warning that they are ignored.
    /// </summary>
    public Dictionary<string, (YamlNode Key, YamlNode Value)> Mapping(YamlNode node, string field, IReadOnlyCollection<string> allowed, Action<string, YamlNode>? onUnknown = null, IReadOnlyCollection<string>? azureOnly = null)
    {
        var result = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            Error(node, field, $"must be a mapping of {string.Join(", ", allowed)}");
            return result;
        }

        Remember(field, node);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = keyNode is YamlScalarNode { Value: { } k } ? k : keyNode.ToString();
            var path = field.Length == 0 ? key : $"{field}.{key}";
            if (!allowed.Contains(key))
            {
                if (onUnknown is not null)
                {
                    onUnknown(key, keyNode);
                }
                else
                {
                    Error(keyNode, path, $"unknown field; allowed here: {string.Join(", ", allowed)}");
                }

                continue;
            }

            if (azureOnly?.Contains(key) == true)
            {
                Warn(keyNode, $"'{path}' is an Azure ML setting and is ignored by Hypersweep.");
            }

            Remember(path, valueNode);
            result[key] = (keyNode, valueNode);
        }

        return result;
    }

    /// <summary>A scalar as a typed value: null, bool, long, double or string (quoted scalars are always strings).</summary>
    public static object? Scalar(YamlScalarNode node)
    {
        var text = node.Value ?? string.Empty;
        if (node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return text;
        }

        if (text.Length == 0 || text is "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return true;
        }

        if (text is "false" or "False" or "FALSE")
        {
            return false;
        }

        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        return text switch
        {
            ".inf" or ".Inf" or ".INF" or "+.inf" => double.PositiveInfinity,
            "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
            ".nan" or ".NaN" or ".NAN" => double.NaN,
            _ => text,
        };
    }

    public string? String(YamlNode node, string field)
    {
        if (node is YamlScalarNode scalar && Scalar(scalar) is not null && !string.IsNullOrWhiteSpace(scalar.Value))
        {
            return scalar.Value;
        }

        Error(node, field, $"must be a non-empty string, got {Describe(node)}");
        return null;
    }

    public double? Number(YamlNode node, string field)
    {
        if (node is YamlScalarNode scalar && Scalar(scalar) is long or double)
        {
            var n = Convert.ToDouble(Scalar(scalar), CultureInfo.InvariantCulture);
            if (double.IsFinite(n))
            {
                return n;
            }
        }

        Error(node, field, $"must be a finite number, got {Describe(node)}");
        return null;
    }

    public long? Integer(YamlNode node, string field)
    {
        if (node is YamlScalarNode scalar)
        {
            switch (Scalar(scalar))
            {
                case long l:
                    return l;
                case double d when d == Math.Floor(d) && Math.Abs(d) < 1e15:
                    return (long)d;
            }
        }

        Error(node, field, $"must be a whole number, got {Describe(node)}");
        return null;
    }

    public bool? Boolean(YamlNode node, string field)
    {
        if (node is YamlScalarNode scalar && Scalar(scalar) is bool b)
        {
            return b;
        }

        Error(node, field, $"must be true or false, got {Describe(node)}");
        return null;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s when Scalar(s) is null => "nothing",
        YamlScalarNode s when Scalar(s) is string => $"'{s.Value}'",
        YamlScalarNode s => s.Value ?? "nothing",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an unsupported value",
    };

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
