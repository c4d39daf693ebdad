using System.Globalization;
using System.Text;

namespace Hypersweep.Space;

/// <summary>
/// Parses the string form of a parameter expression, as HyperDrive v1 users write it:
/// <c>uniform(0.01, 0.1)</c>, <c>loguniform(-6, -1)</c>, <c>randint(10)</c>, <c>qnormal(10, 3, 1)</c>,
/// <c>choice(16, 32, 64)</c>, <c>choice([0.1, 0.2])</c>, <c>choice(range(1, 10, 2))</c>, <c>choice('relu', "tanh")</c>.
/// </summary>
internal static class SpaceExpression
{
    /// <summary>The expression names and the arguments each takes, in order.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Signatures = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["choice"] = ["values"],
        ["randint"] = ["upper"],
        ["uniform"] = ["min_value", "max_value"],
        ["loguniform"] = ["min_value", "max_value"],
        ["normal"] = ["mu", "sigma"],
        ["lognormal"] = ["mu", "sigma"],
        ["quniform"] = ["min_value", "max_value", "q"],
        ["qloguniform"] = ["min_value", "max_value", "q"],
        ["qnormal"] = ["mu", "sigma", "q"],
        ["qlognormal"] = ["mu", "sigma", "q"],
    };

    /// <summary>Parses an expression.</summary>
    /// <exception cref="FormatException">The text is not a valid expression; the message says where and why.</exception>
    /// <exception cref="ArgumentException">The arguments break the expression's rule (e.g. min_value &gt;= max_value).</exception>
    public static Distribution Parse(string text)
    {
        var parser = new Parser(text);
        var (name, args) = parser.ParseCall();
        parser.ExpectEnd();
        if (string.Equals(name, "choice", StringComparison.Ordinal))
        {
            var values = args.Count == 1 && args[0] is List<ParameterValue> list ? list : args.SelectMany(Flatten).ToList();
            return new ChoiceDistribution(values);
        }

        if (!Signatures.TryGetValue(name, out var signature))
        {
            throw new FormatException($"Unknown expression '{name}' in '{text}'; allowed: {string.Join(", ", Signatures.Keys)}.");
        }

        if (args.Count != signature.Length)
        {
            throw new FormatException($"{name} takes {signature.Length} argument(s) ({string.Join(", ", signature)}), got {args.Count} in '{text}'.");
        }

        var numbers = new double[args.Count];
        for (var i = 0; i < args.Count; i++)
        {
            numbers[i] = args[i] is ParameterValue { IsNumber: true } v
                ? v.AsDouble()
                : throw new FormatException($"{name} needs a number for {signature[i]} in '{text}'.");
        }

        return Create(name, numbers);
    }

    /// <summary>Creates a numeric expression from its arguments in signature order.</summary>
    public static Distribution Create(string type, IReadOnlyList<double> a) => type switch
    {
        "randint" => a[0] == Math.Floor(a[0])
            ? new RandIntDistribution((long)a[0])
            : throw Distribution.Invalid("upper", $"randint needs a whole number for upper, got upper={a[0].ToString(CultureInfo.InvariantCulture)}."),
        "uniform" => new UniformDistribution(a[0], a[1]),
        "loguniform" => new LogUniformDistribution(a[0], a[1]),
        "normal" => new NormalDistribution(a[0], a[1]),
        "lognormal" => new LogNormalDistribution(a[0], a[1]),
        "quniform" => new QUniformDistribution(a[0], a[1], a[2]),
        "qloguniform" => new QLogUniformDistribution(a[0], a[1], a[2]),
        "qnormal" => new QNormalDistribution(a[0], a[1], a[2]),
        "qlognormal" => new QLogNormalDistribution(a[0], a[1], a[2]),
        _ => throw new ArgumentException($"Unknown expression '{type}'.", nameof(type)),
    };

    /// <summary>Python's range(start, stop, step).</summary>
    public static IEnumerable<long> Range(long start, long stop, long step = 1)
    {
        if (step == 0)
        {
            throw new ArgumentException("range needs a non-zero step, got step=0.");
        }

        var count = step > 0 ? Math.Max(0, (stop - start + step - 1) / step) : Math.Max(0, (start - stop - step - 1) / -step);
        if (count > 1_000_000)
        {
            throw new ArgumentException($"range({start}, {stop}, {step}) has {count} values; choice allows at most 1000000.");
        }

        for (var i = 0L; i < count; i++)
        {
            yield return start + (i * step);
        }
    }

    private static IEnumerable<ParameterValue> Flatten(object arg) => arg switch
    {
        ParameterValue v => [v],
        List<ParameterValue> list => list,
        _ => [],
    };

    private sealed class Parser(string text)
    {
        private int _pos;

        public (string Name, List<object> Args) ParseCall()
        {
            var name = Identifier();
            Expect('(');
            var args = new List<object>();
            SkipSpace();
            if (Peek() != ')')
            {
                do
                {
                    args.Add(Argument());
                }
                while (TryTake(','));
            }

            Expect(')');
            return (name, args);
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos < text.Length)
            {
                throw Error($"unexpected '{text[_pos..]}' after the expression");
            }
        }

        private object Argument()
        {
            SkipSpace();
            var c = Peek();
            if (c == '[' || c == '(')
            {
                var close = c == '[' ? ']' : ')';
                _pos++;
                var list = new List<ParameterValue>();
                SkipSpace();
                if (Peek() != close)
                {
                    do
                    {
                        SkipSpace();
                        list.Add(Literal());
                    }
                    while (TryTake(','));
                }

                Expect(close);
                return list;
            }

            if (char.IsLetter(c) && text.AsSpan(_pos).StartsWith("range", StringComparison.Ordinal))
            {
                var (_, args) = ParseCall();
                var ints = args.Select(a => a is ParameterValue { Kind: ParameterKind.Integer } v ? v.AsInt64() : throw Error("range takes whole numbers")).ToArray();
                return ints.Length switch
                {
                    1 => Range(0, ints[0]).Select(ParameterValue.Of).ToList(),
                    2 => Range(ints[0], ints[1]).Select(ParameterValue.Of).ToList(),
                    3 => Range(ints[0], ints[1], ints[2]).Select(ParameterValue.Of).ToList(),
                    _ => throw Error($"range takes 1 to 3 arguments, got {ints.Length}"),
                };
            }

            return Literal();
        }

        private ParameterValue Literal()
        {
            SkipSpace();
            var c = Peek();
            if (c is '\'' or '"')
            {
                _pos++;
                var sb = new StringBuilder();
                while (_pos < text.Length && text[_pos] != c)
                {
                    if (text[_pos] == '\\' && _pos + 1 < text.Length)
                    {
                        Escape(sb);
                    }
                    else
                    {
                        sb.Append(text[_pos++]);
                    }
                }

                Expect(c);
                return ParameterValue.Of(sb.ToString());
            }

            var start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is '.' or '-' or '+' or '_'))
            {
                _pos++;
            }

            var token = text[start.._pos];
            if (token.Length == 0)
            {
                throw Error("expected a value");
            }

            if (token is "true" or "True")
            {
                return ParameterValue.Of(true);
            }

            if (token is "false" or "False")
            {
                return ParameterValue.Of(false);
            }

            if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return ParameterValue.Of(l);
            }

            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                return ParameterValue.Of(d);
            }

            return ParameterValue.Of(token);
        }

        /// <summary>
        /// Reads the escape sequence at the backslash under the cursor as Python does: \\ \' \" \a \b \f \n \r \t \v,
        /// \xhh, \uhhhh and \Uhhhhhhhh (so the JSON text <see cref="ParameterValue.ToJson"/> writes reads back);
        /// any other backslash is kept with the character after it.
        /// </summary>
        private void Escape(StringBuilder sb)
        {
            var start = _pos;
            var e = text[_pos + 1];
            _pos += 2;
            switch (e)
            {
                case '\\' or '\'' or '"': sb.Append(e); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'x': sb.Append(char.ConvertFromUtf32(Hex(start, 2))); break;
                case 'u': sb.Append((char)Hex(start, 4)); break;
                case 'U': sb.Append(char.ConvertFromUtf32(Hex(start, 8))); break;
                default: sb.Append('\\').Append(e); break;
            }
        }

        private int Hex(int escapeStart, int digits)
        {
            if (_pos + digits > text.Length
                || !int.TryParse(text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                || code is < 0 or > 0x10FFFF
                || (digits == 8 && code is >= 0xD800 and <= 0xDFFF))
            {
                _pos = escapeStart;
                throw Error($"expected {digits} hex digits after '{text.Substring(escapeStart, 2)}'");
            }

            _pos += digits;
            return code;
        }

        private string Identifier()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }

            return _pos > start ? text[start.._pos] : throw Error("expected an expression name such as uniform or choice");
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private bool TryTake(char c)
        {
            SkipSpace();
            if (Peek() != c)
            {
                return false;
            }

            _pos++;
            return true;
        }

        private void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Error($"expected '{c}'");
            }
        }

        private FormatException Error(string what) => new($"{what} at position {_pos + 1} of '{text}'.");
    }
}
