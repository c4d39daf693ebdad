using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class SearchSpaceTests
{
    [Fact]
    public void Parameters_KeepDeclarationOrder()
    {
        var space = new SearchSpace { { "lr", Distributions.LogUniform(-6, -1) }, { "batch", Distributions.Choice(16L, 32L) }, { "_drop-out2", Distributions.Uniform(0, 0.5) } };

        Assert.Equal(["lr", "batch", "_drop-out2"], space.Names);
        Assert.Equal(1, space.IndexOf("batch"));
        Assert.Equal(-1, space.IndexOf("momentum"));
        Assert.True(space.Contains("lr"));
        Assert.Equal(Distributions.Choice(16L, 32L), space["batch"]);
        Assert.Equal($"lr: loguniform(-6, -1){Environment.NewLine}batch: choice(16, 32){Environment.NewLine}_drop-out2: uniform(0, 0.5)", space.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1lr")]
    [InlineData("learning rate")]
    [InlineData("lr.x")]
    [InlineData("-lr")]
    public void Add_WithAnInvalidName_ThrowsQuotingTheName(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => new SearchSpace { { name, Distributions.Uniform(0, 1) } });

        Assert.Contains($"got '{name}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_OfADeclaredName_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => new SearchSpace { { "lr", Distributions.Uniform(0, 1) }, { "lr", Distributions.Uniform(0, 2) } });

        Assert.Contains("'lr' is declared twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromUnit_ThenToUnit_RoundTripsEveryCoordinate()
    {
        var space = new SearchSpace
        {
            { "a", Distributions.Uniform(-1, 1) },
            { "b", Distributions.LogUniform(-6, -1) },
            { "c", Distributions.Normal(0, 2) },
            { "d", Distributions.LogNormal(1, 0.5) },
        };
        double[] unit = [0.1, 0.25, 0.6, 0.99];

        var set = space.FromUnit(unit);
        var back = space.ToUnit(set);

        Assert.Equal(["a", "b", "c", "d"], set.Names);
        for (var i = 0; i < unit.Length; i++)
        {
            Assert.Equal(unit[i], back[i], 9);
        }
    }

    [Fact]
    public void FromUnit_WithTheWrongNumberOfCoordinates_ThrowsStatingBoth()
    {
        var space = new SearchSpace { { "a", Distributions.Uniform(0, 1) }, { "b", Distributions.Uniform(0, 1) } };

        var e = Assert.Throws<ArgumentException>(() => space.FromUnit([0.5]));

        Assert.Contains("Expected 2 unit coordinates, got 1", e.Message, StringComparison.Ordinal);
    }
}
