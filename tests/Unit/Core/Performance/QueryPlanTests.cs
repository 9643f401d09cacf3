using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Performance;

/// <summary>The hot lookups of issue 9 seek through their unique indexes (EXPLAIN QUERY PLAN), never scan the servers or snapshots.</summary>
public sealed class QueryPlanTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FindServer_InProject_SeeksRegistryThenServerByUniqueIndexes()
    {
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        var key = new ServerKey("name", "v1");

        var plan = await QueryPlan.ExplainAsync(db, db.Servers.InProject(db, database.ProjectId)
            .Where(s => s.SavedName == key.SavedName && s.ServerVersion == key.ServerVersion).Take(1));

        Assert.Contains(plan, l => l.StartsWith("SEARCH r USING COVERING INDEX IX_registries_ProjectId_Name", StringComparison.Ordinal) || l.StartsWith("SEARCH r USING INDEX IX_registries_ProjectId_Name", StringComparison.Ordinal));
        Assert.Contains(plan, l => l.Contains("USING INDEX IX_registry_servers_RegistryId_SavedName_ServerVersion (RegistryId=? AND SavedName=? AND ServerVersion=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, l => l.StartsWith("SCAN", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, l => l.Contains("CORRELATED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NewServerTarget_SeeksProjectRegistryAndServerByTheirKeys()
    {
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);

        var plan = await QueryPlan.ExplainAsync(db, RegistryLookup.NewServerTargetQuery(db, database.ProjectId, new ServerKey("name", "v1")).Take(1));

        Assert.Contains(plan, l => l.StartsWith("SEARCH p USING INDEX sqlite_autoindex_projects_1 (Id=?)", StringComparison.Ordinal));
        AssertSeeksProjectRegistryAndServer(plan);
    }

    [Fact]
    public async Task ServerForChange_SeeksRegistryProjectAndServerByTheirKeys()
    {
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);

        var plan = await QueryPlan.ExplainAsync(db, RegistryLookup.ServerForChangeQuery(db, database.ProjectId, new ServerKey("name", "v1")).Take(1));

        AssertSeeksProjectRegistryAndServer(plan);
    }

    /// <summary>The write lookups: the project by its key, the registry and the server by their unique indexes, nothing scanned.</summary>
    private static void AssertSeeksProjectRegistryAndServer(IReadOnlyList<string> plan)
    {
        Assert.Contains(plan, l => l.Contains("sqlite_autoindex_projects_1 (Id=?)", StringComparison.Ordinal));
        Assert.Contains(plan, l => l.Contains("IX_registries_ProjectId_Name (ProjectId=? AND Name=?)", StringComparison.Ordinal));
        Assert.Contains(plan, l => l.Contains("IX_registry_servers_RegistryId_SavedName_ServerVersion (RegistryId=? AND SavedName=? AND ServerVersion=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, l => l.StartsWith("SCAN", StringComparison.Ordinal) || l.Contains(" SCAN ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApprovedSnapshotJoin_SeeksByServerAndRevision()
    {
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);

        var plan = await QueryPlan.ExplainAsync(db, db.GatewayServers.AsNoTracking()
            .Where(s => s.GatewayId == "g")
            .Join(db.Servers.AsNoTracking(), s => s.ServerId, server => server.Id, (s, server) => new { Reference = s, Server = server })
            .GroupJoin(db.ServerSnapshots.AsNoTracking(), x => new { x.Server.Id, Revision = x.Server.ApprovedRevision },
                snap => new { Id = snap.ServerId, Revision = (int?)snap.Revision }, (x, snaps) => new { x, snaps })
            .SelectMany(g => g.snaps.DefaultIfEmpty(), (g, snap) => new { g.x.Reference, g.x.Server, Snapshot = snap }));

        Assert.Contains(plan, l => l.Contains("USING INDEX IX_server_snapshots_ServerId_Revision (ServerId=? AND Revision=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, l => l.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("saved_name", false, "IX_registry_servers_RegistryId_SavedName_ServerVersion (RegistryId=? AND SavedName>?)")]
    [InlineData("saved_name", true, "IX_registry_servers_RegistryId_SavedName_ServerVersion (RegistryId=? AND SavedName<?)")]
    [InlineData("created_at", false, "IX_registry_servers_RegistryId_CreatedAt_SavedName_ServerVersion (RegistryId=? AND CreatedAt>?)")]
    [InlineData("updated_at", true, "IX_registry_servers_RegistryId_UpdatedAt_SavedName_ServerVersion (RegistryId=? AND UpdatedAt<?)")]
    public async Task DeepPageFromBoundary_SeeksIntoTheSortIndex(string sort, bool descending, string expected)
    {
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        var boundary = new ServerPages.SortKey(DateTime.UtcNow, DateTime.UtcNow, "srv-049974", "v1");
        var filtered = db.Servers.AsNoTracking().Where(s => s.RegistryId == "r").Where(ServerPages.After(boundary, sort, descending));

        var plan = await QueryPlan.ExplainAsync(db, ServerPages.Order(filtered, sort, descending).Take(25));

        Assert.Contains(plan, l => l.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, l => l.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
