using System.Data;
using Hypersweep.Storage;

namespace Hypersweep.Tests.Storage;

public sealed class SqlParameterTests
{
    [Fact]
    public void ANull_CarriesTheTypeOfItsValue_NotOneGuessedFromItsName()
    {
        Assert.Equal(DbType.Int32, SqlParameter.Param("@anything", (int?)null).Type);
        Assert.Equal(DbType.Int64, SqlParameter.Param("@exit", (long?)null).Type);
        Assert.Equal(DbType.Double, SqlParameter.Param("@id", (double?)null).Type);
        Assert.Equal(DbType.String, SqlParameter.Param("@value", (string?)null).Type);
        Assert.Equal(DbType.Boolean, SqlParameter.Param("@flag", (bool?)null).Type);
    }

    [Fact]
    public void ANullWithoutADatabaseType_IsRefusedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => SqlParameter.Param("@when", (object?)null));

        Assert.Contains("@when", e.Message);
    }
}
