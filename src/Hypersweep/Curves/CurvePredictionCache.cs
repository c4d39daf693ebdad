using System.Runtime.CompilerServices;
using Hypersweep.Trials;

namespace Hypersweep.Curves;

/// <summary>
/// <see cref="CurveExtrapolation.Predict"/> of the first values of a trial's series, kept with the list that holds them
/// by how many values were read, the goal and the length predicted: a sweep's series only grow (values are appended,
/// never changed), so a prefix's prediction never changes, while the sampler reads every stopped trial's curve at every
/// suggestion and <c>curve_prediction</c> every completed trial's at every decision. The lists are held weakly (a shared
/// sweep reloads its series from the store, and a replaced list takes its predictions with it), and past
/// <see cref="MaxEntries"/> predictions the cache starts over, so its memory stays a few MB whatever the curves' length.
/// </summary>
internal static class CurvePredictionCache
{
    /// <summary>The most predictions kept.</summary>
    internal const int MaxEntries = 1 << 16;

    private static readonly Lock Gate = new();
    private static ConditionalWeakTable<IReadOnlyList<double>, Dictionary<(int Count, Goal Goal, int Length), double?>> _known = new();
    private static int _entries;

    /// <summary>
    /// Where the first <paramref name="count"/> values of <paramref name="values"/> (as logged, under
    /// <paramref name="goal"/>) extrapolate to at <paramref name="length"/> intervals, as a loss; null for fewer than
    /// three finite ones.
    /// </summary>
    public static double? Predict(IReadOnlyList<double> values, int count, Goal goal, int length)
    {
        var key = (count, goal, length);
        lock (Gate)
        {
            if (_known.TryGetValue(values, out var known) && known.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        var predicted = CurveExtrapolation.PredictLogged(values, count, goal, length);
        lock (Gate)
        {
            if (++_entries > MaxEntries)
            {
                (_known, _entries) = (new(), 1);
            }

            _known.GetOrCreateValue(values)[key] = predicted;
        }

        return predicted;
    }
}
