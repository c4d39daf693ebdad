using System.Globalization;

namespace Hypersweep.Space;

/// <summary>
/// A parameter expression of the search space, with HyperDrive semantics. Every distribution maps the unit
/// interval onto its values (<see cref="FromUnit"/>, an inverse CDF) and back (<see cref="ToUnit"/>), so random,
/// Sobol, grid and Bayesian sampling all work in [0, 1]. Instances are immutable and checked when constructed.
/// </summary>
public abstract record Distribution
{
    /// <summary>Smallest distance of a unit coordinate from 0 and 1, so that unbounded distributions stay finite.</summary>
    private const double UnitEpsilon = 1.0 / (1L << 53);

    /// <summary>The expression's name in a sweep file, e.g. <c>uniform</c>.</summary>
    public abstract string Type { get; }

    /// <summary>
    /// The numbers the expression is written with, in the order of its signature (<see cref="SpaceExpression.Signatures"/>),
    /// e.g. min_value and max_value; empty for <c>choice</c>, whose argument is its list of values.
    /// </summary>
    public abstract IReadOnlyList<double> Arguments { get; }

    /// <summary>True when its values spread on a log scale (loguniform, qloguniform, lognormal, qlognormal): a chart of them wants a log axis.</summary>
    public virtual bool IsLogScaled => false;

    /// <summary>True when the distribution has finitely many values that grid sampling can enumerate.</summary>
    public virtual bool IsCategorical => false;

    /// <summary>
    /// The values it samples, in words: "from A to B" for a bounded expression, "95% from A to B" for the normal
    /// family (its central 95%), read off <see cref="FromUnit"/> so that every rule (exp, rounding to q) is the
    /// expression's own.
    /// </summary>
    public virtual string SampledRange => IsBounded
        ? $"from {Short(FromUnit(0))} to {Short(FromUnit(1))}"
        : $"95% from {Short(FromUnit(0.025))} to {Short(FromUnit(0.975))}";

    /// <summary>
    /// A warning when the expression is valid but probably not what was meant, or null: loguniform and qloguniform
    /// whose bounds look like values rather than exponents (see <see cref="ExponentBoundsWarning"/>).
    /// </summary>
    public virtual string? Warning => null;

    /// <summary>False for the normal family, which has no bounds.</summary>
    private protected virtual bool IsBounded => true;

    /// <summary>
    /// HyperDrive's loguniform(a, b) samples exp(uniform(a, b)): its bounds are exponents. Bounds that are both in
    /// (0, 1] (loguniform(0.0001, 0.1) samples 1.0001..1.105), or a lower bound above 0 with an upper one of 50 or more
    /// (exp(50) = 5e21), are most likely values; the warning shows what is sampled and the exponent form.
    /// </summary>
    private protected string? ExponentBoundsWarning(double min, double max)
    {
        var looksLikeValues = (min > 0 && max <= 1) || (min > 0 && max >= 50);
        if (!looksLikeValues)
        {
            return null;
        }

        var meant = Arguments.Count == 3 ? $"{Type}({G(Math.Log(min))}, {G(Math.Log(max))}, {F(Arguments[2])})" : $"{Type}({G(Math.Log(min))}, {G(Math.Log(max))})";
        return $"{this} samples exp(uniform({F(min)}, {F(max)})), {SampledRange}: {Type}'s bounds are exponents (HyperDrive's semantics). If you meant values from {F(min)} to {F(max)}, write {meant}.";
    }

    /// <summary>Maps a unit coordinate u in [0, 1] to a value (the distribution's quantile function).</summary>
    public abstract ParameterValue FromUnit(double u);

    /// <summary>Maps a value back to its unit coordinate (the distribution's CDF; the middle of a category's cell for choice).</summary>
    public abstract double ToUnit(ParameterValue value);

    /// <summary>Draws one value: <c>FromUnit(U)</c> with U uniform on [0, 1).</summary>
    public ParameterValue Sample(Random random) => FromUnit(random.NextDouble());

    /// <summary>The expression as it would be written in the string form, e.g. <c>uniform(0.1, 0.5)</c>.</summary>
    public abstract override string ToString();

    /// <summary>Keeps u inside (0, 1) so that quantile functions of unbounded distributions are finite.</summary>
    protected static double ClampOpen(double u) => Math.Clamp(u, UnitEpsilon, 1 - UnitEpsilon);

    /// <summary>round(x / q) * q, rounding half to even as numpy and hyperopt do, tidied to the shortest decimal of that value.</summary>
    protected static double Quantize(double x, double q)
    {
        var k = Math.Round(x / q, MidpointRounding.ToEven);
        var v = k * q;
        // k * q carries representation error (3 * 0.1 = 0.30000000000000004); the 15-digit text is the value meant.
        // That text is only a tidier spelling of the same point when it lies within a couple of ulps of k * q; with
        // 16 or more significant digits it is another number (1000000000000002 = 3 * 333333333333334 would become
        // 1E+15, off the grid of q = 3), so k * q is kept.
        var tidy = double.Parse(v.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var ulp = Math.BitIncrement(Math.Abs(v)) - Math.Abs(v);
        return Math.Abs(tidy - v) <= 2 * ulp ? tidy : v;
    }

    /// <summary>Invariant text of a number for messages and <see cref="ToString"/>.</summary>
    protected static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A number to six significant digits, for suggestions a user types.</summary>
    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A value as a person reads it: a float to six significant digits, anything else as it is.</summary>
    private static string Short(ParameterValue value) => value.Kind == ParameterKind.Float ? G(value.AsDouble()) : value.ToString();

    /// <summary>The string form of a numeric expression: its type and <see cref="Arguments"/>, e.g. <c>quniform(4, 32, 2)</c>.</summary>
    private protected string Expression() => $"{Type}({string.Join(", ", Arguments.Select(F))})";

    /// <summary>
    /// The exception for an invalid argument of an expression, with the name of the argument as a sweep file writes it
    /// (min_value, sigma, values, ...) in <see cref="Exception.Data"/>["argument"] (see <see cref="ArgumentOf"/>), so
    /// a file's error can name the full field path.
    /// </summary>
    internal static ArgumentException Invalid(string argument, string message) => new(message) { Data = { [ArgumentKey] = argument } };

    /// <summary>The expression argument an exception from <see cref="Invalid"/> is about, or null.</summary>
    public static string? ArgumentOf(Exception e) => e.Data[ArgumentKey] as string;

    private const string ArgumentKey = "argument";

    /// <summary>Throws unless the value is finite.</summary>
    protected static void RequireFinite(string type, string name, double value)
    {
        if (!double.IsFinite(value))
        {
            throw Invalid(name, $"{type} needs a finite {name}, got {name}={F(value)}.");
        }
    }

    /// <summary>Throws unless min &lt; max (and both are finite).</summary>
    protected static void RequireRange(string type, double min, double max)
    {
        RequireFinite(type, "min_value", min);
        RequireFinite(type, "max_value", max);
        if (!(min < max))
        {
            throw Invalid("max_value", $"{type} needs min_value < max_value, got min_value={F(min)}, max_value={F(max)}.");
        }
    }

    /// <summary>Throws unless exp(max) is finite, so that a log-scale expression never gives an infinite value.</summary>
    private protected static void RequireFiniteExp(string type, double max)
    {
        if (!double.IsFinite(Math.Exp(max)))
        {
            throw Invalid("max_value", $"{type} needs exp(max_value) to be finite, that is max_value <= 709.78, got max_value={F(max)}.");
        }
    }

    /// <summary>
    /// Throws unless exp(mu + z * sigma) is finite for the largest standard-normal z a sample can reach (about 8.2),
    /// so that a lognormal expression never gives an infinite value.
    /// </summary>
    private protected static void RequireFiniteExpOfNormal(string type, double mu, double sigma)
    {
        var z = StandardNormal.Quantile(1 - UnitEpsilon);
        if (!double.IsFinite(Math.Exp(mu + (sigma * z))))
        {
            throw Invalid("sigma", $"{type} needs exp(mu + {z:0.00} * sigma) to be finite (the largest value it can draw), that is mu + {z:0.00} * sigma <= 709.78, got mu={F(mu)}, sigma={F(sigma)}.");
        }
    }

    /// <summary>Throws unless sigma &gt; 0 (and mu, sigma are finite).</summary>
    protected static void RequireSigma(string type, double mu, double sigma)
    {
        RequireFinite(type, "mu", mu);
        RequireFinite(type, "sigma", sigma);
        if (!(sigma > 0))
        {
            throw Invalid("sigma", $"{type} needs sigma > 0, got sigma={F(sigma)}.");
        }
    }

    /// <summary>Throws unless q &gt; 0.</summary>
    protected static void RequireQ(string type, double q)
    {
        RequireFinite(type, "q", q);
        if (!(q > 0))
        {
            throw Invalid("q", $"{type} needs q > 0, got q={F(q)}.");
        }
    }
}
