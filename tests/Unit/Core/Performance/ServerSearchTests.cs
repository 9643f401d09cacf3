using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Performance;

/// <summary>list-servers search through the FTS5 trigram index: in step with every write, exact, and used.</summary>
public sealed class ServerSearchTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IServerService Service => database.Services.GetRequiredService<IServerService>();

    [Fact]
    public async Task ListAsync_SearchRightAfterAdd_FindsTheNewServer()
    {
        var actor = await database.NewProjectActorAsync(Role.Admin);
        var before = await SearchAsync(actor, "quasar");

        await Service.AddAsync(WithDescription("srch-add", "Quasar telemetry bridge"), actor, Ct);
        var after = await SearchAsync(actor, "quasar");

        Assert.Empty(before);
        Assert.Equal(["srch-add"], after);
    }

    [Fact]
    public async Task ListAsync_SearchAfterDescriptionChanges_FindsTheNewTermAndNoLongerTheOld()
    {
        var actor = await database.NewProjectActorAsync(Role.Admin);
        await Service.AddAsync(WithDescription("srch-rename", "Nebula ingest"), actor, Ct);
        Assert.Equal(["srch-rename"], await SearchAsync(actor, "nebula"));

        var modified = await Service.ModifyAsync(new ServerKey("srch-rename", "v1"), new JsonObject { ["description"] = "Pulsar ingest" }, null, actor, Ct);

        Assert.True(modified.IsSuccess);
        Assert.Empty(await SearchAsync(actor, "nebula"));
        Assert.Equal(["srch-rename"], await SearchAsync(actor, "pulsar"));
        Assert.Equal(["srch-rename"], await SearchAsync(actor, "SAR ING"));
    }

    [Fact]
    public async Task ListAsync_ShortTermAndQuotes_FallBackOrMatchLiterally()
    {
        var actor = await database.NewProjectActorAsync(Role.Admin);
        await Service.AddAsync(WithDescription("srch-short", "Says \"hi\" to Über users"), actor, Ct);

        Assert.Equal(["srch-short"], await SearchAsync(actor, "HI"));
        Assert.Equal(["srch-short"], await SearchAsync(actor, "\"hi\""));
        Assert.Equal(["srch-short"], await SearchAsync(actor, "über"));
        Assert.Empty(await SearchAsync(actor, "\"h\"i"));
    }

    [Fact]
    public async Task ListAsync_EveryTrigramButNotInOneRun_IsNotFound()
    {
        var actor = await database.NewProjectActorAsync(Role.Admin);
        await Service.AddAsync(WithDescription("srch-apart", "plas asmid"), actor, Ct);

        // "plas" and "asmid" hold every trigram of "plasmid" (pla las asm smi mid), but not "plasmid".
        Assert.Empty(await SearchAsync(actor, "plasmid"));
        Assert.Equal(["srch-apart"], await SearchAsync(actor, "asmid"));
    }

    [Fact]
    public async Task ListAsync_TermsWithQueryCharactersAndPairsOfSurrogates_MatchLiterally()
    {
        var actor = await database.NewProjectActorAsync(Role.Admin);
        await Service.AddAsync(WithDescription("srch-chars", "rate 50% of my_tool AND (x OR y) \U0001F680x*"), actor, Ct);

        Assert.Equal(["srch-chars"], await SearchAsync(actor, "50% of my_tool"));
        Assert.Equal(["srch-chars"], await SearchAsync(actor, "AND (x OR y)"));
        Assert.Equal(["srch-chars"], await SearchAsync(actor, "y) \U0001F680x*"));
        Assert.Empty(await SearchAsync(actor, "my tool"));
        Assert.Empty(await SearchAsync(actor, "\U0001F680y"));
    }

    [Fact]
    public async Task Matching_ThreeOrMoreCharacters_SeeksTheTrigramIndexNotEveryServer()
    {
        TestProvider.RequireSqlite("the FTS5 trigram table");
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        var search = database.Services.GetRequiredService<IServerSearch>();

        var plan = await QueryPlan.ExplainAsync(db, search.Matching(db, "indexed").Where(s => s.RegistryId == "r"));
        var shortPlan = await QueryPlan.ExplainAsync(db, search.Matching(db, "ix").Where(s => s.RegistryId == "r"));

        Assert.Contains(plan, l => l.Contains("registry_servers_search VIRTUAL TABLE INDEX", StringComparison.Ordinal));
        Assert.Contains(plan, l => l.Contains("USING INTEGER PRIMARY KEY (rowid=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, l => l.StartsWith("SCAN", StringComparison.Ordinal) && !l.Contains("VIRTUAL", StringComparison.Ordinal));
        Assert.DoesNotContain(shortPlan, l => l.Contains("registry_servers_search", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Matching_ThreeOrMoreCharactersOnPostgres_UsesTheTrigramIndex()
    {
        if (!TestProvider.IsPostgres)
        {
            Assert.Skip("PostgreSQL only: the pg_trgm index");
        }

        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
        var search = database.Services.GetRequiredService<IServerSearch>();
        var sql = search.Matching(db, "indexed").ToQueryString();

        // A table this small is cheaper to scan, so make the planner show whether the index can serve the query at all.
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SET enable_seqscan = off; EXPLAIN SELECT \"Id\" FROM registry_servers WHERE \"SearchText\" LIKE '%indexed%' ESCAPE '\\'";
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains("LIKE", sql, StringComparison.Ordinal);
        Assert.Contains(plan, l => l.Contains(RegistryConsole.Core.Persistence.PostgresRegistryDbContext.SearchTrigramIndex, StringComparison.Ordinal));
    }

    private async Task<List<string>> SearchAsync(Actor actor, string term)
    {
        var page = await Service.ListAsync(new ServerListQuery { Search = term }, actor, Ct);
        Assert.True(page.IsSuccess);
        return page.Value.Items.Select(s => s.SavedName).ToList();
    }

    private static JsonObject WithDescription(string name, string description)
    {
        var body = ServerBodies.Stdio(name);
        body["description"] = description;
        return body;
    }
}
