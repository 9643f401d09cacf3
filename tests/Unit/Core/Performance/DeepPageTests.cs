using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Performance;

/// <summary>
/// A deep page read again (or the page after one just read) seeks from a remembered boundary instead of walking an
/// OFFSET: it must return exactly what the OFFSET read returned, in every sort, and forget the boundary on any change.
/// </summary>
public sealed class DeepPageTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private const int PerPage = 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IServerService Servers => database.Services.GetRequiredService<IServerService>();

    public static TheoryData<string, string> Sorts() => new()
    {
        { "saved_name", "asc" }, { "saved_name", "desc" },
        { "created_at", "asc" }, { "created_at", "desc" },
        { "updated_at", "asc" }, { "updated_at", "desc" },
    };

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task List_EveryPageReadTwiceAndInOrder_MatchesOneOrderedWalkOfTheRegistry(string sort, string order)
    {
        var actor = await SeedAsync();
        var all = await ReadAsync(actor, 1, sort, order, perPage: 100);
        Assert.Equal(22, all.Count);

        var paged = new List<string>();
        for (var page = 1; page <= 6; page++)
        {
            var first = await ReadAsync(actor, page, sort, order);
            var again = await ReadAsync(actor, page, sort, order);
            Assert.Equal(first, again);
            paged.AddRange(first);
        }

        Assert.Equal(all, paged);

        // Out of order: a deep page first (OFFSET), then the same page (boundary), then back to an earlier one.
        Assert.Equal(all.Skip(16).Take(PerPage), await ReadAsync(actor, 5, sort, order));
        Assert.Equal(all.Skip(16).Take(PerPage), await ReadAsync(actor, 5, sort, order));
        Assert.Equal(all.Skip(8).Take(PerPage), await ReadAsync(actor, 3, sort, order));
        Assert.Empty(await ReadAsync(actor, 7, sort, order));
    }

    [Fact]
    public async Task List_ServerAddedBeforeARememberedPage_ShowsOnTheNextReadOfThatPage()
    {
        var actor = await SeedAsync();
        var before = await ReadAsync(actor, 3, "saved_name", "asc");
        Assert.Equal(before, await ReadAsync(actor, 3, "saved_name", "asc"));

        // Sorts first, so every later page moves by one row.
        Assert.True((await Servers.AddAsync(ServerBodies.Stdio("aaa-first"), actor, Ct)).IsSuccess);

        var after = await ReadAsync(actor, 3, "saved_name", "asc");
        Assert.Equal(before.Take(PerPage - 1), after.Skip(1));
        Assert.NotEqual(before[^1], after[^1]);
    }

    [Fact]
    public async Task List_ServerDeletedInsideARememberedPage_IsGoneOnTheNextRead()
    {
        var actor = await SeedAsync();
        var page = await ReadAsync(actor, 4, "saved_name", "asc", filterActive: true);
        Assert.Equal(page, await ReadAsync(actor, 4, "saved_name", "asc", filterActive: true));
        var (name, version) = (page[0].Split('@')[0], page[0].Split('@')[1]);

        Assert.True((await Servers.DeleteAsync(new ServerKey(name, version), null, actor, Ct)).IsSuccess);

        var after = await ReadAsync(actor, 4, "saved_name", "asc", filterActive: true);
        Assert.DoesNotContain(page[0], after);
        Assert.Equal(page.Skip(1), after.Take(PerPage - 1));
    }

    /// <summary>22 servers in a project of their own; pairs share a saved name, so the version breaks ties.</summary>
    private async Task<Actor> SeedAsync()
    {
        var actor = await database.NewProjectActorAsync(Role.Admin);
        for (var i = 0; i < 11; i++)
        {
            foreach (var version in new[] { "v1", "v2" })
            {
                var added = await Servers.AddAsync(ServerBodies.Stdio($"srv-{(i * 7) % 11:D2}", version), actor, Ct);
                Assert.True(added.IsSuccess, added.Error?.ToString());
            }
        }

        return actor;
    }

    private async Task<List<string>> ReadAsync(Actor actor, int page, string sort, string order, int perPage = PerPage, bool? filterActive = null)
    {
        var result = await Servers.ListAsync(new ServerListQuery { Page = page, PerPage = perPage, Sort = sort, Order = order, IsActive = filterActive }, actor, Ct);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value!.Items.Select(s => $"{s.SavedName}@{s.ServerVersion}").ToList();
    }
}
