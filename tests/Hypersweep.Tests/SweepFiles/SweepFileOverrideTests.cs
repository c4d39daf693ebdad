using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.SweepFiles;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.SweepFiles;

/// <summary><c>run FILE --set FIELD.PATH=VALUE</c>: fields set on the command line, checked like the file's own.</summary>
public sealed class SweepFileOverrideTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string File => _dir.Write("sweep.yml", """
        type: sweep
        name: base
        trial:
          command: python3 train.py
        search_space:
          lr: {type: loguniform, min_value: -9, max_value: -2}
          layers: {type: choice, values: [1, 2]}
        objective: {primary_metric: acc, goal: maximize}
        limits: {max_total_trials: 20, max_concurrent_trials: 2}
        """);

    [Fact]
    public void SetFields_ReplaceOrAddTheirField_AndTheSpecTextIsTheFileAsSet()
    {
        var spec = SweepFile.LoadWithOverrides(File, ["limits.max_total_trials=3", "search_space.lr.max_value=-4", "sampling_algorithm={type: bayesian, seed: 7}", "limits.timeout=60", "search_space.units=\"choice(16, 32)\""], requireTrial: true);
        var again = SweepFile.Parse(spec.SourceText!, File);

        Assert.Equal((3, 2, TimeSpan.FromSeconds(60)), (spec.Limits.MaxTotalTrials, spec.Limits.MaxConcurrentTrials, spec.Limits.Timeout!.Value));
        Assert.Equal(new LogUniformDistribution(-9, -4), spec.SearchSpace["lr"]);
        Assert.Equal(["lr", "layers", "units"], spec.SearchSpace.Names);
        Assert.Equal((SamplingAlgorithm.Bayesian, 7L), (spec.Sampling.Algorithm, spec.Sampling.Seed!.Value));
        Assert.StartsWith("# the sweep file with --set limits.max_total_trials=3 --set search_space.lr.max_value=-4", spec.SourceText, StringComparison.Ordinal);
        Assert.Equal((spec.Limits, spec.Sampling, spec.SearchSpace.ToString()), (again.Limits, again.Sampling, again.SearchSpace.ToString()));
        Assert.Equal("base", spec.Name);
    }

    [Fact]
    public void BadValuesSetThisWay_AreReportedLikeTheFilesOwn_WithoutALine()
    {
        var error = Assert.Throws<SweepFileException>(() => SweepFile.LoadWithOverrides(File, ["limits.max_total_trials=many", "limits.max_trails=3", "search_space.lr.min_value=-1"], requireTrial: true));

        Assert.Contains(error.Errors, e => e.Field == "limits.max_total_trials" && e.Line == 0 && e.Message.Contains("must be a whole number, got 'many'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Field == "limits.max_trails" && e.Line == 0 && e.Message.Contains("max_total_trials", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Field.StartsWith("search_space.lr", StringComparison.Ordinal));
        Assert.Contains($"{File}: limits.max_total_trials: must be a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAzureMlSettingSetThisWay_IsWarnedAboutWithoutALine()
    {
        var spec = SweepFile.LoadWithOverrides(File, ["compute=cpu-cluster"], requireTrial: true);

        Assert.Equal([$"{File}: 'compute' is an Azure ML setting and is ignored by Hypersweep."], spec.Warnings);
    }

    [Theory]
    [InlineData("limits", "--set", "'limits' must be FIELD=VALUE")]
    [InlineData("=3", "--set", "must be FIELD=VALUE")]
    [InlineData("limits..timeout=3", "--set", "must be FIELD=VALUE")]
    [InlineData("name.first=x", "name", "is not a mapping in the file, so --set name.first cannot set a field inside it")]
    [InlineData("limits.timeout=[1, 2", "limits.timeout", "the value given with --set is not valid YAML")]
    public void MalformedSets_SayWhatTheFormIs(string set, string field, string message)
    {
        var error = Assert.Throws<SweepFileException>(() => SweepFile.LoadWithOverrides(File, [set], requireTrial: true));

        var match = Assert.Single(error.Errors);
        Assert.Equal(field, match.Field);
        Assert.Contains(message, match.Message, StringComparison.Ordinal);
    }
}
