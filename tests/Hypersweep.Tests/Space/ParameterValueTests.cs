using System.Globalization;
using System.Text.Json;
using Hypersweep.Space;

namespace Hypersweep.Tests.Space;

public sealed class ParameterValueTests
{
    public static TheoryData<string, string, ParameterKind> JsonCases => new()
    {
        { "float 3.0", "3.0", ParameterKind.Float },
        { "float 0.1", "0.1", ParameterKind.Float },
        { "float -2.5", "-2.5", ParameterKind.Float },
        { "float 1e-7", "1E-07", ParameterKind.Float },
        { "float 1e21", "1E+21", ParameterKind.Float },
        { "float -0.0", "-0.0", ParameterKind.Float },
        { "integer 3", "3", ParameterKind.Integer },
        { "integer -9007199254740993", "-9007199254740993", ParameterKind.Integer },
        { "string", "\"relu\"", ParameterKind.String },
        { "string of a number", "\"3\"", ParameterKind.String },
        { "boolean", "true", ParameterKind.Boolean },
    };

    [Theory]
    [MemberData(nameof(JsonCases))]
    public void ToJson_ThenFromJson_KeepsTheValueAndItsKind(string name, string expectedJson, ParameterKind kind)
    {
        var value = Create(name);

        var json = value.ToJson();
        using var document = JsonDocument.Parse(json);
        var back = ParameterValue.FromJson(document.RootElement);

        Assert.Equal(expectedJson, json);
        Assert.Equal(kind, value.Kind);
        Assert.Equal(kind, back.Kind);
        Assert.Equal(value, back);
        Assert.Equal(value.ToString(), back.ToString());
    }

    [Theory]
    [InlineData(3.0, "3")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    public void ToString_OfAFloat_IsTheShortestRoundTripText_WithoutATrailingPointZero(double value, string expected)
    {
        Assert.Equal(expected, ParameterValue.Of(value).ToString());
        Assert.Equal(value, double.Parse(ParameterValue.Of(value).ToString(), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ToString_UsesTheInvariantCulture_WhateverTheCurrentCulture()
    {
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NegativeSign = "~";
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = commaCulture;

            Assert.Equal("0.5", ParameterValue.Of(0.5).ToString());
            Assert.Equal("-1.25", ParameterValue.Of(-1.25).ToString());
            Assert.Equal("-3", ParameterValue.Of(-3L).ToString());
            Assert.Equal("0.5", ParameterValue.Of(0.5).ToJson());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void ToString_OfOtherKinds_IsTheCommandLineText()
    {
        Assert.Equal("true", ParameterValue.Of(true).ToString());
        Assert.Equal("false", ParameterValue.Of(false).ToString());
        Assert.Equal("-42", ParameterValue.Of(-42L).ToString());
        Assert.Equal("relu", ParameterValue.Of("relu").ToString());
        Assert.Equal("\"relu\"", ParameterValue.Of("relu").ToJson());
    }

    [Fact]
    public void Numbers_AreEqualAcrossKinds_WhenTheirValuesAre()
    {
        Assert.Equal(ParameterValue.Of(3L), ParameterValue.Of(3.0));
        Assert.True(ParameterValue.Of(3L) == ParameterValue.Of(3.0));
        Assert.Equal(ParameterValue.Of(3L).GetHashCode(), ParameterValue.Of(3.0).GetHashCode());
        Assert.Equal(ParameterValue.Of(0.0), ParameterValue.Of(-0.0));
        Assert.Equal(ParameterValue.Of(0.0).GetHashCode(), ParameterValue.Of(-0.0).GetHashCode());
        Assert.NotEqual(ParameterValue.Of(3L), ParameterValue.Of(3.5));
        Assert.NotEqual(ParameterValue.Of(0.1 + 0.2), ParameterValue.Of(0.3));
    }

    [Fact]
    public void Numbers_AreNotEqualToStringsOrBooleans()
    {
        Assert.NotEqual(ParameterValue.Of(1L), ParameterValue.Of(true));
        Assert.NotEqual(ParameterValue.Of(0.0), ParameterValue.Of(false));
        Assert.NotEqual(ParameterValue.Of(1L), ParameterValue.Of("1"));
        Assert.NotEqual(ParameterValue.Of("true"), ParameterValue.Of(true));
        Assert.Equal(ParameterValue.Of("a"), ParameterValue.Of("a"));
        Assert.NotEqual(ParameterValue.Of("a"), ParameterValue.Of("A"));
    }

    [Fact]
    public void Integers_BeyondDoublePrecision_AreEqualOnlyToThemselves()
    {
        // 2^53 and 2^53 + 1 are the same double; as integers they are different values.
        var a = ParameterValue.Of(9007199254740992L);
        var b = ParameterValue.Of(9007199254740993L);

        Assert.NotEqual(a, b);
        Assert.Equal(b, ParameterValue.Of(9007199254740993L));
        Assert.Equal(a, ParameterValue.Of(9007199254740992.0));
        Assert.NotEqual(b, ParameterValue.Of(9007199254740992.0));
        Assert.NotEqual(ParameterValue.Of(long.MaxValue), ParameterValue.Of(9223372036854775808.0));
    }

    [Fact]
    public void Conversions_FollowTheKind()
    {
        Assert.Equal(3.0, ParameterValue.Of(3L).AsDouble());
        Assert.Equal(3L, ParameterValue.Of(2.6).AsInt64());
        Assert.Equal(1.0, ParameterValue.Of(true).AsDouble());
        Assert.True(ParameterValue.Of(true).AsBoolean());
        Assert.True(ParameterValue.Of(3L).IsNumber);
        Assert.False(ParameterValue.Of(true).IsNumber);
        Assert.Contains("'relu' is a string", Assert.Throws<InvalidOperationException>(() => ParameterValue.Of("relu").AsDouble()).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ParameterValue.Of(1L).AsBoolean());
    }

    [Fact]
    public void FromJson_OfNull_ThrowsFormatException()
    {
        using var document = JsonDocument.Parse("null");

        Assert.Throws<FormatException>(() => ParameterValue.FromJson(document.RootElement));
    }

    private static ParameterValue Create(string name) => name switch
    {
        "float 3.0" => ParameterValue.Of(3.0),
        "float 0.1" => ParameterValue.Of(0.1),
        "float -2.5" => ParameterValue.Of(-2.5),
        "float 1e-7" => ParameterValue.Of(1e-7),
        "float 1e21" => ParameterValue.Of(1e21),
        "float -0.0" => ParameterValue.Of(-0.0),
        "integer 3" => ParameterValue.Of(3L),
        "integer -9007199254740993" => ParameterValue.Of(-9007199254740993L),
        "string" => ParameterValue.Of("relu"),
        "string of a number" => ParameterValue.Of("3"),
        "boolean" => ParameterValue.Of(true),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
