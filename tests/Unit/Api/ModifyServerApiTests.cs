using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class ModifyServerApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.ClientWithKey();

    private async Task<string> AddAsync(string prefix)
    {
        var name = RegistryApi.UniqueName(prefix);
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));
        return name;
    }

    [Fact]
    public async Task ModifyServer_OneMcpConfigKey_ReplacesItAndKeepsTheOthers()
    {
        var name = await AddAsync("modtools");
        var before = await _client.GetServerOkAsync(name);

        using var response = await _client.ModifyServerAsync(name, """{"mcp_config": {"tools": {"write_file": "Writes a file"}}}""");
        var json = (await response.ReadJsonAsync()).AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["message", "data"], json.Select(p => p.Key));
        var after = await _client.GetServerOkAsync(name);
        var mcpConfig = after["mcp_config"]!.AsObject();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"write_file": "Writes a file"}"""), mcpConfig["tools"]));
        foreach (var key in new[] { "config", "denied_tools", "enable_server_info_validation", "input_guardrails_config" })
        {
            Assert.True(JsonNode.DeepEquals(before["mcp_config"]![key], mcpConfig[key]), $"mcp_config.{key} changed");
        }

        Assert.Equal(before["mcp_config"]!.AsObject().Select(p => p.Key), mcpConfig.Select(p => p.Key));
        Assert.Equal(before["description"].Str(), after["description"].Str());
    }

    [Fact]
    public async Task ModifyServer_NestedObjectInMcpConfig_IsReplacedWhole()
    {
        var name = await AddAsync("modwhole");

        using var response = await _client.ModifyServerAsync(name, """{"mcp_config": {"input_guardrails_config": {"enabled": false}}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await _client.GetServerOkAsync(name);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"enabled": false}"""), after["mcp_config"]!["input_guardrails_config"]));
    }

    [Fact]
    public async Task ModifyServer_NullForOptionalMcpConfigKey_ClearsIt()
    {
        var name = await AddAsync("modnull");

        using var response = await _client.ModifyServerAsync(name, """{"mcp_config": {"denied_tools": null}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mcpConfig = (await _client.GetServerOkAsync(name))["mcp_config"]!.AsObject();
        Assert.False(mcpConfig.ContainsKey("denied_tools"));
        Assert.True(mcpConfig.ContainsKey("tools"));
    }

    [Fact]
    public async Task ModifyServer_NullForTopLevelOptionalField_ClearsIt()
    {
        var name = await AddAsync("modnulltop");

        using var response = await _client.ModifyServerAsync(name, """{"description": null, "server_name": null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await _client.GetServerOkAsync(name);
        Assert.Null(after["description"]);
        Assert.Null(after["server_name"]);
    }

    [Fact]
    public async Task ModifyServer_NullForRequiredConfig_Returns400AndChangesNothing()
    {
        var name = await AddAsync("modnullcfg");

        using var response = await _client.ModifyServerAsync(name, """{"mcp_config": {"config": null}}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "mcp_config.config");
        var after = await _client.GetServerOkAsync(name);
        Assert.Equal("npx", after["mcp_config"]!["config"]!["command"].Str());
        Assert.Equal(1, after["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task ModifyServer_TopLevelFields_ChangeAndOthersStay()
    {
        var name = await AddAsync("modtop");

        using var response = await _client.ModifyServerAsync(name, """{"description": "New words", "source_url": "https://github.com/example/repo", "source_version": "1.2.3"}""");
        var data = (await response.ReadJsonAsync())["data"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("New words", data["description"].Str());
        var after = await _client.GetServerOkAsync(name);
        Assert.Equal("New words", after["description"].Str());
        Assert.Equal("https://github.com/example/repo", after["source_url"].Str());
        Assert.Equal("1.2.3", after["source_version"].Str());
        Assert.Equal("@modelcontextprotocol/server-filesystem", after["server_name"].Str());
    }

    [Fact]
    public async Task ModifyServer_SavedNameDifferentFromHeader_Returns400()
    {
        var name = await AddAsync("modrename");

        using var response = await _client.ModifyServerAsync(name, """{"saved_name": "another-name"}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "saved_name");
        await _client.GetServerOkAsync(name);
    }

    [Fact]
    public async Task ModifyServer_ServerVersionDifferentFromHeader_Returns400()
    {
        var name = await AddAsync("modrever");

        using var response = await _client.ModifyServerAsync(name, """{"server_version": "v2"}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "server_version");
    }

    [Fact]
    public async Task ModifyServer_SavedNameEqualToHeader_IsAccepted()
    {
        var name = await AddAsync("modsame");

        using var response = await _client.ModifyServerAsync(name, new JsonObject { ["saved_name"] = name, ["server_version"] = "v1", ["description"] = "same name" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await _client.GetServerOkAsync(name);
        Assert.Equal("same name", stored["description"].Str());
        Assert.Equal(2, stored["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task ModifyServer_UnknownField_Returns400NamingIt()
    {
        var name = await AddAsync("modunknown");

        using var response = await _client.ModifyServerAsync(name, """{"mcp_config": {"denied_tool": ["x"]}}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "mcp_config.denied_tool");
    }

    [Fact]
    public async Task ModifyServer_InvalidNewValue_Returns400AtPathAndChangesNothing()
    {
        var name = await AddAsync("modinvalid");

        using var response = await _client.ModifyServerAsync(name, """{"mcp_config": {"output_guardrails_config": {"block": ["pii", "mind_reading"]}}}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "mcp_config.output_guardrails_config.block[1]");
        var after = await _client.GetServerOkAsync(name);
        Assert.False(after["mcp_config"]!.AsObject().ContainsKey("output_guardrails_config"));
    }

    [Fact]
    public async Task ModifyServer_IsActiveFalse_Returns400()
    {
        var name = await AddAsync("modinactive");

        using var response = await _client.ModifyServerAsync(name, """{"is_active": false}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "is_active");
        Assert.True((await _client.GetServerOkAsync(name))["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ModifyServer_DeletedServer_Returns409()
    {
        var name = await AddAsync("moddel");
        using (var deleted = await _client.DeleteServerAsync(name))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        using var response = await _client.ModifyServerAsync(name, """{"description": "while deleted"}""");

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Reads and writes files", (await _client.GetServerOkAsync(name))["description"].Str());
    }

    [Fact]
    public async Task ModifyServer_IsActiveTrueOnDeletedServer_RestoresIt()
    {
        var name = await AddAsync("modrestore");
        using (var deleted = await _client.DeleteServerAsync(name))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        using var response = await _client.ModifyServerAsync(name, """{"is_active": true}""");
        var data = (await response.ReadJsonAsync())["data"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(data["is_active"]!.GetValue<bool>());
        var after = await _client.GetServerOkAsync(name);
        Assert.True(after["is_active"]!.GetValue<bool>());
        Assert.Null(after["deleted_at"]);
        Assert.Equal(3, after["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task ModifyServer_Change_IncrementsRevisionAndChangesETag()
    {
        var name = await AddAsync("modrev");
        using var before = await _client.GetServerAsync(name);
        var etagBefore = before.Headers.ETag?.Tag;

        using var response = await _client.ModifyServerAsync(name, """{"description": "rev 2"}""");
        var data = (await response.ReadJsonAsync())["data"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", etagBefore);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(2, data["revision"]!.GetValue<int>());
        using var after = await _client.GetServerAsync(name);
        Assert.Equal("\"2\"", after.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task ModifyServer_IfMatchMismatch_Returns412AndChangesNothing()
    {
        var name = await AddAsync("modifmatch");

        using var response = await _client.ModifyServerAsync(name, """{"description": "lost update"}""", ifMatch: "\"7\"");

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var after = await _client.GetServerOkAsync(name);
        Assert.Equal("Reads and writes files", after["description"].Str());
        Assert.Equal(1, after["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task ModifyServer_IfMatchStaleAfterAnotherWrite_Returns412()
    {
        var name = await AddAsync("modstale");
        using var read = await _client.GetServerAsync(name);
        var etag = read.Headers.ETag!.Tag;
        using (var first = await _client.ModifyServerAsync(name, """{"description": "first writer"}""", ifMatch: etag))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var response = await _client.ModifyServerAsync(name, """{"description": "second writer"}""", ifMatch: etag);

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("first writer", (await _client.GetServerOkAsync(name))["description"].Str());
    }

    [Fact]
    public async Task ModifyServer_IfMatchNotARevision_Returns412()
    {
        var name = await AddAsync("modifgarbage");

        using var response = await _client.ModifyServerAsync(name, """{"description": "x"}""", ifMatch: "\"abc\"");

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("W/\"1\"")]
    [InlineData("*")]
    public async Task ModifyServer_IfMatchMatches_Returns200(string ifMatch)
    {
        var name = await AddAsync("modifok");

        using var response = await _client.ModifyServerAsync(name, """{"description": "guarded"}""", ifMatch: ifMatch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("guarded", (await _client.GetServerOkAsync(name))["description"].Str());
    }

    [Fact]
    public async Task ModifyServer_UnknownServer_Returns404()
    {
        using var response = await _client.ModifyServerAsync(RegistryApi.UniqueName("modnobody"), """{"description": "x"}""");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ModifyServer_MissingServerHeader_Returns400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, RegistryApi.ModifyServerPath).WithJson("""{"description": "x"}""");

        using var response = await _client.SendAsync(request, Xunit.TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server");
    }

    [Fact]
    public async Task ModifyServer_VersionHeader_ChangesOnlyThatVersion()
    {
        var name = RegistryApi.UniqueName("modvers");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name, "v1"));
        await _client.AddServerOkAsync(ServerBodies.Stdio(name, "v2"));

        using var response = await _client.ModifyServerAsync(name, """{"description": "only v2"}""", version: "v2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("only v2", (await _client.GetServerOkAsync(name, "v2"))["description"].Str());
        Assert.Equal("Reads and writes files", (await _client.GetServerOkAsync(name, "v1"))["description"].Str());
    }

    [Fact]
    public async Task ModifyServer_MalformedJson_Returns400()
    {
        var name = await AddAsync("modbadjson");

        using var response = await _client.ModifyServerAsync(name, """{"description": """);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ModifyServer_SwitchStdioToRemote_ReplacesConfig()
    {
        var name = await AddAsync("modremote");

        using var response = await _client.ModifyServerAsync(name, """{"mcp_config": {"config": {"url": "https://mcp.example.com/mcp", "type": "http"}}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var config = (await _client.GetServerOkAsync(name))["mcp_config"]!["config"]!.AsObject();
        Assert.Equal(["url", "type"], config.Select(p => p.Key));
    }
}
