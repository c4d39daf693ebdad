using Hypersweep.Storage;

namespace Hypersweep.Tests.Storage;

/// <summary>The SQLite store's times read back digit by digit equal what the general parse gives, and other spellings still read.</summary>
public sealed class SqliteTimeTests
{
    [Theory]
    [InlineData("2025-03-01T08:00:00.000000Z")]
    [InlineData("2024-02-29T23:59:59.999999Z")]
    [InlineData("0001-01-01T00:00:00.000001Z")]
    [InlineData("9999-12-31T23:59:59.123456Z")]
    public void TheStoresFormat_ReadsAsTheGeneralParse(string text)
    {
        var expected = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(expected, SqliteTime.Read(text));
        Assert.Equal(TimeSpan.Zero, SqliteTime.Read(text).Offset);
        Assert.Equal(text, SqliteTime.Write(SqliteTime.Read(text)));
    }

    [Theory]
    [InlineData("2025-03-01T08:00:00Z", "2025-03-01T08:00:00.000000Z")]
    [InlineData("2025-03-01 09:00:00+01:00", "2025-03-01T08:00:00.000000Z")]
    [InlineData("2025-03-01T08:00:00.5", "2025-03-01T08:00:00.500000Z")]
    public void OtherSpellings_StillRead(string text, string utc) => Assert.Equal(utc, SqliteTime.Write(SqliteTime.Read(text)));

    [Theory]
    [InlineData("2025-02-30T08:00:00.000000Z")]
    [InlineData("2025-13-01T08:00:00.000000Z")]
    [InlineData("2025-03-01T24:00:00.000000Z")]
    public void ImpossibleDates_AreRefusedAsBefore(string text) => Assert.Throws<FormatException>(() => SqliteTime.Read(text));
}
