using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core;

/// <summary>
/// The one JSON column mapping: nodes in the model, text in the column, key order kept, changes in place seen.
/// Change tracking decides with <see cref="JsonColumn.Same"/> whether a column is written again: equal trees are the same,
/// and any difference the stored text would show (a value, a key, the key order) is a change.
/// </summary>
public sealed class JsonColumnTests : IAsyncLifetime
{
    private readonly CoreDatabase _db = new();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _db.InitializeAsync();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task McpConfig_KeyOrderAsWritten_IsTheOrderStoredAndReadBack()
    {
        var editor = await _db.NewProjectActorAsync(Role.Editor);
        var body = ServerBodies.Stdio("fs");
        body["mcp_config"] = new JsonObject
        {
            ["tools"] = new JsonObject { ["z_tool"] = "last letter first", ["a_tool"] = "first letter last" },
            ["config"] = new JsonObject { ["env"] = new JsonObject { ["Z"] = "1", ["A"] = "2" }, ["command"] = "npx", ["args"] = new JsonArray() },
        };
        Assert.True((await _db.Services.GetRequiredService<IServerService>().AddAsync(body, editor, Ct)).IsSuccess);

        await using var db = await _db.DbFactory.CreateDbContextAsync(Ct);
        var row = await db.Servers.AsNoTracking().SingleAsync(s => s.SavedName == "fs", Ct);
        var text = await db.Database.SqlQueryRaw<string>("SELECT \"McpConfigJson\" AS \"Value\" FROM registry_servers WHERE \"Id\" = {0}", row.Id).SingleAsync(Ct);

        Assert.Equal(["tools", "config"], row.McpConfig.Select(p => p.Key));
        Assert.Equal(["z_tool", "a_tool"], row.McpConfig["tools"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["env", "command", "args"], row.McpConfig["config"]!.AsObject().Select(p => p.Key));
        Assert.StartsWith("""{"tools":{"z_tool":"last letter first","a_tool":"first letter last"},"config":{"env":{"Z":""", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrackedNode_ChangedInPlace_IsSaved()
    {
        var editor = await _db.NewProjectActorAsync(Role.Editor);
        Assert.True((await _db.Services.GetRequiredService<IServerService>().AddAsync(ServerBodies.Stdio("fs"), editor, Ct)).IsSuccess);
        Assert.True((await _db.Services.GetRequiredService<IGatewayService>().AddAsync(GatewayBodies.Gateway("gw", null, GatewayBodies.Entry("fs")), editor, Ct)).IsSuccess);

        await using (var db = await _db.DbFactory.CreateDbContextAsync(Ct))
        {
            var gateway = await db.Gateways.SingleAsync(g => g.SavedName == "gw", Ct);
            gateway.CommonOverrides["enable_server_info_validation"] = false;
            Assert.True(await db.SaveChangesAsync(Ct) > 0);
        }

        await using var check = await _db.DbFactory.CreateDbContextAsync(Ct);
        var stored = await check.Gateways.AsNoTracking().SingleAsync(g => g.SavedName == "gw", Ct);
        Assert.Equal("""{"enable_server_info_validation":false}""", stored.CommonOverrides.ToJsonString());
    }

    [Theory]
    [InlineData("""{"a":1,"b":{"c":[1,"x",true,null]}}""", """{"a":1,"b":{"c":[1,"x",true,null]}}""", true)]
    [InlineData("""{}""", """{}""", true)]
    [InlineData("""{"a":1,"b":2}""", """{"b":2,"a":1}""", false)]
    [InlineData("""{"a":1}""", """{"a":2}""", false)]
    [InlineData("""{"a":"1"}""", """{"a":1}""", false)]
    [InlineData("""{"a":{"b":[1,2]}}""", """{"a":{"b":[2,1]}}""", false)]
    [InlineData("""{"a":{"b":[1,2]}}""", """{"a":{"b":[1,2,3]}}""", false)]
    [InlineData("""{"a":null}""", """{"a":{}}""", false)]
    [InlineData("""{"a":null}""", """{}""", false)]
    [InlineData("""{"a":[]}""", """{"a":{}}""", false)]
    [InlineData("""{"env":{"TOKEN":"secret"}}""", """{"env":{"TOKEN":"secret2"}}""", false)]
    public void Same_ParsedTrees_AgreesWithTheStoredText(string left, string right, bool same)
    {
        var a = JsonNode.Parse(left)!;
        var b = JsonNode.Parse(right)!;

        Assert.Equal(same, JsonColumn.Same(a, b));
        Assert.Equal(same, JsonColumn.Same(b, a));
        Assert.Equal(same, JsonColumn.Write(a) == JsonColumn.Write(b));
    }

    [Fact]
    public void Same_NodeChangedInPlaceAgainstItsSnapshot_IsAChange()
    {
        var node = JsonNode.Parse("""{"config":{"args":["-y","pkg@1.0.0"]}}""")!.AsObject();
        var snapshot = JsonColumn.Copy(node);
        Assert.True(JsonColumn.Same(node, snapshot));

        node["config"]!["args"]![1] = "pkg@2.0.0";

        Assert.False(JsonColumn.Same(node, snapshot));
        Assert.False(JsonColumn.Same(node, null));
        Assert.True(JsonColumn.Same(null, null));
    }
}
