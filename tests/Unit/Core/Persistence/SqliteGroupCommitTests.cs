using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;
using Microsoft.EntityFrameworkCore.Update.Internal;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Persistence;

/// <summary>
/// Group commit on a SQLite file (<see cref="SqliteGroupCommit"/>): saves that arrive while the writer is busy share one
/// transaction and one commit, yet each keeps its own outcome. The writer is kept busy by holding the file's write gate
/// with a transaction of another context, so the tests decide which saves share a group; nothing depends on timing.
/// </summary>
public sealed class SqliteGroupCommitTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CoreDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        TestProvider.RequireSqlite("group commit is how SQLite's one writer is shared");
        _db = await CoreDatabase.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    [Fact]
    public async Task SavesArrivingWhileTheWriterIsBusy_ShareOneCommitAndAllLand()
    {
        var group = Group();
        var servers = _db.NewServerService();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("registry-made"), _db.Admin, Ct)).IsSuccess);
        var (saves, groups) = (group.Saves, group.Groups);
        await AddSixInTwoGroupsAsync(group, servers, i => ServerBodies.Stdio($"s{i}"));

        Assert.Equal(6, group.Saves - saves);
        Assert.Equal(2, group.Groups - groups);
        Assert.Equal(7, await CountAsync("registry_servers"));
        Assert.Equal(7, await CountAsync("audit_events", "\"Action\" = 'server.add'"));
    }

    [Fact]
    public async Task EachGroup_RecordsItsSavesTheTimeItHeldTheWriteLockAndItsCommit_AndTheCheckpointAfterIt()
    {
        var group = Group();
        var servers = _db.NewServerService();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("registry-made"), _db.Admin, Ct)).IsSuccess);
        using var measured = new Measurements(Path.GetFileName(_db.FilePath));
        await AddSixInTwoGroupsAsync(group, servers, i => ServerBodies.Stdio($"m{i}"));

        // The first add waited at the write gate alone; the five queued behind it made the second group.
        Assert.Equal([1, 5], measured.Of("registryconsole.sqlite.group.saves"));
        var held = measured.Of("registryconsole.sqlite.group.duration");
        var commits = measured.Of("registryconsole.sqlite.group.commit.duration");
        Assert.Equal(2, held.Count);
        Assert.Equal(2, commits.Count);
        Assert.All(held, seconds => Assert.InRange(seconds, double.Epsilon, 60));
        Assert.All(commits, seconds => Assert.InRange(seconds, double.Epsilon, 60));
        Assert.True(commits[0] <= held[0] && commits[1] <= held[1], "a group's commit is part of the time it held the write lock");
        await UntilAsync(() => measured.Of("registryconsole.sqlite.checkpoint.duration").Count > 0, "no checkpoint was measured after the commits");
    }

    [Fact]
    public async Task SavesOfOneShape_RunOnStatementsTheirWriterPreparedOnce()
    {
        // Six adds of the same shape run the same SQL (EF's batch and the savepoint statements). The writer prepares each
        // statement once and runs the later saves' commands on it: at most one save's worth of statements is prepared.
        var group = Group();
        var servers = _db.NewServerService();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("registry-made"), _db.Admin, Ct)).IsSuccess);
        var (prepared, reused, groups) = (group.Statements.PreparedCount, group.Statements.ReusedCount, group.Groups);
        await AddSixInTwoGroupsAsync(group, servers, i => ServerBodies.Stdio($"p{i}", "v1"));

        var (newlyPrepared, reusedNow) = (group.Statements.PreparedCount - prepared, group.Statements.ReusedCount - reused);

        // Each group also writes the registry's change stamp once, whatever number of saves it ran.
        var commands = newlyPrepared + reusedNow - (group.Groups - groups);
        Assert.Equal(0, commands % 6);
        Assert.True(commands / 6 >= 3, $"a save runs its savepoint, EF's batch and the release: {commands / 6} commands");
        Assert.True(newlyPrepared <= commands / 6, $"{newlyPrepared} statements prepared for six saves of {commands / 6} commands each");
        Assert.Equal(6, await CountAsync("registry_servers", "\"SavedName\" LIKE 'p_'"));
    }

    [Fact]
    public async Task WriterWithoutSaves_ClosesItsConnectionAndPreparesAgainForTheNextSave()
    {
        var group = Group();
        var servers = _db.NewServerService();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("before-idle", "v1"), _db.Admin, Ct)).IsSuccess);
        Assert.True(group.WriterOpen);
        await UntilAsync(() => !group.WriterOpen, $"the writer still holds its connection {SqliteGroupCommit.WriterIdleClose} after the last save");
        var prepared = group.Statements.PreparedCount;
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("after-idle", "v1"), _db.Admin, Ct)).IsSuccess);
        Assert.True(group.Statements.PreparedCount > prepared, "the new connection's statements were prepared anew");
        Assert.Equal(1, await CountAsync("registry_servers", "\"SavedName\" = 'after-idle'"));
    }

    [Fact]
    public async Task StaleRevisionMetByAReusedStatement_FailsAloneWith412()
    {
        // Both modifies read revision 1 before either is saved; the second's UPDATE runs on the statement the first
        // prepared and matches no row, which EF must still see as a concurrency failure (412), not as a success.
        var servers = _db.NewServerService();
        var key = new ServerKey("rev", "v1");
        var added = await servers.AddAsync(ServerBodies.Stdio("rev", "v1"), _db.Admin, Ct);
        Assert.True(added.IsSuccess);
        var revision = added.Value.Revision;
        var group = Group();
        Task<Result<ServerDto>> first, stale;
        await using (await HoldWriterAsync())
        {
            first = servers.ModifyAsync(key, new JsonObject { ["description"] = "first" }, revision, _db.Admin, Ct);
            await UntilAsync(() => SqliteWriteGate.Waiting(_db.FilePath) == 1);
            stale = servers.ModifyAsync(key, new JsonObject { ["description"] = "second" }, revision, _db.Admin, Ct);
            await UntilAsync(() => group.Queued == 1);
        }

        Assert.True((await first).IsSuccess);
        var refused = await stale;
        Assert.False(refused.IsSuccess);
        Assert.Equal(ErrorKind.PreconditionFailed, refused.Error.Kind);
        Assert.Equal("first", await ScalarAsync<string>("SELECT \"Description\" FROM registry_servers WHERE \"SavedName\" = 'rev'"));
        Assert.Equal(1, await CountAsync("audit_events", "\"Action\" = 'server.modify'"));
    }

    [Fact]
    public async Task SaveThatBreaksAUniqueIndexInAGroup_FailsAloneAndLeavesNothingOfItself()
    {
        // Both adds of "dup" pass the existence check before either is saved; in the group the second insert breaks the
        // unique index. It must roll back to its own savepoint (no server, no audit event of its own) and report the
        // conflict, while the save after it in the same group commits.
        var group = Group();
        var servers = _db.NewServerService();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("registry-made"), _db.Admin, Ct)).IsSuccess);
        Task<Result<ServerDto>> first, duplicate, other;
        await using (await HoldWriterAsync())
        {
            first = servers.AddAsync(ServerBodies.Stdio("dup"), _db.Admin, Ct);
            await UntilAsync(() => SqliteWriteGate.Waiting(_db.FilePath) == 1);
            duplicate = servers.AddAsync(ServerBodies.Remote("dup"), _db.Admin, Ct);
            await UntilAsync(() => group.Queued == 1);
            other = servers.AddAsync(ServerBodies.Stdio("other"), _db.Admin, Ct);
            await UntilAsync(() => group.Queued == 2);
        }

        Assert.True((await first).IsSuccess);
        var refused = await duplicate;
        Assert.False(refused.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, refused.Error.Kind);
        Assert.True((await other).IsSuccess);
        Assert.Equal(3, await CountAsync("registry_servers"));
        Assert.Equal("stdio", await ScalarAsync<string>("SELECT \"Transport\" FROM registry_servers WHERE \"SavedName\" = 'dup'"));
        Assert.Equal(3, await CountAsync("audit_events", "\"Action\" = 'server.add'"));
    }

    [Fact]
    public async Task SaveWhoseCallerGaveUpBeforeItsGroupStarted_IsNotSaved()
    {
        var group = Group();
        using var giveUp = new CancellationTokenSource();
        Task<int> kept, abandoned;
        await using (await HoldWriterAsync())
        {
            kept = SaveProjectAsync("kept", Ct);
            await UntilAsync(() => SqliteWriteGate.Waiting(_db.FilePath) == 1);
            abandoned = SaveProjectAsync("abandoned", giveUp.Token);
            await UntilAsync(() => group.Queued == 1);
            await giveUp.CancelAsync();
        }

        Assert.True(await kept > 0);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(1, await CountAsync("projects", "\"Name\" = 'kept'"));
        Assert.Equal(0, await CountAsync("projects", "\"Name\" = 'abandoned'"));
    }

    [Fact]
    public async Task SaveThatBreaksAForeignKey_FailsAlone()
    {
        // The group's own connection enforces foreign keys as EF's connections do.
        var group = Group();
        Task<int> orphan, fine;
        await using (await HoldWriterAsync())
        {
            orphan = SaveAsync(db => db.Registries.Add(new Registry { Id = "r-orphan", ProjectId = "no-such-project", Name = "default" }), Ct);
            await UntilAsync(() => SqliteWriteGate.Waiting(_db.FilePath) == 1);
            fine = SaveProjectAsync("fine", Ct);
            await UntilAsync(() => group.Queued == 1);
        }

        await Assert.ThrowsAsync<DbUpdateException>(() => orphan);
        Assert.True(await fine > 0);
        Assert.Equal(0, await CountAsync("registries", "\"Id\" = 'r-orphan'"));
    }

    [Fact]
    public async Task SaveDuringWhichSqliteRollsTheGroupBack_FailsEverySaveOfTheGroup()
    {
        // SQLite ends the whole transaction on some errors (I/O, disk full); simulated by a ROLLBACK sent from inside the
        // second save of a group. The first save of that group ran fine, but its rows went with the transaction: it must
        // fail too, and the third must not run outside any transaction.
        var group = Group();
        Task<int> before, breaking, after;
        await using (await HoldWriterAsync())
        {
            var warmUp = SaveProjectAsync("alone", Ct);
            await UntilAsync(() => SqliteWriteGate.Waiting(_db.FilePath) == 1);
            before = SaveProjectAsync("before", Ct);
            await UntilAsync(() => group.Queued == 1);
            breaking = SaveAsync(db => db.Projects.Add(NewProject("breaking")), Ct, new RollbackOnInsert());
            await UntilAsync(() => group.Queued == 2);
            after = SaveProjectAsync("after", Ct);
            await UntilAsync(() => group.Queued == 3);
            _ = warmUp;
        }

        await Assert.ThrowsAnyAsync<Exception>(() => breaking);
        var lost = await Assert.ThrowsAsync<DbUpdateException>(() => before);
        Assert.Contains("rolled back", lost.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DbUpdateException>(() => after);
        Assert.Equal(0, await CountAsync("projects", "\"Name\" IN ('before', 'breaking', 'after')"));
        Assert.Equal(1, await CountAsync("projects", "\"Name\" = 'alone'"));

        // The writer goes on: the next save commits.
        Assert.True(await SaveProjectAsync("later", Ct) > 0);
    }

    [Fact]
    public async Task GroupOfSaves_WritesEachTouchedStampOnceInItsCommit_AndNoSaveWritesOneOfItsOwn()
    {
        // Six adds in two groups (one, then five): the registry stamp is written once per group, by the writer, in the
        // group's transaction; the saves' own EF batches hold no stamp row.
        var group = Group();
        var servers = _db.NewServerService();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("registry-made"), _db.Admin, Ct)).IsSuccess);
        await CountStampWritesAsync();
        var before = await StampsAsync();
        _db.Commands.Start();
        await AddSixInTwoGroupsAsync(group, servers, i => ServerBodies.Stdio($"st{i}"));

        var commands = _db.Commands.Stop();
        var after = await StampsAsync();
        Assert.Contains(commands, c => c.Contains("INSERT INTO \"registry_servers\"", StringComparison.Ordinal));
        Assert.DoesNotContain(commands, c => c.Contains("change_stamps", StringComparison.Ordinal));
        Assert.Equal(2, await CountAsync("stamp_writes", "\"Scope\" = 'registry'"));
        Assert.Equal(0, await CountAsync("stamp_writes", "\"Scope\" = 'access'"));
        Assert.NotEqual(before["registry"], after["registry"]);
        Assert.Equal(before["access"], after["access"]);
    }

    [Fact]
    public async Task GroupWhoseOnlySaveFails_LeavesEveryStampAsItWas()
    {
        Assert.Equal(1, await SaveProjectAsync("stamped-once", Ct));
        await CountStampWritesAsync();
        var before = await StampsAsync();

        // The same project again: its INSERT breaks the primary key in the writer, and its savepoint is rolled back.
        await Assert.ThrowsAsync<DbUpdateException>(() => SaveProjectAsync("stamped-once", Ct));

        Assert.Equal(before, await StampsAsync());
        Assert.Equal(0, await CountAsync("stamp_writes"));
    }

    [Fact]
    public async Task SaveInACallersTransaction_IsNotGrouped()
    {
        var group = Group();
        var saves = group.Saves;
        await using var db = _db.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        db.Projects.Add(NewProject("in-transaction"));
        Assert.True(await db.SaveChangesAsync(Ct) > 0);
        await transaction.CommitAsync(Ct);

        Assert.Equal(saves, group.Saves);
        Assert.Equal(1, await CountAsync("projects", "\"Name\" = 'in-transaction'"));
    }

    [Fact]
    public async Task CommittedGroups_AreCopiedIntoTheDatabaseFileBesideTheWriter()
    {
        // The group's writer leaves checkpoints to a checkpointer of its own until the log is 2,000 pages long; a few
        // saves are far below that, so only that checkpointer can have put them into the database file itself, which an
        // immutable open reads without the log. A connection stays open throughout: SQLite also checkpoints when the last
        // connection to a file closes.
        await using var keepOpen = new SqliteConnection(_db.ConnectionString);
        await keepOpen.OpenAsync(Ct);
        await using (var read = keepOpen.CreateCommand())
        {
            // A connection joins the log's shared memory at its first read.
            read.CommandText = "SELECT COUNT(*) FROM projects";
            await read.ExecuteScalarAsync(Ct);
        }

        for (var i = 0; i < 3; i++)
        {
            await SaveProjectAsync($"checkpointed-{i}", Ct);
        }

        var inFile = 0L;
        for (var attempt = 0; attempt < 500 && inFile < 3; attempt++)
        {
            await Task.Delay(10, Ct);
            await using var connection = new SqliteConnection($"Data Source=file:{_db.FilePath}?immutable=1;Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM projects WHERE \"Name\" LIKE 'checkpointed-%'";
            inFile = (long)(await command.ExecuteScalarAsync(Ct))!;
        }

        Assert.Equal(3, inFile);
    }

    [Fact]
    public async Task ListenerThatThrows_NeitherFailsTheSaveNorStopsTheWriter()
    {
        // Bounded: a writer stopped by the listener would leave both saves waiting forever.
        var patience = TimeSpan.FromSeconds(30);
        Assert.True(await SaveAsync(db => db.Projects.Add(NewProject("heard")), Ct, new ThrowingListener()).WaitAsync(patience, Ct) > 0);

        // The writer still serves the next save.
        Assert.True(await SaveProjectAsync("after-listener", Ct).WaitAsync(patience, Ct) > 0);
        Assert.Equal(2, await CountAsync("projects", "\"Name\" IN ('heard', 'after-listener')"));
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=group-commit-test;Mode=Memory;Cache=Shared")]
    public void InMemoryDatabase_HasNoGroupCommit(string connectionString)
    {
        using var db = new RegistryDbContext(new DbContextOptionsBuilder<RegistryDbContext>().UseSqlite(connectionString).Options);

        Assert.Null(SqliteGroupCommit.For(db));
    }

    [Fact]
    public async Task CommittedGroup_PublishesTheScopesItsSavesChanged()
    {
        // The app's contexts carry the change publisher; a grouped save must publish once its group has committed.
        var published = new List<string>();
        using var subscription = ((IRegistryChanges)_db.Services.GetService(typeof(IRegistryChanges))!).Subscribe(scope =>
        {
            lock (published)
            {
                published.Add(scope);
            }
        });
        await using (var db = await _db.DbFactory.CreateDbContextAsync(Ct))
        {
            Assert.NotNull(SqliteGroupCommit.For(db));
            db.Projects.Add(NewProject("published"));
            db.Registries.Add(new Registry { Id = "r-published", ProjectId = "p-published", Name = "default" });
            await db.SaveChangesAsync(Ct);
        }

        lock (published)
        {
            Assert.Contains(ChangeStamp.Registry, published);
        }
    }

    [Fact]
    public async Task GroupedSave_BuildsItsBatchesOnTheCallersThread_TheWriterOnlyRunsThem()
    {
        // EF builds a save's batches (SQL, parameters, serialized JSON) lazily while it runs them. A grouped save builds
        // them before it queues, on the caller's thread: the group's one writer, which every save waits for, only runs them.
        await using var db = ContextRecordingBatches(out var batches);
        db.Projects.Add(NewProject("prepared-before-queued"));
        db.Projects.Add(NewProject("prepared-before-queued-2"));
        var caller = Environment.CurrentManagedThreadId;
        var saving = db.SaveChangesAsync(Ct);
        var builtBeforeTheWriter = batches.ToArray();
        await saving;

        Assert.NotEmpty(builtBeforeTheWriter);
        Assert.All(builtBeforeTheWriter, thread => Assert.Equal(caller, thread));
        Assert.Equal(builtBeforeTheWriter.Length, batches.Count);
        Assert.Equal(2, await CountAsync("projects", "\"Name\" LIKE 'prepared-before-queued%'"));
    }

    [Fact]
    public async Task GroupedSaveWithATemporaryKey_IsBuiltByEfInTheWriter()
    {
        // EF reads a batch's values as it builds it: a child of a row whose key the database generates must be built after
        // that row came back. A save holding a temporary value is therefore not built early (a role claim's key is generated).
        await using var db = ContextRecordingBatches(out var batches);
        var role = new Microsoft.AspNetCore.Identity.IdentityRole("temporary-key-role") { Id = "role-temporary-key", NormalizedName = "TEMPORARY-KEY-ROLE" };
        db.Roles.Add(role);
        db.RoleClaims.Add(new Microsoft.AspNetCore.Identity.IdentityRoleClaim<string> { RoleId = role.Id, ClaimType = "scope", ClaimValue = "registry" });
        var caller = Environment.CurrentManagedThreadId;
        Task<int> saving;
        int[] builtBeforeTheWriter;
        await using (await HoldWriterAsync())
        {
            // The writer builds a group once it has the file's turn: while this test holds it, whatever was built by then
            // was built before the writer (read without holding it, the writer could have built the batches already).
            saving = db.SaveChangesAsync(Ct);
            await UntilAsync(() => SqliteWriteGate.Waiting(_db.FilePath) == 1, "the writer did not wait for the file's turn");
            builtBeforeTheWriter = batches.ToArray();
        }

        await saving;

        Assert.Empty(builtBeforeTheWriter);
        Assert.NotEmpty(batches);
        Assert.DoesNotContain(caller, batches);
        Assert.Equal(1, await CountAsync("AspNetRoleClaims", "\"RoleId\" = 'role-temporary-key'"));
    }

    [Fact]
    public async Task GroupedSave_WhoseSavingInterceptorAddsAnEntity_SavesWhatIsPendingThen()
    {
        // Batches built before the save would miss an entity a SavingChanges interceptor adds in the writer: EF builds the
        // batches of what is pending then, and both rows land.
        await SaveAsync(db => db.Projects.Add(NewProject("saved-by-the-caller")), Ct, new AddsAProjectWhileSaving("added-while-saving"));

        Assert.Equal(1, await CountAsync("projects", "\"Name\" = 'saved-by-the-caller'"));
        Assert.Equal(1, await CountAsync("projects", "\"Name\" = 'added-while-saving'"));
    }

    [Fact]
    public async Task Groups_RunOnTheWritersOwnThread_WithoutTheFirstCallersContext()
    {
        // The writer blocks through each commit's fsync: on a pool thread that held one of the pool's few threads. It
        // serves every caller, so the caller that started it must not lend it its execution context (async locals).
        var group = Group();
        await UntilAsync(() => !group.WriterRunning, "the writer's thread did not stop after the fixture's saves");
        var seen = new WriterThreadSeen();
        WriterThreadSeen.CallerFlow.Value = "the first caller's";
        await SaveAsync(db => db.Projects.Add(NewProject("own-thread")), Ct, seen);

        Assert.Equal(SqliteGroupCommit.WriterThreadName, seen.Name);
        Assert.False(seen.IsThreadPoolThread);
        Assert.Null(seen.Flow);
        Assert.Equal(1, await CountAsync("projects", "\"Name\" = 'own-thread'"));
    }

    /// <summary>
    /// Six adds in two groups: the writer takes the first and waits for the turn this test holds, the other five queue
    /// behind it and run together once the turn is released; each must succeed.
    /// </summary>
    private async Task AddSixInTwoGroupsAsync(SqliteGroupCommit group, ServerService servers, Func<int, JsonObject> body)
    {
        Task<Result<ServerDto>>[] adds;
        await using (await HoldWriterAsync())
        {
            var first = servers.AddAsync(body(0), _db.Admin, Ct);
            await UntilAsync(() => SqliteWriteGate.Waiting(_db.FilePath) == 1);
            adds = [first, .. Enumerable.Range(1, 5).Select(i => servers.AddAsync(body(i), _db.Admin, Ct))];
            await UntilAsync(() => group.Queued == 5);
        }

        foreach (var add in adds)
        {
            Assert.True((await add).IsSuccess);
        }
    }

    private SqliteGroupCommit Group()
    {
        using var db = _db.CreateDbContext();
        return SqliteGroupCommit.For(db) ?? throw new InvalidOperationException("no group commit on the test database");
    }

    /// <summary>Takes the file's write turn with a transaction of its own until disposed (the writer waits behind it).</summary>
    private async Task<IAsyncDisposable> HoldWriterAsync()
    {
        var db = _db.CreateDbContext();
        var transaction = await db.Database.BeginTransactionAsync(Ct);
        return new Holder(db, transaction);
    }

    private Task<int> SaveProjectAsync(string name, CancellationToken cancellationToken) =>
        SaveAsync(db => db.Projects.Add(NewProject(name)), cancellationToken);

    private async Task<int> SaveAsync(Action<RegistryDbContext> change, CancellationToken cancellationToken, params IInterceptor[] interceptors)
    {
        await using var db = interceptors.Length == 0 ? _db.CreateDbContext() : ContextWith(interceptors);
        change(db);
        return await db.SaveChangesAsync(cancellationToken);
    }

    private RegistryDbContext ContextWith(IInterceptor[] interceptors, Action<DbContextOptionsBuilder>? configure = null)
    {
        var options = new DbContextOptionsBuilder<RegistryDbContext>().AddInterceptors(interceptors);
        new DatabaseSettings(DatabaseProvider.Sqlite, _db.ConnectionString).Apply(options);
        configure?.Invoke(options);
        return new RegistryDbContext(options.Options);
    }

    /// <summary>A context whose batches note the thread they were built on (<paramref name="batches"/>, one per batch).</summary>
    private RegistryDbContext ContextRecordingBatches(out ConcurrentQueue<int> batches)
    {
        var db = ContextWith([], options => options.ReplaceService<ICommandBatchPreparer, RecordingPreparer>());
        batches = RecordingPreparer.Threads.GetOrCreateValue(db);
        return db;
    }

    private static Project NewProject(string name) => new() { Id = $"p-{name}", Name = name, CreatedAt = DateTime.UtcNow };

    private Task<long> CountAsync(string table, string? where = null) => AuditTable.CountAsync(_db.ConnectionString, table, where);

    /// <summary>From now on every UPDATE of a stamp row leaves a row in <c>stamp_writes</c> (a trigger of the test's own).</summary>
    private async Task CountStampWritesAsync()
    {
        await using var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS stamp_writes ("Scope" TEXT NOT NULL);
            DELETE FROM stamp_writes;
            CREATE TRIGGER IF NOT EXISTS count_stamp_writes AFTER UPDATE ON change_stamps
            BEGIN INSERT INTO stamp_writes ("Scope") VALUES (new."Scope"); END;
            """;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<Dictionary<string, string>> StampsAsync()
    {
        await using var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Scope\", \"Stamp\" FROM change_stamps";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var stamps = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Ct))
        {
            stamps[reader.GetString(0)] = reader.GetString(1);
        }

        return stamps;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection(_db.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>The SQLite meter's measurements of one database file, in the order they were recorded.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, double Value)> _values = new();
        private readonly string _file;

        public Measurements(string file)
        {
            _file = file;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SqliteMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public List<double> Of(string name) => [.. _values.Where(v => v.Name == name).Select(v => v.Value)];

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == SqliteMetrics.DatabaseTag && Equals(tag.Value, _file))
                {
                    _values.Enqueue((instrument.Name, value));
                }
            }
        }
    }

    private static async Task UntilAsync(Func<bool> condition, string failure = "the saves did not reach the expected place in the queue")
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.True(condition(), failure);
    }

    private sealed class Holder(RegistryDbContext db, IDbContextTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.CommitAsync();
            await transaction.DisposeAsync();
            await db.DisposeAsync();
        }
    }

    /// <summary>Calls <see cref="Inserting"/> before each INSERT a context sends.</summary>
    private abstract class OnInsert : DbCommandInterceptor
    {
        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Check(command);
            return result;
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Check(command);
            return result;
        }

        protected abstract void Inserting(DbCommand command);

        private void Check(DbCommand command)
        {
            if (command.CommandText.Contains("INSERT", StringComparison.OrdinalIgnoreCase))
            {
                Inserting(command);
            }
        }
    }

    /// <summary>The thread the INSERT of a grouped save runs on, and the caller's async local as that thread sees it.</summary>
    private sealed class WriterThreadSeen : OnInsert
    {
        public static readonly AsyncLocal<string?> CallerFlow = new();

        public string? Name { get; private set; }

        public bool IsThreadPoolThread { get; private set; } = true;

        public string? Flow { get; private set; }

        protected override void Inserting(DbCommand command) =>
            (Name, IsThreadPoolThread, Flow) = (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread, CallerFlow.Value);
    }

    /// <summary>EF's own batch preparer, noting for each context the threads its batches were built on.</summary>
#pragma warning disable EF1001 // EF's CommandBatchPreparer, observed, not changed
    private sealed class RecordingPreparer(CommandBatchPreparerDependencies dependencies, ICurrentDbContext current) : CommandBatchPreparer(dependencies)
    {
        public static readonly ConditionalWeakTable<DbContext, ConcurrentQueue<int>> Threads = [];

        public override IEnumerable<ModificationCommandBatch> BatchCommands(IList<IUpdateEntry> entries, IUpdateAdapter updateAdapter)
        {
            var threads = Threads.GetOrCreateValue(current.Context);
            foreach (var batch in base.BatchCommands(entries, updateAdapter))
            {
                threads.Enqueue(Environment.CurrentManagedThreadId);
                yield return batch;
            }
        }
    }
#pragma warning restore EF1001

    /// <summary>Adds a project while the context saves (once), as a saving interceptor may.</summary>
    private sealed class AddsAProjectWhileSaving(string name) : SaveChangesInterceptor
    {
        private bool _added;

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            if (!_added && eventData.Context is RegistryDbContext db)
            {
                _added = true;
                db.Projects.Add(NewProject(name));
            }

            return result;
        }
    }

    private sealed class ThrowingListener : IInterceptor, IGroupCommitListener
    {
        public void Committed(DbContext context) => throw new InvalidOperationException("a broken listener");

        public void RolledBack(DbContext context) => throw new InvalidOperationException("a broken listener");
    }

    /// <summary>Ends the connection's transaction from inside a save, as SQLite does on an I/O error.</summary>
    private sealed class RollbackOnInsert : OnInsert
    {
        protected override void Inserting(DbCommand command)
        {
            SQLitePCL.raw.sqlite3_exec(((SqliteConnection)command.Connection!).Handle, "ROLLBACK");
            throw new InvalidOperationException("Simulated I/O error: SQLite rolled the transaction back");
        }
    }
}
