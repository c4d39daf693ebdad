using System.Runtime.CompilerServices;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// The latest few hyperparameter fits, by the anchor prefix they were fitted on and a hash of the space's encoding and
/// of that prefix's data (<see cref="Key"/>): a fit is a pure function of them, so a hit only saves recomputing it.
/// Thread-safe; past <see cref="Capacity"/> fits the oldest is dropped.
/// </summary>
internal sealed class FitMemo
{
    /// <summary>How many fits are kept.</summary>
    public const int Capacity = 8;

    private readonly Lock _gate = new();
    private readonly Dictionary<(int, ulong), GpHyperparameters> _fits = [];
    private readonly Queue<(int, ulong)> _order = new();

    /// <summary>The key of a fit to the data <paramref name="mix"/> feeds (each value through the given function), for an anchor and an encoding.</summary>
    public static (int Anchor, ulong Hash) Key(int anchor, SpaceEncoding encoding, Action<Action<ulong>> mix)
    {
        var hash = 0x243F6A8885A308D3UL ^ (ulong)RuntimeHelpers.GetHashCode(encoding);
        mix(v => hash = SeedMixer.Mix(hash ^ v));
        return (anchor, hash);
    }

    /// <summary>The bits of a double, to mix into a key.</summary>
    public static ulong Bits(double value) => (ulong)BitConverter.DoubleToInt64Bits(value);

    /// <summary>The fit kept for the key, or <paramref name="fit"/>'s result, kept.</summary>
    public GpHyperparameters Get((int Anchor, ulong Hash) key, Func<GpHyperparameters> fit)
    {
        lock (_gate)
        {
            if (_fits.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        var result = fit();
        lock (_gate)
        {
            if (_fits.TryAdd(key, result))
            {
                _order.Enqueue(key);
                if (_order.Count > Capacity)
                {
                    _fits.Remove(_order.Dequeue());
                }
            }
        }

        return result;
    }
}
