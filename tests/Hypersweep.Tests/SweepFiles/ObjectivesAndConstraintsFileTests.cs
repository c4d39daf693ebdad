using Hypersweep.Specs;
using Hypersweep.SweepFiles;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.SweepFiles;

/// <summary>The sweep file's extensions <c>objectives</c> (several objectives) and <c>constraints</c>.</summary>
public sealed class ObjectivesAndConstraintsFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SweepSpec Load(string tail) => SweepFile.Load(_dir.Write("sweep.yml", Head + tail));

    private SweepFileException Invalid(string tail) => Assert.Throws<SweepFileException>(() => Load(tail));

    private const string Head = """
        type: sweep
        trial:
          command: python3 train.py
        search_space:
          lr: {type: uniform, min_value: 0, max_value: 1}

        """;

    [Fact]
    public void Objectives_TheFirstIsThePrimary_AndConstraintsReadInOrder()
    {
        var spec = Load("""
            objectives:
              - {metric: accuracy, goal: maximize}
              - metric: latency_ms
                goal: minimize
            constraints:
              - memory_mb <= 4096
              - "accuracy >= 0.5"
            """);

        Assert.Equal(new Objective("accuracy", Goal.Maximize), spec.Objective);
        Assert.Equal([new Objective("latency_ms", Goal.Minimize)], spec.SecondaryObjectives);
        Assert.Equal([new Constraint("memory_mb", ConstraintBound.AtMost, 4096), new Constraint("accuracy", ConstraintBound.AtLeast, 0.5)], spec.Constraints);
    }

    [Fact]
    public void OneEntryUnderObjectives_IsAnOrdinarySingleObjectiveSweep()
    {
        var spec = Load("objectives: [{metric: loss, goal: minimize}]\n");

        Assert.Equal(new Objective("loss", Goal.Minimize), spec.Objective);
        Assert.Empty(spec.SecondaryObjectives);
    }

    [Fact]
    public void WrittenSpec_WithObjectivesAndConstraints_LoadsBackEqual()
    {
        var spec = Load("""
            objectives:
              - {metric: accuracy, goal: maximize}
              - {metric: "size mb", goal: minimize}
            constraints: ["memory_mb <= 4096.5"]
            """);

        var again = SweepFile.Parse(SweepFileWriter.Write(spec), _dir["again.yml"]);

        Assert.Equal(spec.Objectives, again.Objectives);
        Assert.Equal(spec.Constraints, again.Constraints);
    }

    [Theory]
    [InlineData("objective: {primary_metric: a, goal: maximize}\nobjectives: [{metric: b, goal: minimize}]\n", "objectives", "cannot be given with objective")]
    [InlineData("objectives: []\n", "objectives", "must be a list of objectives, each a mapping of metric and goal")]
    [InlineData("objectives:\n  - {metric: a, goal: maximize}\n  - {metric: b, goal: fastest}\n", "objectives[1].goal", "must be maximize or minimize, got 'fastest'")]
    [InlineData("objectives:\n  - {metric: a, goal: maximize}\n  - {goal: minimize}\n", "objectives[1].metric", "is required")]
    [InlineData("objectives:\n  - {metric: a, goal: maximize}\n  - {metric: a, goal: minimize}\n", "objectives[1].metric", "'a' is already an objective")]
    [InlineData("objectives:\n  - {metric: a, goal: maximize, weight: 2}\n", "objectives[0].weight", "allowed")]
    [InlineData("objective: {primary_metric: a, goal: maximize}\nconstraints: [\"memory_mb < 4096\"]\n", "constraints[0]", "must be 'METRIC <= NUMBER' or 'METRIC >= NUMBER'")]
    [InlineData("objective: {primary_metric: a, goal: maximize}\nconstraints: memory_mb <= 4096\n", "constraints", "must be a list of")]
    public void MalformedObjectivesOrConstraints_NameTheField(string tail, string field, string message)
    {
        var error = Invalid(tail);

        var match = Assert.Single(error.Errors, e => e.Field == field);
        Assert.Contains(message, match.Message, StringComparison.Ordinal);
        Assert.Contains(_dir["sweep.yml"], match.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void InitialTrials_AreReadCheckedAgainstTheSpace_AndWrittenBack()
    {
        var spec = SweepFile.Load(_dir.Write("initial.yml", """
            type: sweep
            trial:
              command: python3 train.py
            search_space:
              lr: {type: loguniform, min_value: -9, max_value: -2}
              act: {type: choice, values: ["relu", "a,b"]}
              layers: {type: randint, upper: 4}
            objective: {primary_metric: acc, goal: maximize}
            initial_trials:
              - {lr: 0.001, act: relu, layers: 2}
              - lr: 0.01
                act: "a,b"
                layers: 0
            """));
        var again = SweepFile.Parse(SweepFileWriter.Write(spec), _dir["again.yml"]);

        Assert.Equal(2, spec.InitialTrials.Count);
        Assert.Equal((0.001, "relu", 2L), (spec.InitialTrials[0]["lr"].AsDouble(), spec.InitialTrials[0]["act"].AsString(), spec.InitialTrials[0]["layers"].AsInt64()));
        Assert.Equal("a,b", spec.InitialTrials[1]["act"].AsString());
        Assert.Equal(spec.InitialTrials, again.InitialTrials);
    }

    [Theory]
    [InlineData("initial_trials: {lr: 0.5}\n", "initial_trials", "must be a list of mappings from parameter names to values")]
    [InlineData("initial_trials: [0.5]\n", "initial_trials[0]", "must be a mapping from parameter names to values")]
    [InlineData("initial_trials:\n  - {lr: 0.5}\n  - {lr: 1.5}\n", "initial_trials[1]", "'lr' = 1.5 is not a value of uniform(0, 1) (from 0 to 1)")]
    [InlineData("initial_trials:\n  - {rate: 0.5}\n", "initial_trials[0]", "'rate' is not a parameter of the search space (lr); no value for 'lr'")]
    public void MalformedInitialTrials_NameTheEntryAndWhatIsAllowed(string tail, string field, string message)
    {
        var error = Invalid("objective: {primary_metric: a, goal: maximize}\n" + tail);

        var match = Assert.Single(error.Errors, e => e.Field == field);
        Assert.Contains(message, match.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NeitherObjectiveNorObjectives_SaysBothAreAllowed()
    {
        var error = Invalid(string.Empty);

        Assert.Contains(error.Errors, e => e.Field == "objective" && e.Message.Contains("objectives", StringComparison.Ordinal));
    }
}
