using System.Text.Json;
using Hypersweep.Cli.Commands;
using Hypersweep.Cli.Output;
using Hypersweep.Space;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Cli;

/// <summary>
/// <c>trials --json</c> is written field by field (<see cref="TrialsJson"/>); it must be the very text the serializer
/// gave for the anonymous object per trial it replaced (kept here as the reference): every field, nulls, "NaN" and
/// "Infinity", escaped strings, two objectives and a constraint, --metrics with and without steps.
/// </summary>
public sealed class TrialsJsonTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void OneObjective_WithAndWithoutMetrics_IsTheSerializersText()
    {
        var sweep = Sweep([], []);
        var trials = Trials(sweep);
        Assert.Equal(Reference(sweep, trials, [], null), new TrialsJson(sweep, new HashSet<long>()).Write(trials, _ => null));
        Assert.Equal(Reference(sweep, trials, [], Metrics), new TrialsJson(sweep, new HashSet<long>()).Write(trials, Metrics));
    }

    [Fact]
    public void TwoObjectivesAndAConstraint_IsTheSerializersText()
    {
        var sweep = Sweep([new Objective("latency <ms>", Goal.Minimize)], [new Constraint("memory_mb", ConstraintBound.AtMost, 3000)]);
        var trials = Trials(sweep);
        var front = new HashSet<long> { trials[0].Id };
        Assert.Equal(Reference(sweep, trials, front, Metrics), new TrialsJson(sweep, front).Write(trials, Metrics));
    }

    private static SweepRecord Sweep(IReadOnlyList<Objective> secondary, IReadOnlyList<Constraint> constraints) => new()
    {
        Id = 3,
        Name = "json",
        Spec = "not a sweep file", // arguments are then --NAME VALUE
        Objective = new Objective("accuracy", Goal.Maximize),
        SecondaryObjectives = secondary,
        Constraints = constraints,
        Sampler = "random",
        Seed = 1,
        State = SweepState.Completed,
        CreatedAt = Start,
        ArtifactsDirectory = "/tmp/sweeps/3 \"quoted\"",
    };

    private static List<TrialRecord> Trials(SweepRecord sweep) =>
    [
        new()
        {
            Id = 10, SweepId = sweep.Id, Number = 0, State = TrialState.Completed, CreatedAt = Start, StartedAt = Start, EndedAt = Start.AddSeconds(61.5),
            Parameters = new ParameterSet([new("lr", ParameterValue.Of(0.001)), new("layers", ParameterValue.Of(3L)), new("name", ParameterValue.Of("a<b&'é\"")), new("on", ParameterValue.Of(true))]),
            Value = 0.93, ExitCode = 0, Intervals = 2, SecondaryValues = [12.5], ConstraintValues = [2000],
        },
        new()
        {
            Id = 11, SweepId = sweep.Id, Number = 1, State = TrialState.Failed, CreatedAt = Start, StartedAt = Start,
            Parameters = new ParameterSet([new("lr", ParameterValue.Of(1e-7)), new("layers", ParameterValue.Of(1L)), new("name", ParameterValue.Of("x")), new("on", ParameterValue.Of(false))]),
            Value = double.NaN, ExitCode = 1, Message = "RuntimeError: <boom>\nline 2", Intervals = 1, SecondaryValues = [double.PositiveInfinity],
            Infeasibility = "memory_mb <= 3000 (was 4000)", ConstraintValues = [4000],
        },
        new()
        {
            Id = 12, SweepId = sweep.Id, Number = 2, State = TrialState.Queued, CreatedAt = Start,
            Parameters = new ParameterSet([new("lr", ParameterValue.Of(0.5)), new("layers", ParameterValue.Of(2L)), new("name", ParameterValue.Of("y")), new("on", ParameterValue.Of(true))]),
        },
    ];

    private static IReadOnlyList<MetricPoint>? Metrics(TrialRecord trial) => trial.Number switch
    {
        0 => [new("accuracy", 0.5, 1, Start.AddSeconds(10)), new("latency <ms>", 12.5, null, Start.AddSeconds(11)), new("accuracy", 0.93, 2, Start.AddSeconds(20))],
        1 => [new("accuracy", double.NaN, null, Start.AddSeconds(5)), new("accuracy", double.NegativeInfinity, 7, Start.AddSeconds(6))],
        _ => [],
    };

    /// <summary>What <c>trials --json</c> wrote before: an anonymous object per trial through <see cref="Json.Write"/>.</summary>
    private static string Reference(SweepRecord sweep, List<TrialRecord> trials, HashSet<long> front, Func<TrialRecord, IReadOnlyList<MetricPoint>?>? metrics)
    {
        var several = sweep.SecondaryObjectives.Count > 0;
        var rows = new List<object>();
        foreach (var t in trials)
        {
            var logged = metrics?.Invoke(t);
            rows.Add(new
            {
                id = t.DisplayId,
                number = t.Number,
                state = t.State.ToString(),
                parameters = JsonDocument.Parse(t.Parameters.ToJson()).RootElement,
                value = t.Value,
                values = several ? BestCommand.ObjectiveValuesJson(sweep, t) : null,
                on_front = several ? front.Contains(t.Id) : (bool?)null,
                feasible = t.IsFeasible,
                infeasibility = t.Infeasibility,
                constraints = sweep.Constraints.Count > 0 ? sweep.Constraints.Select((c, i) => (Name: c.ToString(), Value: i < t.ConstraintValues.Count ? t.ConstraintValues[i] : null)).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal) : null,
                intervals = t.Intervals,
                exit_code = t.ExitCode,
                duration_seconds = t.Duration?.TotalSeconds,
                started_at = t.StartedAt,
                ended_at = t.EndedAt,
                message = t.Message,
                arguments = TrialArguments.Of(sweep, t),
                folder = sweep.TrialDirectory(t.Number),
                metrics = logged?.GroupBy(m => m.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(m => new { value = m.Value, step = m.Step, time = m.Time }).ToList(), StringComparer.Ordinal),
            });
        }

        return Json.Write(rows);
    }
}
