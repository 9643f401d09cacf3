using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Performance;

/// <summary>
/// The SQLite stamp reader answers from memory while the file is unchanged and rereads the stamp rows after any commit by
/// any other connection, so caches built on it see every change on the very next call.
/// </summary>
public sealed class SqliteChangeStampReaderTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Read_AfterAnotherConnectionCommitsAStamp_ReturnsTheNewStamp()
    {
        TestProvider.RequireSqlite("PRAGMA data_version is SQLite's");
        using var reader = new SqliteChangeStampReader(database.ConnectionString);
        var before = await reader.ReadAsync(ChangeStamp.Access, Ct);
        Assert.Equal(before, await reader.ReadAsync(ChangeStamp.Access, Ct));

        await database.NewProjectActorAsync();

        var after = await reader.ReadAsync(ChangeStamp.Access, Ct);
        Assert.NotEqual(before, after);
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        Assert.Equal(after, await db.ChangeStamps.Where(s => s.Scope == ChangeStamp.Access).Select(s => s.Stamp).SingleAsync(Ct));
    }

    [Fact]
    public async Task Read_ManyConcurrentCallersThenACommit_EveryProbeReturnsTheNewStampOnItsNextRead()
    {
        TestProvider.RequireSqlite("PRAGMA data_version is SQLite's");
        using var reader = new SqliteChangeStampReader(database.ConnectionString);
        var before = await reader.ReadAsync(ChangeStamp.Access, Ct);

        // Concurrent callers open several probes, each remembering the version it saw.
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => reader.ReadAsync(ChangeStamp.Access, Ct).AsTask(), Ct)));
        Assert.All(concurrent, stamp => Assert.Equal(before, stamp));

        await database.NewProjectActorAsync();

        var after = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => reader.ReadAsync(ChangeStamp.Access, Ct).AsTask(), Ct)));
        Assert.All(after, stamp => Assert.NotEqual(before, stamp));
        Assert.Single(after.Distinct());
    }

    [Fact]
    public async Task Read_ChangeOutsideTheScope_LeavesTheOtherScopesStampAsItWas()
    {
        TestProvider.RequireSqlite("PRAGMA data_version is SQLite's");
        using var reader = new SqliteChangeStampReader(database.ConnectionString);
        var registry = await reader.ReadAsync(ChangeStamp.Registry, Ct);
        var access = await reader.ReadAsync(ChangeStamp.Access, Ct);
        await using (var db = await database.DbFactory.CreateDbContextAsync(Ct))
        {
            var stamp = await db.ChangeStamps.SingleAsync(s => s.Scope == ChangeStamp.Registry, Ct);
            stamp.Stamp = Guid.NewGuid().ToString("N");
            await db.SaveChangesAsync(Ct);
        }

        Assert.NotEqual(registry, await reader.ReadAsync(ChangeStamp.Registry, Ct));
        Assert.Equal(access, await reader.ReadAsync(ChangeStamp.Access, Ct));
    }

    [Fact]
    public async Task Read_DatabaseWithoutStampTable_ReturnsNoStampSoNothingIsCached()
    {
        using var empty = new TempDatabase(RegistryConsole.Core.Persistence.DatabaseProvider.Sqlite);
        using var reader = new SqliteChangeStampReader(empty.ConnectionString);

        Assert.Equal(string.Empty, await reader.ReadAsync(ChangeStamp.Registry, Ct));
    }

    [Theory]
    [InlineData("Data Source=:memory:", false)]
    [InlineData("Data Source=shared;Mode=Memory;Cache=Shared", false)]
    [InlineData("Data Source=/tmp/registry.db", true)]
    public void Supports_OnlyFilesEveryConnectionShares(string connectionString, bool expected) =>
        Assert.Equal(expected, SqliteChangeStampReader.Supports(connectionString));
}
