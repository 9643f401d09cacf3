using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Persistence;

/// <summary>
/// The SQLite write gate (<see cref="SqliteWriteGate"/>): EF transactions of one process on one file take turns in arrival
/// order, waiting asynchronously before BEGIN instead of being BUSY-polled by SQLite, and give the turn back however the
/// transaction ends. Contexts are built the way the app builds them (<see cref="DatabaseSettings.Apply"/>) on a file with
/// one small table; the assertions are about order and counts, never durations.
/// </summary>
public sealed class SqliteWriteGateTests
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public enum Ending
    {
        Commit,
        Rollback,
        DisposeWithoutEither,
    }

    [Theory]
    [InlineData(Ending.Commit)]
    [InlineData(Ending.Rollback)]
    [InlineData(Ending.DisposeWithoutEither)]
    public async Task BeginTransactionAsync_WhileAnotherContextHoldsOne_WaitsWithoutBlockingAndEntersWhenItEnds(Ending ending)
    {
        using var file = new GateFile();
        await using var a = file.NewContext();
        await using var b = file.NewContext();
        var held = await a.Database.BeginTransactionAsync(Ct);
        await InsertAsync(a, "a1");

        var waiting = b.Database.BeginTransactionAsync(Ct);
        await file.UntilWaitingAsync(1);
        await InsertAsync(a, "a2");

        Assert.False(waiting.IsCompleted, "B began while A still held its transaction");
        Assert.True(file.IsHeld);
        switch (ending)
        {
            case Ending.Commit:
                await held.CommitAsync(Ct);
                break;
            case Ending.Rollback:
                await held.RollbackAsync(Ct);
                break;
            case Ending.DisposeWithoutEither:
                break;
        }

        await held.DisposeAsync();
        await using (var entered = await waiting)
        {
            Assert.True(file.IsHeld, "B went ahead without the gate: A's turn was never given back");
            Assert.Equal(0, file.Waiting);
            string[] committed = ending == Ending.Commit ? ["a1", "a2"] : [];
            Assert.Equal(committed, await RowsAsync(b));
            await InsertAsync(b, "b1");
            await entered.CommitAsync(Ct);
        }

        Assert.False(file.IsHeld);
    }

    [Fact]
    public async Task BeginTransactionAsync_ManyWaiting_EnterOneAtATimeInTheOrderTheyAsked()
    {
        const int writers = 6;
        using var file = new GateFile();
        await using var holder = file.NewContext();
        var held = await holder.Database.BeginTransactionAsync(Ct);
        var began = new ConcurrentQueue<int>();
        var rowsSeen = new int[writers];

        async Task WriteAsync(int index)
        {
            await using var db = file.NewContext();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            began.Enqueue(index);
            rowsSeen[index] = (await RowsAsync(db)).Count;
            await InsertAsync(db, $"w{index}");
            await transaction.CommitAsync(Ct);
        }

        var tasks = new List<Task>();
        for (var i = 0; i < writers; i++)
        {
            tasks.Add(WriteAsync(i));
            await file.UntilWaitingAsync(i + 1);
        }

        Assert.Empty(began);
        await held.CommitAsync(Ct);
        await held.DisposeAsync();
        await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(0, writers), began);
        // Each writer saw exactly the rows of the writers before it: no two were ever inside a transaction at once.
        Assert.Equal(Enumerable.Range(0, writers), rowsSeen);
        Assert.False(file.IsHeld);
    }

    [Fact]
    public async Task BeginTransaction_Synchronous_WaitsForTheGateToo()
    {
        using var file = new GateFile();
        await using var holder = file.NewContext();
        var held = await holder.Database.BeginTransactionAsync(Ct);
        await InsertAsync(holder, "held");

        var waiting = Task.Run(
            () =>
            {
                using var db = file.NewContext();
                using var transaction = db.Database.BeginTransaction();
                var seen = RowsAsync(db).GetAwaiter().GetResult();
                transaction.Commit();
                return seen;
            },
            Ct);
        await file.UntilWaitingAsync(1);

        Assert.False(waiting.IsCompleted);
        await held.CommitAsync(Ct);
        await held.DisposeAsync();
        Assert.Equal(["held"], await waiting);
        Assert.False(file.IsHeld);
    }

    [Fact]
    public async Task BeginTransactionAsync_SecondTransactionWhileTheSameCodeHoldsOne_FailsBusyAfterTheTimeoutInsteadOfHanging()
    {
        // Holding a transaction and then writing through another context never worked on SQLite (BUSY); the gate gives
        // up after the connection's timeout and lets SQLite report that, as before, rather than wait forever.
        using var file = new GateFile(timeoutSeconds: 1);
        await using var a = file.NewContext();
        await using var b = file.NewContext();
        await using var held = await a.Database.BeginTransactionAsync(Ct);
        await InsertAsync(a, "a1");

        var busy = await Assert.ThrowsAsync<SqliteException>(() => b.Database.BeginTransactionAsync(Ct));

        Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, busy.SqliteErrorCode);
        Assert.Null(b.Database.CurrentTransaction);
        Assert.True(file.IsHeld, "A's turn was taken from it");
        await held.CommitAsync(Ct);
        Assert.False(file.IsHeld);
        await using (var next = await b.Database.BeginTransactionAsync(Ct))
        {
            Assert.True(file.IsHeld);
            Assert.Equal(["a1"], await RowsAsync(b));
        }

        Assert.False(file.IsHeld);
    }

    [Fact]
    public async Task BeginTransaction_BeginItselfFails_GivesTheTurnBack()
    {
        using var file = new GateFile(timeoutSeconds: 1);
        await using var db = file.NewContext();
        await using (var outsider = new SqliteConnection(file.ConnectionString))
        {
            // A writer the gate does not know (another process, or raw ADO.NET) holds the write lock: EF's BEGIN fails.
            await outsider.OpenAsync(Ct);
            await using var lockTaken = outsider.CreateCommand();
            lockTaken.CommandText = "BEGIN IMMEDIATE";
            await lockTaken.ExecuteNonQueryAsync(Ct);

            var failedAsync = await Assert.ThrowsAsync<SqliteException>(() => db.Database.BeginTransactionAsync(Ct));
            Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, failedAsync.SqliteErrorCode);
            Assert.False(file.IsHeld, "the failed asynchronous BEGIN kept its turn");
            var failed = Assert.Throws<SqliteException>(() => db.Database.BeginTransaction());
            Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, failed.SqliteErrorCode);
            Assert.False(file.IsHeld, "the failed BEGIN kept its turn");

            lockTaken.CommandText = "ROLLBACK";
            await lockTaken.ExecuteNonQueryAsync(Ct);
        }

        await using var other = file.NewContext();
        await using (var next = await db.Database.BeginTransactionAsync(Ct))
        {
            Assert.True(file.IsHeld);
            var queued = other.Database.BeginTransactionAsync(Ct);
            await file.UntilWaitingAsync(1);
            Assert.False(queued.IsCompleted);
            await next.CommitAsync(Ct);
            await using var after = await queued;
            Assert.True(file.IsHeld);
        }

        Assert.False(file.IsHeld);
    }

    [Fact]
    public async Task SaveChanges_OutsideAnyExplicitTransaction_IsGatedAndGivesTheTurnBack()
    {
        // SaveChanges of more than one statement opens EF's own transaction: it takes its turn like any other.
        using var file = new GateFile();
        await using var holder = file.NewContext();
        var held = await holder.Database.BeginTransactionAsync(Ct);
        await using var db = file.NewContext();
        db.Projects.Add(new() { Id = "p1", Name = "one", CreatedAt = DateTime.UtcNow });
        db.Projects.Add(new() { Id = "p2", Name = "two", CreatedAt = DateTime.UtcNow });

        var saving = db.SaveChangesAsync(Ct);
        await file.UntilWaitingAsync(1);

        Assert.False(saving.IsCompleted);
        await held.RollbackAsync(Ct);
        await held.DisposeAsync();
        await saving;
        Assert.Equal(["one", "two"], await db.Projects.Select(p => p.Name).Order().ToListAsync(Ct));
        Assert.False(file.IsHeld);
    }

    [Fact]
    public async Task AddAsync_ManyConcurrentWritersThroughTheServices_AllSucceedWithTheirAuditEvents()
    {
        const int writers = 24;
        await using var db = await CoreDatabase.CreateAsync();
        var servers = db.Services.GetRequiredService<IServerService>();

        var results = await Task.WhenAll(Enumerable.Range(0, writers)
            .Select(i => Task.Run(() => servers.AddAsync(ServerBodies.Stdio($"s{i}"), db.Admin, Ct), Ct)));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Message));
        Assert.Equal(writers, await AuditTable.CountAsync(db.ConnectionString, "registry_servers"));
        var added = (await AuditTable.ReadAllAsync(db.ConnectionString)).Where(r => r.Action == "server.add").ToList();
        Assert.Equal(Enumerable.Range(0, writers).Select(i => $"s{i}").Order(), added.Select(r => r.EntityName.Split('@')[0]).Order());
    }

    private static async Task InsertAsync(RegistryDbContext db, string value) =>
        await db.Database.ExecuteSqlAsync($"INSERT INTO gate_rows (value) VALUES ({value})", Ct);

    private static async Task<IReadOnlyList<string>> RowsAsync(RegistryDbContext db) =>
        await db.Database.SqlQuery<string>($"SELECT value AS Value FROM gate_rows ORDER BY rowid").ToListAsync(Ct);

    /// <summary>A SQLite file in WAL mode with the registry schema and a small table, and contexts as the app builds them.</summary>
    private sealed class GateFile : IDisposable
    {
        private readonly TempDatabase _file = new(DatabaseProvider.Sqlite);
        private readonly DbContextOptions<RegistryDbContext> _options;

        public GateFile(int timeoutSeconds = 30)
        {
            TestProvider.RequireSqlite("the write gate queues SQLite's one writer");
            ConnectionString = $"Data Source={_file.Path};Pooling=False;Default Timeout={timeoutSeconds}";
            var builder = new DbContextOptionsBuilder<RegistryDbContext>();
            new DatabaseSettings(DatabaseProvider.Sqlite, ConnectionString).Apply(builder);
            _options = builder.Options;
            using var db = NewContext();
            db.Database.EnsureCreated();
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL");
            db.Database.ExecuteSqlRaw("CREATE TABLE gate_rows (value TEXT NOT NULL)");
            db.Database.OpenConnection();
            DataSource = db.Database.GetDbConnection().DataSource;
        }

        public string ConnectionString { get; }

        /// <summary>The file as SQLite names it (the gate's key).</summary>
        public string DataSource { get; }

        public bool IsHeld => SqliteWriteGate.IsHeld(DataSource);

        public int Waiting => SqliteWriteGate.Waiting(DataSource);

        public RegistryDbContext NewContext() => TestProvider.NewContext(DatabaseProvider.Sqlite, _options);

        /// <summary>Until <paramref name="count"/> transactions wait at the gate (they were started without being awaited).</summary>
        public async Task UntilWaitingAsync(int count)
        {
            for (var i = 0; Waiting < count; i++)
            {
                Assert.True(i < 5_000, $"{Waiting} transactions wait at the gate, expected {count}");
                await Task.Delay(2, Ct);
            }
        }

        public void Dispose() => _file.Dispose();
    }
}
