using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Postgres;

/// <summary>Runs alone: the stripe a save takes is the next of this process's turn, which other tests' saves would move.</summary>
[CollectionDefinition(nameof(StampStripesCollection), DisableParallelization = true)]
public sealed class StampStripesCollection;

/// <summary>
/// On PostgreSQL every registry write updates a registry stamp row and holds its lock until it commits. With one row,
/// every write of every instance waited for the one before it to commit; the scope's stripes let concurrent writes
/// stamp different rows, while every reader still sees each of them as a change of the scope.
/// </summary>
[Collection(nameof(StampStripesCollection))]
public sealed class PostgresStampStripesTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        TestProvider.RequirePostgres();
        _db = await CoreDatabase.CreateAsync(DatabaseProvider.Postgres);
        Assert.True((await _db.NewServerService().AddAsync(ServerBodies.Stdio("held"), _db.Admin, Ct)).IsSuccess);
    }

    public ValueTask DisposeAsync() => _db?.DisposeAsync() ?? ValueTask.CompletedTask;

    [Fact]
    public async Task AddAsync_WhileAnotherRegistryWriteIsUncommitted_CommitsWithoutWaitingForIt()
    {
        var stampBefore = await ReadRegistryStampAsync();
        await using var held = await _db.DbFactory.CreateDbContextAsync(Ct);
        await using var transaction = await held.Database.BeginTransactionAsync(Ct);
        var server = await held.Servers.SingleAsync(s => s.SavedName == "held", Ct);
        server.Description = "changed in a transaction that stays open";
        await held.SaveChangesAsync(Ct);

        var add = _db.NewServerService().AddAsync(ServerBodies.Stdio("beside"), _db.Admin, Ct);
        var addedWhileHeld = await Task.WhenAny(add, Task.Delay(TimeSpan.FromSeconds(10), Ct)) == add;
        var stampAfterAdd = await ReadRegistryStampAsync();

        await transaction.CommitAsync(Ct);

        Assert.True(addedWhileHeld, "the add waited for the uncommitted write");
        Assert.True((await add).IsSuccess);
        Assert.NotEqual(stampBefore, stampAfterAdd);
        Assert.NotEqual(stampAfterAdd, await ReadRegistryStampAsync());
    }

    [Fact]
    public async Task ReviewLockThenSave_InOneTransaction_StampsTheOneRowItLocked()
    {
        var rowsBefore = await ReadStampRowsAsync();
        string locked;
        await using (var db = await _db.DbFactory.CreateDbContextAsync(Ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var server = await db.Servers.SingleAsync(s => s.SavedName == "held", Ct);
            await RowLocks.LockAndReloadAsync(db, server, Ct);
            locked = db.RegistryStampKey();
            server.Description = "first save";
            await db.SaveChangesAsync(Ct);
            server.Description = "second save";
            await db.SaveChangesAsync(Ct);
            await transaction.CommitAsync(Ct);
        }

        var rowsAfter = await ReadStampRowsAsync();
        var changed = rowsAfter.Where(row => rowsBefore[row.Key] != row.Value).Select(row => row.Key).ToList();
        Assert.Equal([locked], changed);
        Assert.Equal(ChangeStamp.PostgresRegistryStripes + 1, rowsAfter.Count);
    }

    [Fact]
    public async Task SavesOutsideATransaction_TakeTheStripesInTurn_AndEachChangesTheScopesStamp()
    {
        var service = _db.NewServerService();
        var stamps = new List<string> { await ReadRegistryStampAsync() };
        var rows = await ReadStampRowsAsync();
        var stamped = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await service.ModifyAsync(new ServerKey("held", "v1"), new System.Text.Json.Nodes.JsonObject { ["description"] = $"change {i}" }, null, _db.Admin, Ct)).IsSuccess);
            var next = await ReadStampRowsAsync();
            stamped.Add(Assert.Single(next, row => rows[row.Key] != row.Value).Key);
            rows = next;
            stamps.Add(await ReadRegistryStampAsync());
        }

        Assert.Equal(3, stamped.Distinct().Count());
        Assert.Equal(4, stamps.Distinct().Count());
    }

    private async Task<string> ReadRegistryStampAsync()
    {
        await using var db = await _db.DbFactory.CreateDbContextAsync(Ct);
        var one = await ChangeStamps.ReadAsync(db, ChangeStamp.Registry, Ct);
        Assert.Equal(one, (await ChangeStamps.ReadAllAsync(db, Ct))[ChangeStamp.Registry]);
        return one;
    }

    private async Task<Dictionary<string, string>> ReadStampRowsAsync()
    {
        await using var db = await _db.DbFactory.CreateDbContextAsync(Ct);
        return await db.ChangeStamps.AsNoTracking().ToDictionaryAsync(s => s.Scope, s => s.Stamp, Ct);
    }
}
