using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Audit;

/// <summary>
/// An audit event is written in the same SaveChanges as the change it records: when that save fails half-way,
/// neither is stored. The failure is injected by a command interceptor inside EF's own transaction, after at least
/// one write of the save has already reached the database.
/// </summary>
public sealed class AuditTransactionTests : IAsyncLifetime
{
    private CoreDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await CoreDatabase.CreateAsync();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddAsync_SaveFailsAfterFirstWrite_StoresNeitherServerNorAuditEvent()
    {
        _db.Writes.Armed = true;
        _db.Writes.FailOnWrite = 2;

        var outcome = await Outcome(() => _db.NewServerService().AddAsync(ServerBodies.Stdio("fs"), _db.Admin, Ct));

        Assert.True(_db.Writes.Failed, "the injected failure did not happen");
        Assert.Single(_db.Writes.Written);
        Assert.False(outcome.Succeeded);
        Assert.Equal(0, await AuditTable.CountAsync(_db.ConnectionString, "audit_events"));
        Assert.Equal(0, await AuditTable.CountAsync(_db.ConnectionString, "registry_servers"));
    }

    [Fact]
    public async Task BulkAddAsync_SaveFailsOnLastWrite_StoresNothing()
    {
        var body = new JsonObject { ["servers"] = new JsonArray(ServerBodies.Stdio("a"), ServerBodies.Stdio("b"), ServerBodies.Remote("c")) };
        _db.Writes.Armed = true;
        _db.Writes.FailOnWrite = 6;

        var outcome = await Outcome(() => _db.NewServerService().BulkAddAsync(body, dryRun: false, _db.Admin, Ct));

        Assert.True(_db.Writes.Failed, "the injected failure did not happen");
        Assert.Equal(5, _db.Writes.Written.Count);
        Assert.False(outcome.Succeeded);
        Assert.Equal(0, await AuditTable.CountAsync(_db.ConnectionString, "audit_events"));
        Assert.Equal(0, await AuditTable.CountAsync(_db.ConnectionString, "registry_servers"));
    }

    [Fact]
    public async Task AddAsync_UniqueIndexClashDuringSave_Returns409AndStoresNoAuditEvent()
    {
        // Another writer commits the same name and version between our existence check and our save (right after the
        // check's read): the unique index refuses our insert, and the service reports the duplicate it now finds.
        Assert.True((await _db.NewServerService().AddAsync(ServerBodies.Stdio("other"), _db.Admin, Ct)).IsSuccess);
        var eventsBefore = await AuditTable.CountAsync(_db.ConnectionString, "audit_events");
        var clashed = false;
        _db.Reads.AfterNextServerRead = async () =>
        {
            await using var connection = TestProvider.Connect(_db.ConnectionString);
            await using var clash = connection.CreateCommand();
            clash.CommandText = """
                INSERT INTO registry_servers ("Id", "RegistryId", "SavedName", "ServerVersion", "McpConfigJson", "Transport", "SearchText", "IsActive", "IsSample", "ReviewStatus", "Revision", "CreatedAt", "UpdatedAt")
                SELECT 'clashing-row', "Id", 'fs', 'v1', '{}', 'stdio', 'fs', @yes, @no, 'approved', 1, @at, @at FROM registries
                """;
            clash.With("yes", true).With("no", false).With("at", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            clashed = await clash.ExecuteNonQueryAsync(Ct) == 1;
        };

        var result = await _db.NewServerService().AddAsync(ServerBodies.Stdio("fs"), _db.Admin, Ct);

        Assert.True(clashed, "the clashing row was not inserted");
        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, result.Error.Kind);
        Assert.Equal(eventsBefore, await AuditTable.CountAsync(_db.ConnectionString, "audit_events"));
    }

    [Fact]
    public async Task ModifyAsync_SaveFailsAfterFirstWrite_KeepsServerAndAddsNoAuditEvent()
    {
        var servers = _db.NewServerService();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("fs"), _db.Admin, Ct)).IsSuccess);
        _db.Writes.Armed = true;

        var outcome = await Outcome(() => servers.ModifyAsync(new ServerKey("fs", "v1"), RegistryApi.CommandPatch("uvx", "pkg==1.0.0"), null, _db.Admin, Ct));

        Assert.True(_db.Writes.Failed, "the injected failure did not happen");
        Assert.Single(_db.Writes.Written);
        Assert.False(outcome.Succeeded);
        var rows = await AuditTable.ReadAllAsync(_db.ConnectionString);
        Assert.Equal(["server.add"], rows.Select(r => r.Action));
        var stored = await StoredAsync();
        Assert.Equal(1, stored.Revision);
        Assert.Equal("npx", stored.McpConfig["config"]!["command"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteAsync_SaveFailsAfterFirstWrite_KeepsServerActiveAndAddsNoAuditEvent()
    {
        var servers = _db.NewServerService();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("fs"), _db.Admin, Ct)).IsSuccess);
        _db.Writes.Armed = true;

        var outcome = await Outcome(() => servers.DeleteAsync(new ServerKey("fs", "v1"), null, _db.Admin, Ct));

        Assert.True(_db.Writes.Failed, "the injected failure did not happen");
        Assert.False(outcome.Succeeded);
        Assert.Equal(1, await AuditTable.CountAsync(_db.ConnectionString, "audit_events"));
        Assert.True((await StoredAsync()).IsActive);
    }

    [Fact]
    public async Task ReviewAsync_ApproveSaveFailsOnLastWrite_StaysPendingWithoutSnapshotOrAuditEvent()
    {
        var servers = _db.NewServerService();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("fs"), _db.Admin, Ct)).IsSuccess);
        _db.Writes.Armed = true;
        _db.Writes.FailOnWrite = 3;

        var outcome = await Outcome(() => _db.NewReviewService().ReviewAsync(new ServerKey("fs", "v1"), new JsonObject { ["decision"] = "approve" }, null, _db.Reviewer, Ct));

        Assert.True(_db.Writes.Failed, "the injected failure did not happen");
        Assert.Equal(2, _db.Writes.Written.Count);
        Assert.False(outcome.Succeeded);
        Assert.Equal(["server.add"], (await AuditTable.ReadAllAsync(_db.ConnectionString)).Select(r => r.Action));
        Assert.Equal(0, await AuditTable.CountAsync(_db.ConnectionString, "server_snapshots"));
        var stored = await StoredAsync();
        Assert.Equal(ReviewStatuses.Pending, stored.ReviewStatus);
        Assert.Null(stored.ApprovedRevision);
    }

    [Fact]
    public async Task AddAsync_NoFailure_StoresServerAndItsAuditEventTogether()
    {
        // The control case: the interceptor armed for a write that never comes changes nothing.
        _db.Writes.Armed = true;
        _db.Writes.FailOnWrite = 99;

        var result = await _db.NewServerService().AddAsync(ServerBodies.Stdio("fs"), _db.Admin, Ct);

        Assert.True(result.IsSuccess);
        Assert.False(_db.Writes.Failed);
        Assert.Equal(1, await AuditTable.CountAsync(_db.ConnectionString, "registry_servers"));
        var row = Assert.Single(await AuditTable.ReadAllAsync(_db.ConnectionString));
        Assert.Equal("server.add", row.Action);
        Assert.Equal("author", row.Actor);
    }

    /// <summary>Server fs@v1 as the service reads it now.</summary>
    private async Task<ServerDto> StoredAsync()
    {
        var result = await _db.NewServerService().GetAsync(new ServerKey("fs", "v1"), _db.Admin, Ct);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    private sealed record SaveOutcome(bool Succeeded, Exception? Exception);

    /// <summary>Runs a service call that may return a failed result or throw; either way it did not succeed.</summary>
    private static async Task<SaveOutcome> Outcome<T>(Func<Task<Result<T>>> call)
    {
        try
        {
            var result = await call();
            return new SaveOutcome(result.IsSuccess, null);
        }
        catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException)
        {
            return new SaveOutcome(false, ex);
        }
    }
}
