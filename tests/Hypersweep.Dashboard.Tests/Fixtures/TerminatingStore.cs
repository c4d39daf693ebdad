using Hypersweep.Space;
using Hypersweep.Storage;
using Hypersweep.Trials;

namespace Hypersweep.Dashboard.Tests.Fixtures;

/// <summary>
/// A store that records chosen trials of a sweep as Terminated (with the policy's reason) where the scheduler records
/// them as Completed: how an early-termination policy's decision lands in the store, until the scheduler makes it.
/// Everything else goes to the real store unchanged.
/// </summary>
internal sealed class TerminatingStore(ISweepStore inner, IReadOnlyDictionary<int, string> terminated) : ISweepStore
{
    private readonly Dictionary<long, int> _numbers = [];

    public string Location => inner.Location;

    public async Task<TrialRecord> CreateTrialAsync(long sweepId, ParameterSet parameters, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        var trial = await inner.CreateTrialAsync(sweepId, parameters, time, cancellationToken);
        lock (_numbers)
        {
            _numbers[trial.Id] = trial.Number;
        }

        return trial;
    }

    public Task<TrialRecord> ChangeTrialStateAsync(long trialId, TrialStateChange change, CancellationToken cancellationToken = default)
    {
        int number;
        lock (_numbers)
        {
            number = _numbers.GetValueOrDefault(trialId, -1);
        }

        if (change.State == TrialState.Completed && terminated.TryGetValue(number, out var reason))
        {
            change = change with { State = TrialState.Terminated, Message = reason, ExitCode = null };
        }

        return inner.ChangeTrialStateAsync(trialId, change, cancellationToken);
    }

    public Task<SweepRecord> CreateSweepAsync(NewSweep sweep, CancellationToken cancellationToken = default) => inner.CreateSweepAsync(sweep, cancellationToken);

    public Task<SweepRecord?> GetSweepAsync(long sweepId, CancellationToken cancellationToken = default) => inner.GetSweepAsync(sweepId, cancellationToken);

    public Task<SweepRecord?> FindSweepAsync(string nameOrId, CancellationToken cancellationToken = default) => inner.FindSweepAsync(nameOrId, cancellationToken);

    public Task<IReadOnlyList<SweepRecord>> ListSweepsAsync(CancellationToken cancellationToken = default) => inner.ListSweepsAsync(cancellationToken);

    public Task FinishSweepAsync(long sweepId, SweepState state, string? message, DateTimeOffset time, CancellationToken cancellationToken = default) => inner.FinishSweepAsync(sweepId, state, message, time, cancellationToken);

    public Task ReopenSweepAsync(long sweepId, CancellationToken cancellationToken = default) => inner.ReopenSweepAsync(sweepId, cancellationToken);

    public Task AppendMetricsAsync(long trialId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default) => inner.AppendMetricsAsync(trialId, points, cancellationToken);

    public Task<TrialRecord?> GetTrialAsync(long sweepId, int number, CancellationToken cancellationToken = default) => inner.GetTrialAsync(sweepId, number, cancellationToken);

    public Task<IReadOnlyList<TrialRecord>> ListTrialsAsync(long sweepId, CancellationToken cancellationToken = default) => inner.ListTrialsAsync(sweepId, cancellationToken);

    public Task<IReadOnlyList<MetricPoint>> GetMetricsAsync(long trialId, CancellationToken cancellationToken = default) => inner.GetMetricsAsync(trialId, cancellationToken);

    public Task<IReadOnlyDictionary<long, IReadOnlyList<MetricPoint>>> GetSweepMetricsAsync(long sweepId, string name, CancellationToken cancellationToken = default) => inner.GetSweepMetricsAsync(sweepId, name, cancellationToken);

    public Task<IReadOnlyList<TrialEvent>> GetTrialEventsAsync(long trialId, CancellationToken cancellationToken = default) => inner.GetTrialEventsAsync(trialId, cancellationToken);

    // The inner store is the caller's.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
