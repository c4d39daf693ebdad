using Hypersweep.Space;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// How a search space looks to the Gaussian process: one coordinate per parameter. Numeric parameters live in
/// [0, 1] through their distribution's <see cref="Distribution.ToUnit"/> (so log-scaled ones are in log space and
/// normal ones go through their CDF); values of quantized ones (q-types, randint) are rounded by a round trip
/// through <see cref="Distribution.FromUnit"/>, so the model only ever sees reachable values. A <c>choice</c> is
/// categorical: its coordinate is the index of the value, compared by equality in the kernel.
/// <para>
/// A conditional space (a parameter that exists only under a value of a choice) keeps one coordinate per parameter of
/// the whole tree, and a parameter that is inactive at a point sits at a fixed value of its coordinate: the middle of
/// its range (index 0 for a choice). Every encoded point, observed or candidate, is put in that form (<see cref="Snap"/>),
/// so two points that differ only in an inactive coordinate are one point to the model, and the coordinate of an inactive
/// parameter cannot pull a suggestion anywhere. Why this embedding rather than a kernel over the tree: the GP, its fit,
/// the quadratic trend and the acquisition optimizer stay as they are, and what distinguishes branches is already in the
/// kernel, since points of different branches differ in the parent's categorical coordinate (they are as far apart as
/// two values of a choice are); the length scale of a conditional coordinate is learned from the points of its branch,
/// the only ones that vary it. The middle, not a face, because there the trend's terms of the coordinate are 0
/// (<see cref="QuadraticTrend"/> centres each coordinate), so other branches' losses do not tilt the trend along it,
/// and a branch's parameters keep the centre of their box as the neutral point. Measured on bench's conditional problem
/// (bench/RESULTS.md, <c>conditional</c>), seeds 1..20, 60 trials: with inactive coordinates at the lower face instead,
/// the median regret on its quadratic shape was lower (7e-7 against 1.4e-5) but the mean and the worst seed far higher
/// (2e-3 and 0.01 against 1.3e-5 and 3.2e-5: a run stuck off the optimum's branch), and the V-shaped one about the
/// same (median 0.012 against 0.013); the middle is the steadier choice.
/// </para>
/// </summary>
internal sealed class SpaceEncoding
{
    /// <summary>How far from 0 and 1 the coordinate of an unbounded (normal) parameter may go: about ±3.7 sigma.</summary>
    private const double NormalMargin = 1e-4;

    private readonly SearchSpace _space;
    private readonly Distribution[] _distributions;

    /// <summary>The coordinate of each parameter's parent (-1 for one that always exists) and the parent's index that makes it active.</summary>
    private readonly (int Coordinate, int Level)[] _parents;

    public SpaceEncoding(SearchSpace space)
    {
        _space = space;
        var d = space.Count;
        _distributions = new Distribution[d];
        Categorical = new bool[d];
        Quantized = new bool[d];
        Lower = new double[d];
        Upper = new double[d];
        Levels = new int[d];
        _parents = new (int, int)[d];
        InactiveValue = new double[d];
        for (var j = 0; j < d; j++)
        {
            var distribution = space[j].Value;
            _distributions[j] = distribution;
            _parents[j] = space.ConditionOf(space[j].Key) is { } condition
                ? (space.IndexOf(condition.Parent), ((ChoiceDistribution)space[condition.Parent]).IndexOf(condition.Value))
                : (-1, 0);
            Upper[j] = 1;
            switch (distribution)
            {
                case ChoiceDistribution choice:
                    Categorical[j] = true;
                    Levels[j] = choice.Values.Length;
                    Upper[j] = choice.Values.Length - 1;
                    break;
                case UniformDistribution or LogUniformDistribution:
                    break;
                case NormalDistribution or LogNormalDistribution:
                    Lower[j] = NormalMargin;
                    Upper[j] = 1 - NormalMargin;
                    break;
                case QNormalDistribution or QLogNormalDistribution:
                    Lower[j] = NormalMargin;
                    Upper[j] = 1 - NormalMargin;
                    Quantized[j] = true;
                    break;
                default:
                    Quantized[j] = true;
                    break;
            }

            InactiveValue[j] = Categorical[j] ? 0 : 0.5 * (Lower[j] + Upper[j]);
        }

        IsConditional = _parents.Any(p => p.Coordinate >= 0);
    }

    /// <summary>True when some parameter exists only under a value of a choice.</summary>
    public bool IsConditional { get; }

    /// <summary>The coordinate value of each parameter where it is inactive: the middle of its range, index 0 for a choice.</summary>
    public double[] InactiveValue { get; }

    /// <summary>The number of coordinates.</summary>
    public int Dimensions => _distributions.Length;

    /// <summary>Which coordinates are categorical (an index compared by equality).</summary>
    public bool[] Categorical { get; }

    /// <summary>Which numeric coordinates take only some values (rounded by <see cref="Snap"/>).</summary>
    public bool[] Quantized { get; }

    /// <summary>The number of continuous coordinates (neither categorical nor quantized).</summary>
    public int ContinuousCount => Enumerable.Range(0, Dimensions).Count(j => !Categorical[j] && !Quantized[j]);

    /// <summary>The number of categories of each categorical coordinate (0 for numeric ones).</summary>
    public int[] Levels { get; }

    /// <summary>The smallest coordinate value of each dimension.</summary>
    public double[] Lower { get; }

    /// <summary>The largest coordinate value of each dimension.</summary>
    public double[] Upper { get; }

    /// <summary>True when every coordinate is numeric and continuous (no rounding).</summary>
    public bool IsContinuous => !Categorical.Any(c => c) && !Quantized.Any(q => q);

    /// <summary>Encodes a trial's parameters; false when they do not fit this space (another space's trial).</summary>
    public bool TryEncode(ParameterSet parameters, Span<double> x)
    {
        for (var j = 0; j < _distributions.Length; j++)
        {
            var active = IsActive(x, j);
            var present = parameters.TryGetValue(_space[j].Key, out var value);
            if (!active)
            {
                // An inactive parameter must be absent (a trial of this space has none).
                x[j] = InactiveValue[j];
                if (present)
                {
                    return false;
                }

                continue;
            }

            if (!present)
            {
                return false;
            }

            try
            {
                if (_distributions[j] is ChoiceDistribution choice)
                {
                    var index = choice.IndexOf(value);
                    if (index < 0)
                    {
                        return false;
                    }

                    x[j] = index;
                }
                else
                {
                    var u = _distributions[j].ToUnit(value);
                    if (!double.IsFinite(u))
                    {
                        return false;
                    }

                    x[j] = Math.Clamp(u, Lower[j], Upper[j]);
                }
            }
            catch (InvalidOperationException)
            {
                return false;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Maps coordinates (from the unit cube or an encoded point) to a point the space can produce, in place.</summary>
    public void Snap(Span<double> x)
    {
        for (var j = 0; j < x.Length; j++)
        {
            if (Categorical[j])
            {
                x[j] = Math.Clamp(Math.Round(x[j]), 0, Levels[j] - 1);
            }
            else
            {
                var u = Math.Clamp(x[j], Lower[j], Upper[j]);
                if (Quantized[j])
                {
                    var back = _distributions[j].ToUnit(_distributions[j].FromUnit(u));
                    u = double.IsFinite(back) ? Math.Clamp(back, Lower[j], Upper[j]) : u;
                }

                x[j] = u;
            }
        }

        if (IsConditional)
        {
            for (var j = 0; j < x.Length; j++)
            {
                if (!IsActive(x, j))
                {
                    x[j] = InactiveValue[j];
                }
            }
        }
    }

    /// <summary>
    /// Whether parameter <paramref name="j"/> is active at a point whose coordinates before j are final (parents come
    /// before their children, and an inactive parent's coordinate is already its <see cref="InactiveValue"/>).
    /// </summary>
    private bool IsActive(ReadOnlySpan<double> x, int j)
    {
        var (parent, level) = _parents[j];
        return parent < 0 || (IsActive(x, parent) && x[parent] == level);
    }

    /// <summary>Turns a unit-cube point (as Sobol gives) into encoded coordinates: a categorical one becomes its cell's index.</summary>
    public void FromUnitCube(ReadOnlySpan<double> unit, Span<double> x)
    {
        for (var j = 0; j < unit.Length; j++)
        {
            x[j] = Categorical[j]
                ? Math.Clamp(Math.Floor(unit[j] * Levels[j]), 0, Levels[j] - 1)
                : Lower[j] + (unit[j] * (Upper[j] - Lower[j]));
        }

        Snap(x);
    }

    /// <summary>Decodes coordinates into parameter values.</summary>
    public ParameterSet Decode(ReadOnlySpan<double> x)
    {
        var unit = new double[x.Length];
        for (var j = 0; j < x.Length; j++)
        {
            unit[j] = Categorical[j] ? (x[j] + 0.5) / Levels[j] : x[j];
        }

        return _space.FromUnit(unit);
    }
}
