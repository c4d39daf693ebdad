using Hypersweep.Launching;
using Hypersweep.Space;
using Hypersweep.SweepFiles;
using Hypersweep.Tests.Examples;

namespace Hypersweep.Tests.SweepFiles;

/// <summary>The conditional extension of <c>search_space</c>: a choice value written as <c>{value, search_space}</c>.</summary>
public sealed class ConditionalSweepFileTests
{
    private const string Path = "/tmp/sweep.yml";

    private const string Optimizers = """
        type: sweep
        search_space:
          lr: {type: loguniform, min_value: -9, max_value: -2}
          optimizer:
            type: choice
            values:
              - value: sgd
                search_space:
                  momentum: {type: uniform, min_value: 0, max_value: 0.99}
              - value: adam
                search_space:
                  beta1: "uniform(0.8, 0.99)"
                  amsgrad:
                    type: choice
                    values:
                      - value: true
                        search_space: {clip: {type: quniform, min_value: 1, max_value: 10, q: 1}}
                      - false
              - rmsprop
        objective: {primary_metric: loss, goal: minimize}
        """;

    private static SweepFileException Invalid(string yaml) => Assert.Throws<SweepFileException>(() => SweepFile.Parse(yaml, Path, requireTrial: false));

    [Fact]
    public void Parse_ReadsTheTree_ParentsBeforeChildren_WithTheirConditions()
    {
        var space = SweepFile.Parse(Optimizers, Path, requireTrial: false).SearchSpace;

        Assert.Equal(["lr", "optimizer", "momentum", "beta1", "amsgrad", "clip"], space.Names);
        Assert.Equal(Distributions.Choice("sgd", "adam", "rmsprop"), space["optimizer"]);
        Assert.Equal(new ParameterCondition("optimizer", ParameterValue.Of("sgd")), space.ConditionOf("momentum"));
        Assert.Equal(new ParameterCondition("optimizer", ParameterValue.Of("adam")), space.ConditionOf("beta1"));
        Assert.Equal(new ParameterCondition("amsgrad", ParameterValue.Of(true)), space.ConditionOf("clip"));
        Assert.Equal(Distributions.Uniform(0.8, 0.99), space["beta1"]);
        Assert.Null(space.ConditionOf("lr"));
    }

    [Fact]
    public void Write_ThenParse_GivesTheSameTree()
    {
        var spec = SweepFile.Parse(Optimizers, Path, requireTrial: false);

        var written = SweepFileWriter.Write(spec);
        var back = SweepFile.Parse(written, Path, requireTrial: false).SearchSpace;

        Assert.Equal(spec.SearchSpace.Names, back.Names);
        Assert.All(spec.SearchSpace, p =>
        {
            Assert.Equal(p.Value, back[p.Key]);
            Assert.Equal(spec.SearchSpace.ConditionOf(p.Key), back.ConditionOf(p.Key));
        });
        Assert.Contains("      - value: \"sgd\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedBranch_NamesTheFullPathAndLine()
    {
        var e = Invalid("""
            type: sweep
            search_space:
              optimizer:
                type: choice
                values:
                  - value: sgd
                    search_space:
                      momentum: {type: uniformm, min_value: 0, max_value: 0.99}
                  - value: adam
                    search_space:
                      beta1: {type: uniform, min_value: 0.99, max_value: 0.8}
                  - {search_space: {x: "uniform(0, 1)"}}
                  - value: nadam
                    searchspace: {}
                  - value: lbfgs
                    search_space: {}
                  - value: [1, 2]
            objective: {primary_metric: loss, goal: minimize}
            """);

        Assert.Collection(
            e.Errors,
            type => Assert.Equal(("search_space.optimizer.values[0].search_space.momentum.type", 8, "unknown expression 'uniformm'; allowed: choice, randint, uniform, loguniform, normal, lognormal, quniform, qloguniform, qnormal, qlognormal"), (type.Field, type.Line, type.Message)),
            range => Assert.Equal(("search_space.optimizer.values[1].search_space.beta1.max_value", 11, "uniform needs min_value < max_value, got min_value=0.99, max_value=0.8."), (range.Field, range.Line, range.Message)),
            value => Assert.Equal(("search_space.optimizer.values[2].value", 12, "is required: the choice value (a number, string or boolean) that brings the parameters of search_space"), (value.Field, value.Line, value.Message)),
            unknown => Assert.Equal(("search_space.optimizer.values[3].searchspace", 14, "unknown field; a choice value that brings parameters is a mapping of value (the value) and search_space (the parameters that exist only under it)"), (unknown.Field, unknown.Line, unknown.Message)),
            empty => Assert.Equal(("search_space.optimizer.values[4].search_space", 16, "must declare at least one parameter; leave search_space out for a value that brings none"), (empty.Field, empty.Line, empty.Message)),
            list => Assert.Equal(("search_space.optimizer.values[5].value", 17, "choice values must be numbers, strings or booleans, got a list"), (list.Field, list.Line, list.Message)));
        Assert.Contains("/tmp/sweep.yml:8:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ANameUsedInTwoBranches_IsAnErrorNamingBothPlaces()
    {
        var e = Invalid("""
            type: sweep
            search_space:
              optimizer:
                type: choice
                values:
                  - value: sgd
                    search_space: {lr: "uniform(0, 1)", momentum: "uniform(0, 1)"}
                  - value: adam
                    search_space: {lr: "uniform(0, 1)"}
              momentum: "uniform(0, 1)"
            objective: {primary_metric: loss, goal: minimize}
            """);

        Assert.Collection(
            e.Errors,
            lr => Assert.Equal(("search_space.optimizer.values[1].search_space.lr", 9, "the parameter name 'lr' is already declared at search_space.optimizer.values[0].search_space.lr; names must be unique across the whole search space, conditional branches included, since a trial's arguments and environment name a parameter without its place in the tree"), (lr.Field, lr.Line, lr.Message)),
            momentum => Assert.Equal(("search_space.momentum", 10, "the parameter name 'momentum' is already declared at search_space.optimizer.values[0].search_space.momentum; names must be unique across the whole search space, conditional branches included, since a trial's arguments and environment name a parameter without its place in the tree"), (momentum.Field, momentum.Line, momentum.Message)));
    }

    [Fact]
    public void Parse_GridOverATreeWithANumericBranchParameter_NamesIt()
    {
        var e = Invalid("""
            type: sweep
            search_space:
              optimizer:
                type: choice
                values: [{value: sgd, search_space: {momentum: "uniform(0, 1)"}}, adam]
            sampling_algorithm: grid
            objective: {primary_metric: loss, goal: minimize}
            """);

        var error = Assert.Single(e.Errors);
        Assert.Equal("sampling_algorithm", error.Field);
        Assert.Contains("'momentum' is uniform(0, 1) (at search_space.optimizer.values[0].search_space.momentum)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DropsTheWordOfAnInactivePlaceholder_AndTheOptionNameBeforeIt()
    {
        var command = CommandTemplate.Parse("python train.py -v --optimizer ${{search_space.optimizer}} --momentum ${{search_space.momentum}} --beta1=${{search_space.beta1}} -b ${{search_space.beta1}} run-${{search_space.momentum}}.log --lr ${{search_space.lr}}");
        var sgd = new ParameterSet([new("optimizer", ParameterValue.Of("sgd")), new("momentum", ParameterValue.Of(0.9)), new("lr", ParameterValue.Of(0.01))]);
        var adam = new ParameterSet([new("optimizer", ParameterValue.Of("adam")), new("beta1", ParameterValue.Of(0.85)), new("lr", ParameterValue.Of(0.01))]);

        Assert.Equal(["python", "train.py", "-v", "--optimizer", "sgd", "--momentum", "0.9", "run-0.9.log", "--lr", "0.01"], command.Render(sgd, new Dictionary<string, string>()));
        Assert.Equal(["python", "train.py", "-v", "--optimizer", "adam", "--beta1=0.85", "-b", "0.85", "--lr", "0.01"], command.Render(adam, new Dictionary<string, string>()));
    }

    [Fact]
    public void Render_WithoutPlaceholders_AppendsTheActiveParametersOnly()
    {
        var command = CommandTemplate.Parse("python train.py");
        var adam = new ParameterSet([new("optimizer", ParameterValue.Of("adam")), new("beta1", ParameterValue.Of(0.85))]);

        Assert.Equal(["python", "train.py", "--optimizer", "adam", "--beta1", "0.85"], command.Render(adam, new Dictionary<string, string>()));
    }

    [Fact]
    public void ReadmeExample_OfTheExtension_ParsesToTheTreeItDescribes()
    {
        var readme = File.ReadAllText(System.IO.Path.Combine(ExampleProcess.RepositoryRoot, "README.md"));
        var section = readme[readme.IndexOf("### Conditional parameters (Hypersweep extension)", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml", StringComparison.Ordinal) + "```yaml".Length;
        var yaml = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        var space = SweepFile.Parse($"type: sweep\n{yaml}\nobjective: {{primary_metric: loss, goal: minimize}}\n", Path, requireTrial: false).SearchSpace;

        Assert.Equal(["lr", "optimizer", "momentum", "nesterov", "beta1", "amsgrad", "clip"], space.Names);
        Assert.Equal(new ParameterCondition("amsgrad", ParameterValue.Of(true)), space.ConditionOf("clip"));
        Assert.Contains("search_space.optimizer.values[0].search_space.momentum.type", section, StringComparison.Ordinal);
    }
}
