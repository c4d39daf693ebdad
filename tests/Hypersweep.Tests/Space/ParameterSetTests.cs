using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class ParameterSetTests
{
    private static ParameterSet Set(params (string Name, ParameterValue Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, ParameterValue>(v.Name, v.Value)));

    [Fact]
    public void Json_RoundTrip_KeepsOrderValuesAndKinds()
    {
        var set = Set(("lr", ParameterValue.Of(0.01)), ("layers", ParameterValue.Of(3L)), ("width", ParameterValue.Of(3.0)), ("act", ParameterValue.Of("relu")), ("bn", ParameterValue.Of(false)));

        var json = set.ToJson();
        var back = ParameterSet.FromJson(json);

        Assert.Equal("""{"lr":0.01,"layers":3,"width":3.0,"act":"relu","bn":false}""", json);
        Assert.Equal(set, back);
        Assert.Equal(set.Names, back.Names);
        Assert.Equal(set.Select(p => p.Value.Kind), back.Select(p => p.Value.Kind));
        Assert.Equal(ParameterKind.Float, back["width"].Kind);
        Assert.Equal("3", back["width"].ToString());
    }

    [Fact]
    public void ToString_IsNameEqualsValue_InOrder()
    {
        var set = Set(("lr", ParameterValue.Of(0.01)), ("width", ParameterValue.Of(3.0)), ("bn", ParameterValue.Of(true)));

        Assert.Equal("lr=0.01 width=3 bn=true", set.ToString());
    }

    [Fact]
    public void Equality_IgnoresOrder_AndComparesNumbersByValue()
    {
        var a = Set(("x", ParameterValue.Of(3L)), ("y", ParameterValue.Of("a")));
        var b = Set(("y", ParameterValue.Of("a")), ("x", ParameterValue.Of(3.0)));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Set(("x", ParameterValue.Of(3L))));
        Assert.NotEqual(a, Set(("x", ParameterValue.Of(3L)), ("z", ParameterValue.Of("a"))));
        Assert.NotEqual(a, Set(("x", ParameterValue.Of(3L)), ("y", ParameterValue.Of("b"))));
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void Lookup_ByNameAndIndex_AndMissingNamesAreReported()
    {
        var set = Set(("lr", ParameterValue.Of(0.01)), ("layers", ParameterValue.Of(3L)));

        Assert.Equal(2, set.Count);
        Assert.Equal(ParameterValue.Of(3L), set["layers"]);
        Assert.Equal("lr", set[0].Key);
        Assert.False(set.TryGetValue("LR", out _));
        Assert.Contains("'momentum'", Assert.Throws<KeyNotFoundException>(() => set["momentum"]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WithARepeatedName_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => Set(("lr", ParameterValue.Of(0.1)), ("lr", ParameterValue.Of(0.2))));

        Assert.Contains("'lr' appears twice", e.Message, StringComparison.Ordinal);
    }
}
