using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Performance;

/// <summary>
/// The reads before add-server and modify-server run on SQLite as statements prepared once per connection: they must
/// read exactly what the EF queries read, and modify-server's server must come back tracked as the EF query's would.
/// </summary>
public sealed class PreparedWriteLookupTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FindNewServerTarget_EveryCase_EqualsTheEfQuery()
    {
        TestProvider.RequireSqlite("the prepared lookups are SQLite's");
        var actor = await database.NewProjectActorAsync(Role.Admin);
        var fresh = await database.NewProjectActorAsync(Role.Admin);
        var servers = database.Services.GetRequiredService<IServerService>();
        await SetPolicyAsync(actor.ProjectId, requireApproval: false, requireDistinctReviewer: true);
        await SetPolicyAsync(fresh.ProjectId, requireApproval: true, requireDistinctReviewer: false);
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("target-taken"), actor, Ct)).IsSuccess);

        using var reader = NewReader();
        var cases = new (string Project, ServerKey Key)[]
        {
            (actor.ProjectId, new ServerKey("target-taken", Identifiers.DefaultVersion)),
            (actor.ProjectId, new ServerKey("target-taken", "2.0.0")),
            (actor.ProjectId, new ServerKey("target-free", Identifiers.DefaultVersion)),
            (fresh.ProjectId, new ServerKey("target-taken", Identifiers.DefaultVersion)),
            ("no-such-project", new ServerKey("target-taken", Identifiers.DefaultVersion)),
        };
        var seen = new List<NewServerTarget?>();
        foreach (var (project, key) in cases)
        {
            await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
            var prepared = await reader.FindNewServerTargetAsync(db, project, key, Ct);
            var expected = await RegistryLookup.FindNewServerTargetAsync(db, project, key, Ct);
            Assert.Equal(expected, prepared);
            seen.Add(prepared);
        }

        // The cases cover what the lookup can say: taken and free, a registry and none yet, both policies, no project.
        Assert.True(seen[0]!.Taken);
        Assert.False(seen[1]!.Taken);
        Assert.NotNull(seen[0]!.RegistryId);
        Assert.Null(seen[3]!.RegistryId);
        Assert.Equal(new RegistryConsole.Core.Reviews.ReviewPolicy(false, true), seen[0]!.Policy);
        Assert.Equal(new RegistryConsole.Core.Reviews.ReviewPolicy(true, false), seen[3]!.Policy);
        Assert.Null(seen[4]);
    }

    [Fact]
    public async Task FindServerForChange_ReadsWhatTheEfQueryReadsAndTracksItUnchanged()
    {
        TestProvider.RequireSqlite("the prepared lookups are SQLite's");
        var actor = await database.NewProjectActorAsync(Role.Admin);
        var other = await database.NewProjectActorAsync(Role.Admin);
        var servers = database.Services.GetRequiredService<IServerService>();
        Assert.True((await servers.AddAsync(ServerBodies.Remote("change-remote"), actor, Ct)).IsSuccess);
        await SetPolicyAsync(actor.ProjectId, requireApproval: true, requireDistinctReviewer: false);
        var key = new ServerKey("change-remote", Identifiers.DefaultVersion);

        using var reader = NewReader();
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        await using var efDb = await database.DbFactory.CreateDbContextAsync(Ct);
        var prepared = await reader.FindServerForChangeAsync(db, actor.ProjectId, key, Ct);
        var expected = await RegistryLookup.FindServerForChangeAsync(efDb, actor.ProjectId, key, Ct);

        Assert.NotNull(prepared);
        Assert.NotNull(expected);
        Assert.Equal(expected.Policy, prepared.Policy);
        Assert.Equal(new RegistryConsole.Core.Reviews.ReviewPolicy(true, false), prepared.Policy);
        var entry = db.Entry(prepared.Server);
        Assert.Equal(EntityState.Unchanged, entry.State);
        var serverType = db.Model.FindEntityType(typeof(RegistryServer))!;
        MappedValues.Equal(serverType, expected.Server, p => p.PropertyInfo!.GetValue(prepared.Server));
        MappedValues.Equal(serverType, expected.Server, p => entry.Property(p.Name).OriginalValue);

        Assert.Null(await reader.FindServerForChangeAsync(db, other.ProjectId, key, Ct));
        Assert.Null(await reader.FindServerForChangeAsync(db, actor.ProjectId, new ServerKey("change-missing", Identifiers.DefaultVersion), Ct));
    }

    [Fact]
    public async Task FindServerForChange_ChangeSavedThroughTheTrackedServer_UpdatesOnlyThatServerAndChecksItsRevision()
    {
        TestProvider.RequireSqlite("the prepared lookups are SQLite's");
        var actor = await database.NewProjectActorAsync(Role.Admin);
        var servers = database.Services.GetRequiredService<IServerService>();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("change-tracked"), actor, Ct)).IsSuccess);
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("change-bystander"), actor, Ct)).IsSuccess);
        var key = new ServerKey("change-tracked", Identifiers.DefaultVersion);
        using var reader = NewReader();

        await using (var db = await database.DbFactory.CreateDbContextAsync(Ct))
        {
            var (server, _) = (await reader.FindServerForChangeAsync(db, actor.ProjectId, key, Ct))!;
            server.Description = "changed through the prepared lookup";
            server.McpConfig["config"]!["args"] = new JsonArray("--changed");
            server.Revision++;
            await db.SaveChangesAsync(Ct);
        }

        await using (var check = await database.DbFactory.CreateDbContextAsync(Ct))
        {
            var saved = await RegistryLookup.FindServerReadOnlyAsync(check, actor.ProjectId, key, Ct);
            Assert.Equal("changed through the prepared lookup", saved!.Description);
            Assert.Equal("--changed", saved.McpConfig["config"]!["args"]![0]!.GetValue<string>());
            Assert.Equal(2, saved.Revision);
            var bystander = await RegistryLookup.FindServerReadOnlyAsync(check, actor.ProjectId, new ServerKey("change-bystander", Identifiers.DefaultVersion), Ct);
            Assert.Equal(1, bystander!.Revision);
        }

        // A change made from a read that another change overtook is refused, as with the EF query.
        await using var stale = await database.DbFactory.CreateDbContextAsync(Ct);
        var (old, _) = (await reader.FindServerForChangeAsync(stale, actor.ProjectId, key, Ct))!;
        Assert.True((await servers.ModifyAsync(key, new JsonObject { ["description"] = "overtaking" }, null, actor, Ct)).IsSuccess);
        old.Description = "stale";
        old.Revision++;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync(Ct));
    }

    [Fact]
    public async Task ServiceWrites_OnThePreparedLookups_AddRefuseTakenAndModifyAsWithEf()
    {
        TestProvider.RequireSqlite("the prepared lookups are SQLite's");
        var actor = await database.NewProjectActorAsync(Role.Admin);
        using var reader = NewReader();
        var service = new ServerService(database.DbFactory, database.Protector, database.Clock, reader: reader);

        Assert.True((await service.AddAsync(ServerBodies.Stdio("svc-prepared"), actor, Ct)).IsSuccess);
        var again = await service.AddAsync(ServerBodies.Stdio("svc-prepared"), actor, Ct);
        Assert.Equal(ErrorKind.Conflict, again.Error!.Kind);

        var key = new ServerKey("svc-prepared", Identifiers.DefaultVersion);
        var modified = await service.ModifyAsync(key, new JsonObject { ["description"] = "modified" }, expectedRevision: 1, actor, Ct);
        Assert.Equal("modified", modified.Value!.Description);
        Assert.Equal(2, modified.Value.Revision);
        var stale = await service.ModifyAsync(key, new JsonObject { ["description"] = "stale" }, expectedRevision: 1, actor, Ct);
        Assert.Equal(ErrorKind.PreconditionFailed, stale.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await service.ModifyAsync(new ServerKey("svc-missing", Identifiers.DefaultVersion), new JsonObject { ["description"] = "x" }, null, actor, Ct)).Error!.Kind);
    }

    private async Task SetPolicyAsync(string projectId, bool requireApproval, bool requireDistinctReviewer)
    {
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        var project = await db.Projects.FindAsync([projectId], Ct);
        project!.RequireApproval = requireApproval;
        project.RequireDistinctReviewer = requireDistinctReviewer;
        await db.SaveChangesAsync(Ct);
    }

    private SqlitePreparedServerReader NewReader() => new(database.DbFactory, database.ConnectionString);
}
