using System.Globalization;
using System.Text.Json;

namespace Hypersweep.Space;

/// <summary>The kind of a hyperparameter value.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The kinds are the value types HyperDrive's search space names.")]
public enum ParameterKind
{
    /// <summary>A whole number (from <c>randint</c>, or an integer <c>choice</c>).</summary>
    Integer,
    /// <summary>A real number.</summary>
    Float,
    /// <summary>A string (from <c>choice</c>).</summary>
    String,
    /// <summary>A boolean (from <c>choice</c>).</summary>
    Boolean,
}

/// <summary>
/// One hyperparameter value: an integer, a float, a string or a boolean. Numbers compare by value, so the
/// integer 3 equals the float 3.0.
/// </summary>
public readonly struct ParameterValue : IEquatable<ParameterValue>
{
    private readonly double _number;
    private readonly long _integer;
    private readonly string? _text;

    private ParameterValue(ParameterKind kind, double number, long integer, string? text)
    {
        Kind = kind;
        _number = number;
        _integer = integer;
        _text = text;
    }

    /// <summary>What kind of value this is.</summary>
    public ParameterKind Kind { get; }

    /// <summary>True for integers and floats.</summary>
    public bool IsNumber => Kind is ParameterKind.Integer or ParameterKind.Float;

    /// <summary>A float value.</summary>
    public static ParameterValue Of(double value) => new(ParameterKind.Float, value, 0, null);

    /// <summary>An integer value.</summary>
    public static ParameterValue Of(long value) => new(ParameterKind.Integer, value, value, null);

    /// <summary>A string value.</summary>
    public static ParameterValue Of(string value) => new(ParameterKind.String, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A boolean value.</summary>
    public static ParameterValue Of(bool value) => new(ParameterKind.Boolean, value ? 1 : 0, value ? 1 : 0, null);

    /// <summary>The value as a double; booleans are 1 and 0.</summary>
    /// <exception cref="InvalidOperationException">The value is a string.</exception>
    public double AsDouble() => Kind switch
    {
        ParameterKind.Float => _number,
        ParameterKind.Integer => _integer,
        ParameterKind.Boolean => _integer,
        _ => throw new InvalidOperationException($"The value '{_text}' is a string, not a number."),
    };

    /// <summary>The value as a whole number (floats are rounded to the nearest integer).</summary>
    public long AsInt64() => Kind switch
    {
        ParameterKind.Integer or ParameterKind.Boolean => _integer,
        ParameterKind.Float => checked((long)Math.Round(_number)),
        _ => throw new InvalidOperationException($"The value '{_text}' is a string, not a number."),
    };

    /// <summary>The value as a boolean.</summary>
    public bool AsBoolean() => Kind == ParameterKind.Boolean
        ? _integer != 0
        : throw new InvalidOperationException($"The value {this} is not a boolean.");

    /// <summary>The text of a string value, or the invariant text of any other value.</summary>
    public string AsString() => ToString();

    /// <summary>
    /// The value as it is passed on a command line: invariant culture, the shortest text that round-trips,
    /// a float with no fractional part written without one (<c>3</c>, not <c>3.0</c>), booleans as
    /// <c>true</c>/<c>false</c>.
    /// </summary>
    public override string ToString() => Kind switch
    {
        ParameterKind.Float => FormatFloat(_number, forJson: false),
        ParameterKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        ParameterKind.Boolean => _integer != 0 ? "true" : "false",
        _ => _text!,
    };

    /// <summary>The value as a JSON literal; a float keeps a decimal point so its kind survives a round trip.</summary>
    public string ToJson() => Kind switch
    {
        ParameterKind.Float => FormatFloat(_number, forJson: true),
        ParameterKind.String => JsonSerializer.Serialize(_text),
        _ => ToString(),
    };

    /// <summary>Writes the value as a JSON literal.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case ParameterKind.String: writer.WriteStringValue(_text); break;
            case ParameterKind.Boolean: writer.WriteBooleanValue(_integer != 0); break;
            case ParameterKind.Integer: writer.WriteNumberValue(_integer); break;
            default: writer.WriteRawValue(FormatFloat(_number, forJson: true), skipInputValidation: true); break;
        }
    }

    /// <summary>Reads a JSON literal written by <see cref="WriteTo"/>: a number with a point or exponent is a float.</summary>
    public static ParameterValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Of(element.GetString()!),
        JsonValueKind.True => Of(true),
        JsonValueKind.False => Of(false),
        JsonValueKind.Number => IsIntegerLiteral(element.GetRawText()) && element.TryGetInt64(out var l) ? Of(l) : Of(element.GetDouble()),
        _ => throw new FormatException($"A parameter value must be a number, string or boolean, got {element.ValueKind}."),
    };

    private static bool IsIntegerLiteral(string raw) => raw.IndexOfAny(['.', 'e', 'E']) < 0;

    private static string FormatFloat(double value, bool forJson)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return forJson ? "null" : value.ToString(CultureInfo.InvariantCulture);
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (forJson && IsIntegerLiteral(text))
        {
            text += ".0";
        }

        return text;
    }

    /// <inheritdoc />
    public bool Equals(ParameterValue other)
    {
        if (IsNumber && other.IsNumber)
        {
            return (Kind, other.Kind) switch
            {
                (ParameterKind.Integer, ParameterKind.Integer) => _integer == other._integer,
                (ParameterKind.Float, ParameterKind.Float) => _number.Equals(other._number),
                (ParameterKind.Integer, _) => IntegerEqualsFloat(_integer, other._number),
                _ => IntegerEqualsFloat(other._integer, _number),
            };
        }

        return Kind == other.Kind && _integer == other._integer && string.Equals(_text, other._text, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ParameterValue other && Equals(other);

    /// <summary>
    /// Exact comparison of a whole number with a double: converting the integer to double would make 2^53 + 1 equal
    /// to 2^53 (and so to the integer 2^53), so the double must also convert back to the same integer.
    /// </summary>
    private static bool IntegerEqualsFloat(long integer, double number) =>
        number == integer && number >= -9.2233720368547758E18 && number < 9.2233720368547758E18 && (long)number == integer;

    /// <inheritdoc />
    public override int GetHashCode() => IsNumber ? AsDouble().GetHashCode() : HashCode.Combine(Kind, _integer, _text);

    /// <summary>Value equality.</summary>
    public static bool operator ==(ParameterValue left, ParameterValue right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(ParameterValue left, ParameterValue right) => !left.Equals(right);
}
