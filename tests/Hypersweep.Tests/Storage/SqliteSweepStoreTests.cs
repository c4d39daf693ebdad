using Hypersweep.Space;
using Hypersweep.Storage;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;
using Microsoft.Data.Sqlite;

namespace Hypersweep.Tests.Storage;

public sealed class SqliteSweepStoreTests : SweepStoreContract
{
    private readonly TempDirectory _dir = new();

    protected override Task<ISweepStore> CreateStoreAsync() => Task.FromResult<ISweepStore>(SqliteSweepStore.Open(_dir["store/hypersweep.db"]));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Store_IsARealSqliteFileInWalMode_ThatPassesIntegrityCheck()
    {
        var sweep = await NewSweepAsync();
        await Store.CreateTrialAsync(sweep.Id, new([new("x", ParameterValue.Of(1.0))]), DateTimeOffset.UtcNow);

        Assert.Equal("ok", await ((SqliteSweepStore)Store).CheckIntegrityAsync());
        using var connection = new SqliteConnection($"Data Source={_dir["store/hypersweep.db"]};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; ";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT COUNT(*) FROM trials";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public async Task ProcessesOpeningANewStoreAtOnce_AllGetIt_OneOfThemMakingTheSchema()
    {
        // A 'run' creating its store while a 'sweeps' (or a second worker) opens it: each must find a store, never
        // "a SQLite database but not a Hypersweep store" because the other one made the tables in between.
        for (var round = 0; round < 30; round++)
        {
            var path = _dir[$"race/{round}/hypersweep.db"];
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, []);
            using var start = new ManualResetEventSlim();
            var opens = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                start.Wait();
                await using var store = SqliteSweepStore.Open(path, create: true);
                return await store.ListSweepsAsync();
            })).ToList();
            start.Set();

            foreach (var sweeps in await Task.WhenAll(opens))
            {
                Assert.Empty(sweeps);
            }
        }
    }

    [Fact]
    public async Task SecondConnection_SeesCommittedChanges()
    {
        var sweep = await NewSweepAsync("shared");
        await using var other = SqliteSweepStore.Open(_dir["store/hypersweep.db"], create: false);

        var trial = await other.CreateTrialAsync(sweep.Id, new([new("x", ParameterValue.Of(1.0))]), DateTimeOffset.UtcNow);

        Assert.Equal(trial.Id, (await Store.ListTrialsAsync(sweep.Id)).Single().Id);
        Assert.Equal("shared", (await other.FindSweepAsync("shared"))!.Name);
    }

    [Fact]
    public void OpeningForReading_AMissingStore_SaysThereIsNone_AndCreatesNothing()
    {
        var path = _dir["nothing/hypersweep.db"];

        var error = Assert.Throws<SweepStoreException>(() => SqliteSweepStore.Open(path, create: false));

        Assert.Contains("There is no Hypersweep store at", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void AFileThatIsNotADatabase_IsRefusedClearly()
    {
        var path = _dir.Write("junk.db", "this is not sqlite, it is just some text that is long enough to fill a header page........................................");

        var error = Assert.Throws<SweepStoreException>(() => SqliteSweepStore.Open(path, create: false));

        Assert.Contains("is not a SQLite database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherSqliteDatabase_IsNotMistakenForAStore()
    {
        var path = _dir["other.db"];
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE people(name TEXT)";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<SweepStoreException>(() => SqliteSweepStore.Open(path));

        Assert.Contains("not a Hypersweep store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvePath_TakesAFolderOrAFile()
    {
        Assert.Equal(Path.Combine(_dir.Path, "hypersweep.db"), SqliteSweepStore.ResolvePath(_dir.Path));
        Assert.Equal(_dir["x.db"], SqliteSweepStore.ResolvePath(_dir["x.db"]));
        Assert.Equal(Path.GetFullPath(".hypersweep/hypersweep.db"), SqliteSweepStore.ResolvePath(null));
    }

    [Fact]
    public async Task TrialDirectory_IsUnderTheStoreFolder()
    {
        var sweep = await NewSweepAsync();

        Assert.Equal(Path.Combine(_dir.Path, "store", "sweeps", sweep.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "trials", "7"), sweep.TrialDirectory(7));
        Assert.Equal(TrialState.Queued, (await Store.CreateTrialAsync(sweep.Id, new([new("x", ParameterValue.Of(1.0))]), DateTimeOffset.UtcNow)).State);
    }
}
