using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Performance;

/// <summary>
/// list-servers' pages in name order run on SQLite as statements prepared once per connection, one per shape (order,
/// filters, first page or after a boundary), with EF's own SQL, and so does list-gateways-by-server's page: each must
/// read exactly what the EF query reads.
/// </summary>
public sealed class PreparedServerPagesTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private const int Take = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<bool, bool?, string?> Shapes()
    {
        var data = new TheoryData<bool, bool?, string?>();
        foreach (var descending in new[] { false, true })
        {
            foreach (var isActive in new bool?[] { null, true, false })
            {
                foreach (var status in new[] { null, ReviewStatuses.Pending, ReviewStatuses.Approved, ReviewStatuses.Rejected })
                {
                    data.Add(descending, isActive, status);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task ReadNamePage_EveryShapeFirstAndAfterABoundary_EqualsTheEfQueryInEveryMappedProperty(bool descending, bool? isActive, string? status)
    {
        TestProvider.RequireSqlite("the prepared pages are SQLite's");
        var registryId = await SeedAsync();
        using var reader = new SqlitePreparedServerReader(database.DbFactory, database.ConnectionString);
        var list = new ServerPages.ListKey(registryId, isActive, status, null, ServerPages.NameSort, descending);
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        var filtered = ServerPages.Filter(db.Servers.AsNoTracking(), registryId, isActive, status);

        // Every page of the list, each read from the boundary the page before it ends on.
        ServerPages.SortKey? boundary = null;
        var pages = 0;
        while (true)
        {
            var expected = await ServerPages.Order(boundary is null ? filtered : filtered.Where(ServerPages.After(boundary, ServerPages.NameSort, descending)), ServerPages.NameSort, descending)
                .Take(Take).ToListAsync(Ct);
            var prepared = await reader.ReadNamePageAsync(list, boundary, Take, Ct);

            Assert.NotNull(prepared);
            Assert.Equal(expected.Select(s => s.Id), prepared.Select(s => s.Id));
            for (var i = 0; i < expected.Count; i++)
            {
                MappedValues.Equal(db.Model.FindEntityType(typeof(RegistryServer))!, expected[i], p => p.PropertyInfo!.GetValue(prepared[i]));
            }

            if (expected.Count < Take)
            {
                break;
            }

            boundary = ServerPages.SortKey.Of(expected[^1]);
            pages++;
        }

        // The unfiltered list (13 rows) takes five pages of three; every filter leaves at least one row.
        Assert.True(pages >= (isActive is null && status is null ? 4 : 0));
        Assert.NotEmpty(await filtered.Take(1).ToListAsync(Ct));
    }

    [Fact]
    public async Task List_ManyConcurrentCallersBeyondThePool_EachGetsTheSamePages()
    {
        TestProvider.RequireSqlite("the prepared pages are SQLite's");
        var actor = await database.NewProjectActorAsync(Role.Admin);
        var servers = database.Services.GetRequiredService<IServerService>();
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await servers.AddAsync(ServerBodies.Stdio($"many-{i:D2}"), actor, Ct)).IsSuccess);
        }

        async Task<string[]> PageAsync(int page)
        {
            var result = await servers.ListAsync(new ServerListQuery { Page = page, PerPage = 4 }, actor, Ct);
            Assert.True(result.IsSuccess);
            return [.. result.Value!.Items.Select(s => s.SavedName)];
        }

        var pages = await Task.WhenAll(Enumerable.Range(0, 96).Select(i => Task.Run(() => PageAsync(1 + (i % 3)), Ct)));

        for (var i = 0; i < pages.Length; i++)
        {
            var page = i % 3;
            Assert.Equal(Enumerable.Range(page * 4, Math.Min(4, 10 - (page * 4))).Select(n => $"many-{n:D2}"), pages[i]);
        }
    }

    [Fact]
    public async Task ReadUsages_EveryPageOfAServerInFiveGateways_EqualsTheEfQuery()
    {
        TestProvider.RequireSqlite("the prepared pages are SQLite's");
        var editor = await database.NewProjectActorAsync(Role.Editor);
        var servers = database.Services.GetRequiredService<IServerService>();
        var gateways = database.Services.GetRequiredService<IGatewayService>();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("used"), editor, Ct)).IsSuccess);
        var review = await database.Services.GetRequiredService<IReviewService>()
            .ReviewAsync(new ServerKey("used", "v1"), new JsonObject { ["decision"] = "approve" }, null, CoreDatabase.As(editor, Role.Reviewer), Ct);
        Assert.True(review.IsSuccess);
        string[] names = ["gw-d", "gw-b", "gw-e", "gw-a", "gw-c"];
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            var common = i % 2 == 0 ? null : new JsonObject { ["enable_server_info_validation"] = false };
            var entry = i % 3 == 0 ? GatewayBodies.Entry("used") : GatewayBodies.Entry("used", GatewayBodies.InputOverride($"in-{name}", "pii"));
            Assert.True((await gateways.AddAsync(GatewayBodies.Gateway(name, common, entry), editor, Ct)).IsSuccess);
        }

        Assert.True((await gateways.DeleteAsync(new GatewayKey("gw-b", "v1"), null, editor, Ct)).IsSuccess);
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        var serverId = await db.Servers.Where(s => s.SavedName == "used" && db.Registries.Any(r => r.Id == s.RegistryId && r.ProjectId == editor.ProjectId)).Select(s => s.Id).SingleAsync(Ct);
        using var reader = new SqlitePreparedServerReader(database.DbFactory, database.ConnectionString);

        var read = new List<string>();
        foreach (var skip in new[] { 0, 2, 4, 6 })
        {
            var expected = await GatewayUsages.PageAsync(db, serverId, skip, 2, Ct);
            var prepared = await reader.ReadUsagesAsync(serverId, skip, 2, Ct);

            Assert.NotNull(prepared);
            Assert.Equal(expected.Count, prepared.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(
                    (expected[i].GatewaySavedName, expected[i].GatewayVersion, expected[i].GatewayId, expected[i].IsActive),
                    (prepared[i].GatewaySavedName, prepared[i].GatewayVersion, prepared[i].GatewayId, prepared[i].IsActive));
                Assert.True(JsonNode.DeepEquals(expected[i].Overrides, prepared[i].Overrides), prepared[i].Overrides.ToJsonString());
                Assert.True(JsonNode.DeepEquals(expected[i].CommonOverrides, prepared[i].CommonOverrides), prepared[i].CommonOverrides.ToJsonString());
            }

            read.AddRange(prepared.Select(u => u.GatewaySavedName));
        }

        Assert.Equal(["gw-a", "gw-b", "gw-c", "gw-d", "gw-e"], read);
        Assert.Equal(5, await GatewayUsages.CountAsync(db, serverId, Ct));
    }

    /// <summary>
    /// A project with 13 servers: two versions of one name (the version breaks the tie), every review status, active and
    /// deleted ones; returns its registry's id.
    /// </summary>
    private async Task<string> SeedAsync()
    {
        var actor = await database.NewProjectActorAsync(Role.Admin);
        var servers = database.Services.GetRequiredService<IServerService>();
        var names = new[] { "m-echo", "a-alpha", "k-kilo", "c-charlie", "z-zulu", "b-bravo", "f-fox", "d-delta", "h-hotel", "g-golf", "j-juliet", "e-echo" };
        foreach (var name in names)
        {
            Assert.True((await servers.AddAsync(ServerBodies.Stdio(name), actor, Ct)).IsSuccess);
        }

        var twin = ServerBodies.Stdio("a-alpha");
        twin["server_version"] = "2.0.0";
        Assert.True((await servers.AddAsync(twin, actor, Ct)).IsSuccess);

        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        var registryId = await db.Registries.Where(r => r.ProjectId == actor.ProjectId).Select(r => r.Id).SingleAsync(Ct);
        var rows = await db.Servers.Where(s => s.RegistryId == registryId).OrderBy(s => s.SavedName).ThenBy(s => s.ServerVersion).ToListAsync(Ct);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].ReviewStatus = ReviewStatuses.All[i % 3];
            if (i % 4 == 1)
            {
                rows[i].IsActive = false;
                rows[i].DeletedAt = rows[i].UpdatedAt;
            }
        }

        await db.SaveChangesAsync(Ct);
        return registryId;
    }
}
