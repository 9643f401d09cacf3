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
/// get-server's lookup on SQLite runs as a statement prepared once per connection, with EF's own SQL and the model's
/// converters: it must read exactly what the EF query reads, for every property, every time.
/// </summary>
public sealed class PreparedServerReaderTests(CoreDatabase database) : IClassFixture<CoreDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FindAsync_EveryKindOfServer_EqualsTheEfQueryInEveryMappedProperty()
    {
        TestProvider.RequireSqlite("the prepared reader is SQLite's");
        var actor = await database.NewProjectActorAsync(Role.Admin);
        var servers = database.Services.GetRequiredService<IServerService>();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("prep-stdio"), actor, Ct)).IsSuccess);
        Assert.True((await servers.AddAsync(ServerBodies.Remote("prep-remote"), actor, Ct)).IsSuccess);
        Assert.True((await servers.AddAsync(new JsonObject { ["saved_name"] = "prep-bare", ["mcp_config"] = new JsonObject { ["config"] = new JsonObject { ["command"] = "uvx" } } }, actor, Ct)).IsSuccess);
        Assert.True((await servers.DeleteAsync(new ServerKey("prep-bare", Identifiers.DefaultVersion), null, actor, Ct)).IsSuccess);

        using var reader = NewReader();
        foreach (var name in new[] { "prep-stdio", "prep-remote", "prep-bare" })
        {
            var key = new ServerKey(name, Identifiers.DefaultVersion);
            var prepared = await reader.FindAsync(actor.ProjectId, key, Ct);
            await using var db = await database.DbFactory.CreateDbContextAsync(Ct);
            var expected = await RegistryLookup.FindServerReadOnlyAsync(db, actor.ProjectId, key, Ct);

            Assert.NotNull(prepared);
            Assert.NotNull(expected);
            MappedValues.Equal(db.Model.FindEntityType(typeof(RegistryServer))!, expected, p => p.PropertyInfo!.GetValue(prepared));
        }
    }

    [Fact]
    public async Task FindAsync_UnknownKeyOrAnotherProjectsServer_FindsNothing()
    {
        TestProvider.RequireSqlite("the prepared reader is SQLite's");
        var actor = await database.NewProjectActorAsync(Role.Admin);
        var other = await database.NewProjectActorAsync(Role.Admin);
        Assert.True((await database.Services.GetRequiredService<IServerService>().AddAsync(ServerBodies.Stdio("prep-scoped"), actor, Ct)).IsSuccess);
        using var reader = NewReader();

        Assert.NotNull(await reader.FindAsync(actor.ProjectId, new ServerKey("prep-scoped", Identifiers.DefaultVersion), Ct));
        Assert.Null(await reader.FindAsync(other.ProjectId, new ServerKey("prep-scoped", Identifiers.DefaultVersion), Ct));
        Assert.Null(await reader.FindAsync(actor.ProjectId, new ServerKey("prep-scoped", "1.0.0"), Ct));
        Assert.Null(await reader.FindAsync(actor.ProjectId, new ServerKey("prep-missing", Identifiers.DefaultVersion), Ct));
    }

    [Fact]
    public async Task FindAsync_AfterAChangeCommittedElsewhere_ReadsTheNewRowOnTheNextCall()
    {
        TestProvider.RequireSqlite("the prepared reader is SQLite's");
        var actor = await database.NewProjectActorAsync(Role.Admin);
        var servers = database.Services.GetRequiredService<IServerService>();
        Assert.True((await servers.AddAsync(ServerBodies.Stdio("prep-change"), actor, Ct)).IsSuccess);
        using var reader = NewReader();
        var key = new ServerKey("prep-change", Identifiers.DefaultVersion);
        Assert.Equal("Reads and writes files", (await reader.FindAsync(actor.ProjectId, key, Ct))!.Description);

        var patch = await servers.ModifyAsync(key, new JsonObject { ["description"] = "Changed by another connection" }, null, actor, Ct);
        Assert.True(patch.IsSuccess);

        var after = await reader.FindAsync(actor.ProjectId, key, Ct);
        Assert.Equal("Changed by another connection", after!.Description);
        Assert.Equal(2, after.Revision);
    }

    [Fact]
    public async Task FindAsync_ManyConcurrentCallersBeyondThePool_EachGetsItsOwnServer()
    {
        TestProvider.RequireSqlite("the prepared reader is SQLite's");
        var actor = await database.NewProjectActorAsync(Role.Admin);
        var servers = database.Services.GetRequiredService<IServerService>();
        var names = Enumerable.Range(0, 12).Select(i => $"prep-many-{i}").ToArray();
        foreach (var name in names)
        {
            Assert.True((await servers.AddAsync(ServerBodies.Stdio(name), actor, Ct)).IsSuccess);
        }

        using var reader = NewReader();
        var found = await Task.WhenAll(Enumerable.Range(0, 96).Select(i => Task.Run(() => reader.FindAsync(actor.ProjectId, new ServerKey(names[i % names.Length], Identifiers.DefaultVersion), Ct), Ct)));

        for (var i = 0; i < found.Length; i++)
        {
            Assert.Equal(names[i % names.Length], found[i]!.SavedName);
        }
    }

    [Fact]
    public async Task Create_QueryThatDropsAnArgument_IsRefusedInsteadOfBindingTheWrongValues()
    {
        TestProvider.RequireSqlite("the prepared reader is SQLite's");
        await using var db = await database.DbFactory.CreateDbContextAsync(Ct);

        var error = Assert.Throws<InvalidOperationException>(() => SqlitePreparedQuery<RegistryServer>.Create(
            db, database.ConnectionString, (c, a) => c.Servers.AsNoTracking().Where(s => s.SavedName == a[0]), arguments: 2, maxConnections: 1));

        Assert.Contains("parameter", error.Message, StringComparison.Ordinal);
    }

    private SqlitePreparedServerReader NewReader() => new(database.DbFactory, database.ConnectionString);
}
