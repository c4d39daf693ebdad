using Hypersweep.Space;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// How a search space looks to the Gaussian process: one coordinate per parameter. Numeric parameters live in
/// [0, 1] through their distribution's <see cref="Distribution.ToUnit"/> (so log-scaled ones are in log space and
/// normal ones go through their CDF); values of quantized ones (q-types, randint) are rounded by a round trip
/// through <see cref="Distribution.FromUnit"/>, so the model only ever sees reachable values. A <c>choice</c> is
/// categorical: its coordinate is the index of the value, compared by equality in the kernel.
/// </summary>
internal sealed class SpaceEncoding
{
    /// <summary>How far from 0 and 1 the coordinate of an unbounded (normal) parameter may go: about ±3.7 sigma.</summary>
    private const double NormalMargin = 1e-4;

    private readonly SearchSpace _space;
    private readonly Distribution[] _distributions;

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
        for (var j = 0; j < d; j++)
        {
            var distribution = space[j].Value;
            _distributions[j] = distribution;
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
        }
    }

    /// <summary>The number of coordinates.</summary>
    public int Dimensions => _distributions.Length;

    /// <summary>Which coordinates are categorical (an index compared by equality).</summary>
    public bool[] Categorical { get; }

    /// <summary>Which numeric coordinates take only some values (rounded by <see cref="Snap"/>).</summary>
    public bool[] Quantized { get; }

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
            if (!parameters.TryGetValue(_space[j].Key, out var value))
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
