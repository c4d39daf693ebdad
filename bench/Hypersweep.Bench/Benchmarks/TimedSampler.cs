using System.Diagnostics;
using Hypersweep.Sampling;
using Hypersweep.Space;
using Hypersweep.Trials;

namespace Hypersweep.Bench.Benchmarks;

/// <summary>Wraps a sampler to measure the time of every <c>Suggest</c> call and the pending trials it saw.</summary>
internal sealed class TimedSampler(ISampler inner) : ISampler
{
    /// <summary>Per call: the number of suggestions asked, of finished trials, of pending trials, and the milliseconds taken.</summary>
    public List<(int Count, int Finished, int Pending, double Milliseconds)> Calls { get; } = [];

    public IReadOnlyList<ParameterSet> Suggest(SearchSpace space, IReadOnlyList<TrialRecord> history, int count) => Suggest(space, history, count, _ => []);

    public IReadOnlyList<ParameterSet> Suggest(SearchSpace space, IReadOnlyList<TrialRecord> history, int count, Func<long, IReadOnlyList<double>> curveOf)
    {
        var pending = history.Count(t => t.State is TrialState.Queued or TrialState.Running);
        var clock = Stopwatch.StartNew();
        var result = inner.Suggest(space, history, count, curveOf);
        Calls.Add((count, history.Count - pending, pending, clock.Elapsed.TotalMilliseconds));
        return result;
    }
}
