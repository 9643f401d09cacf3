using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;
using static RegistryConsole.Tests.Unit.Infrastructure.GatewayBodies;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>modify-gateway (API.md §5): upsert by name and version, per-key override merge, detach, If-Match, restore.</summary>
public sealed class GatewayModifyApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ModifyGateway_NewServerEntry_AttachesItAndKeepsOthers()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, b) = await AddServersAsync(client, "up-a", "up-b");
        var name = RegistryApi.UniqueName("gw-upsert");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a, InputOverride("a-in", "pii"))));

        // Act
        var response = await client.ModifyGatewayAsync(name, Patch(Entry(b, InputOverride("b-in", "nsfw"))));

        // Assert
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        var data = (await response.ReadJsonAsync())["data"]!;
        Assert.Equal(2, data["revision"]!.GetValue<int>());
        AssertServers(data, $$"""
            [
              {"saved_name": "{{a}}", "server_version": "v1", "input_guardrails_config": {"enabled": true, "guardrail_name": "a-in", "block": ["pii"]} },
              {"saved_name": "{{b}}", "server_version": "v1", "input_guardrails_config": {"enabled": true, "guardrail_name": "b-in", "block": ["nsfw"]} }
            ]
            """);
    }

    [Fact]
    public async Task ModifyGateway_ExistingEntryOverrideKey_ReplacesThatKeyAndKeepsOtherKeysAndEntries()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, b) = await AddServersAsync(client, "upd-a", "upd-b");
        var name = RegistryApi.UniqueName("gw-update");
        var aOverrides = InputOverride("old-in", "pii");
        aOverrides["output_guardrails_config"] = Guardrail("keep-out", "toxicity");
        aOverrides["enable_server_info_validation"] = false;
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a, aOverrides), Entry(b, InputOverride("b-in", "bias"))));

        // Act
        var data = await client.ModifyGatewayOkAsync(name, Patch(Entry(a, new JsonObject { ["input_guardrails_config"] = new JsonObject { ["enabled"] = false } })));

        // Assert
        AssertServers(data, $$"""
            [
              {"saved_name": "{{a}}", "server_version": "v1",
               "input_guardrails_config": {"enabled": false},
               "output_guardrails_config": {"enabled": true, "guardrail_name": "keep-out", "block": ["toxicity"]},
               "enable_server_info_validation": false},
              {"saved_name": "{{b}}", "server_version": "v1", "input_guardrails_config": {"enabled": true, "guardrail_name": "b-in", "block": ["bias"]} }
            ]
            """);
        Assert.Equal(2, data["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task ModifyGateway_NullOverrideKey_ClearsOnlyThatKey()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "clr-a", "clr-unused");
        var name = RegistryApi.UniqueName("gw-clear");
        var overrides = InputOverride("in", "pii");
        overrides["enable_server_info_validation"] = false;
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a, overrides)));

        // Act
        var data = await client.ModifyGatewayOkAsync(name, Patch(Entry(a, new JsonObject { ["input_guardrails_config"] = null })));

        // Assert
        AssertServers(data, $$"""[ {"saved_name": "{{a}}", "server_version": "v1", "enable_server_info_validation": false} ]""");
        var config = await client.GetGatewayConfigOkAsync(name);
        var effective = config["expanded_servers"]![0]!["mcp_config"]!;
        Assert.Equal("base", effective["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.False(effective["enable_server_info_validation"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ModifyGateway_RemoveTrue_DetachesServerAndKeepsOthers()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, b) = await AddServersAsync(client, "det-a", "det-b");
        var name = RegistryApi.UniqueName("gw-detach");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a), Entry(b)));
        var remove = Entry(a);
        remove["remove"] = true;

        // Act
        var data = await client.ModifyGatewayOkAsync(name, Patch(remove));

        // Assert
        AssertServers(data, $$"""[ {"saved_name": "{{b}}", "server_version": "v1"} ]""");
        Assert.Equal(2, data["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task ModifyGateway_RemoveServerNotAttached_Returns400AndStoresNothingOfThePatch()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, b) = await AddServersAsync(client, "nat-a", "nat-b");
        var notAttached = RegistryApi.UniqueName("nat-c");
        await client.AddServedServerAsync(ServerBodies.Stdio(notAttached));
        var name = RegistryApi.UniqueName("gw-notattached");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a)));
        var remove = Entry(notAttached);
        remove["remove"] = true;

        // Act: attaching b is valid on its own, but the patch is all or nothing.
        var response = await client.ModifyGatewayAsync(name, Patch(Entry(b), remove));

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["servers_config.servers[1]"], (await response.ReadErrorsAsync()).Keys);
        var stored = await client.GetGatewayOkAsync(name);
        Assert.Equal(1, stored["revision"]!.GetValue<int>());
        AssertServers(stored, $$"""[ {"saved_name": "{{a}}", "server_version": "v1"} ]""");
    }

    [Fact]
    public async Task ModifyGateway_NewEntryForMissingServer_Returns400AtItsIndex()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "mis-a", "mis-unused");
        var name = RegistryApi.UniqueName("gw-modmissing");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a)));

        // Act
        var response = await client.ModifyGatewayAsync(name, Patch(Entry(a, InputOverride("x", "pii")), Entry(RegistryApi.UniqueName("nowhere"))));

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["servers_config.servers[1]"], (await response.ReadErrorsAsync()).Keys);
        Assert.Equal(1, (await client.GetGatewayOkAsync(name))["revision"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"saved_name": "__S__", "args": ["--x"]}""", "servers_config.servers[0].args")]
    [InlineData("""{"saved_name": "__S__", "input_guardrails_config": {"enabled": true, "guardrail_name": "x", "block": ["pii", "nope"]}}""", "servers_config.servers[0].input_guardrails_config.block[1]")]
    public async Task ModifyGateway_InvalidEntry_Returns400NamingPath(string entryJson, string expectedPath)
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "inv-a", "inv-unused");
        var name = RegistryApi.UniqueName("gw-modinvalid");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a)));
        var entry = (JsonObject)JsonNode.Parse(entryJson.Replace("__S__", a, StringComparison.Ordinal))!;

        // Act
        var response = await client.ModifyGatewayAsync(name, Patch(entry));

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(expectedPath, (await response.ReadErrorsAsync()).Keys);
    }

    [Fact]
    public async Task ModifyGateway_CommonOverridesPatch_MergesPerKeyAndNullClears()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "com-a", "com-unused");
        var name = RegistryApi.UniqueName("gw-common");
        var common = new JsonObject
        {
            ["input_guardrails_config"] = Guardrail("common-in", "pii"),
            ["enable_server_info_validation"] = false,
            ["tool_guardrails_config"] = Guardrail("common-tool", "bias"),
        };
        await client.AddGatewayOkAsync(Gateway(name, common, Entry(a)));
        var patch = JsonNode.Parse("""
            {"servers_config": {"common_overrides": {
              "output_guardrails_config": {"enabled": true, "guardrail_name": "common-out", "block": ["relevancy"]},
              "tool_guardrails_config": {"enabled": false},
              "enable_server_info_validation": null
            }}}
            """)!;

        // Act
        var data = await client.ModifyGatewayOkAsync(name, patch);

        // Assert
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""
                {
                  "input_guardrails_config": {"enabled": true, "guardrail_name": "common-in", "block": ["pii"]},
                  "tool_guardrails_config": {"enabled": false},
                  "output_guardrails_config": {"enabled": true, "guardrail_name": "common-out", "block": ["relevancy"]}
                }
                """),
            data["servers_config"]!["common_overrides"]),
            data["servers_config"]!["common_overrides"]!.ToJsonString());
        AssertServers(data, $$"""[ {"saved_name": "{{a}}", "server_version": "v1"} ]""");
        var effective = (await client.GetGatewayConfigOkAsync(name))["expanded_servers"]![0]!["mcp_config"]!;
        Assert.True(effective["enable_server_info_validation"]!.GetValue<bool>());
        Assert.Equal("common-out", effective["output_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyGateway_IfMatchMismatch_Returns412AndChangesNothing()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, b) = await AddServersAsync(client, "im-a", "im-b");
        var name = RegistryApi.UniqueName("gw-ifmatch");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a)));
        await client.ModifyGatewayOkAsync(name, JsonNode.Parse("""{"description": "second"}""")!);

        // Act: revision 1 is stale; the gateway is at revision 2.
        var response = await client.ModifyGatewayAsync(name, Patch(Entry(b)), ifMatch: "\"1\"");

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var stored = await client.GetGatewayOkAsync(name);
        Assert.Equal(2, stored["revision"]!.GetValue<int>());
        AssertServers(stored, $$"""[ {"saved_name": "{{a}}", "server_version": "v1"} ]""");
    }

    [Fact]
    public async Task ModifyGateway_IfMatchCurrentETag_Returns200()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, b) = await AddServersAsync(client, "imok-a", "imok-b");
        var name = RegistryApi.UniqueName("gw-ifmatch-ok");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a)));
        var etag = (await client.GetGatewayAsync(name)).Headers.ETag!.Tag;

        // Act
        var response = await client.ModifyGatewayAsync(name, Patch(Entry(b)), ifMatch: etag);

        // Assert
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData("gateway_saved_name", "other-name")]
    [InlineData("gateway_version", "v2")]
    public async Task ModifyGateway_IdentityInBodyDiffersFromHeaders_Returns400(string field, string value)
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "ren-a", "ren-unused");
        var name = RegistryApi.UniqueName("gw-rename");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a)));

        // Act
        var response = await client.ModifyGatewayAsync(name, new JsonObject { [field] = value, ["description"] = "renamed?" });

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([field], (await response.ReadErrorsAsync()).Keys);
        Assert.Equal($"Gateway {name} for tests", (await client.GetGatewayOkAsync(name))["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyGateway_IdentityInBodyEqualsHeaders_Returns200()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "same-a", "same-unused");
        var name = RegistryApi.UniqueName("gw-samename");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a)));

        // Act
        var data = await client.ModifyGatewayOkAsync(name, new JsonObject { ["gateway_saved_name"] = name, ["gateway_version"] = "v1", ["description"] = "new text" });

        // Assert
        Assert.Equal("new text", data["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyGateway_DeletedGateway_Returns409()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "moddel-a", "moddel-unused");
        var name = RegistryApi.UniqueName("gw-moddel");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a)));
        await (await client.DeleteGatewayAsync(name)).AssertStatusAsync(HttpStatusCode.OK);

        // Act
        var response = await client.ModifyGatewayAsync(name, JsonNode.Parse("""{"description": "while deleted"}""")!);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        var stored = await client.GetGatewayOkAsync(name);
        Assert.False(stored["is_active"]!.GetValue<bool>());
        Assert.Equal($"Gateway {name} for tests", stored["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyGateway_IsActiveTrueOnDeletedGateway_Restores()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "rest-a", "rest-unused");
        var name = RegistryApi.UniqueName("gw-restore");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a, InputOverride("kept", "pii"))));
        await (await client.DeleteGatewayAsync(name)).AssertStatusAsync(HttpStatusCode.OK);

        // Act
        var data = await client.ModifyGatewayOkAsync(name, JsonNode.Parse("""{"is_active": true}""")!);

        // Assert
        Assert.True(data["is_active"]!.GetValue<bool>());
        Assert.Null(data["deleted_at"]);
        Assert.Equal(3, data["revision"]!.GetValue<int>());
        AssertServers(data, $$"""[ {"saved_name": "{{a}}", "server_version": "v1", "input_guardrails_config": {"enabled": true, "guardrail_name": "kept", "block": ["pii"]} } ]""");
        Assert.True((await client.GetGatewayConfigOkAsync(name))["is_active"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"is_active": false}""", "is_active")]
    [InlineData("""{"servers_config": null}""", "servers_config")]
    [InlineData("""{"descripton": "typo"}""", "descripton")]
    public async Task ModifyGateway_InvalidTopLevel_Returns400NamingField(string json, string expectedPath)
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "top-a", "top-unused");
        var name = RegistryApi.UniqueName("gw-modtop");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a)));

        // Act
        var response = await client.ModifyGatewayAsync(name, JsonNode.Parse(json)!);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(expectedPath, (await response.ReadErrorsAsync()).Keys);
        Assert.True((await client.GetGatewayOkAsync(name))["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ModifyGateway_UnknownGateway_Returns404()
    {
        // Arrange
        using var client = factory.ClientWithKey();

        // Act
        var response = await client.ModifyGatewayAsync(RegistryApi.UniqueName("gw-nowhere"), JsonNode.Parse("""{"description": "x"}""")!);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ModifyGateway_MissingGatewayHeader_Returns400NamingHeader()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/mcp-gateway/modify-gateway").WithJson("""{"description": "x"}""");

        // Act
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("X-Enkrypt-MCP-Gateway", (await response.ReadErrorsAsync()).Keys);
    }

    [Fact]
    public async Task ModifyGateway_SameValuesAgain_KeepsRevision()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "noop-a", "noop-unused");
        var name = RegistryApi.UniqueName("gw-noop");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a, InputOverride("same", "pii"))));

        // Act
        var response = await client.ModifyGatewayAsync(name, Patch(Entry(a, InputOverride("same", "pii"))));

        // Assert
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task ModifyGateway_OverridesOfAttachedDeletedServer_Returns200()
    {
        // Arrange: a server deleted after it was attached stays editable in the gateway (only attaching it anew is refused).
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "attdel-a", "attdel-unused");
        var name = RegistryApi.UniqueName("gw-attdel");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a)));
        await (await client.DeleteServerAsync(a)).AssertStatusAsync(HttpStatusCode.OK);

        // Act
        var data = await client.ModifyGatewayOkAsync(name, Patch(Entry(a, InputOverride("while-deleted", "pii"))));

        // Assert
        Assert.Equal("while-deleted", data["servers_config"]!["servers"]![0]!["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"servers_config": {"servers": [null]}}""", "servers_config.servers[0]")]
    [InlineData("""{"servers_config": {"servers": [{"server_version": "v1"}]}}""", "servers_config.servers[0].saved_name")]
    [InlineData("""{"servers_config": {"servers": [{"saved_name": "__S__", "input_guardrails_config": null}, {"saved_name": "__S__", "remove": true}]}}""", "servers_config.servers[1].saved_name")]
    public async Task ModifyGateway_MalformedOrDuplicateEntries_Returns400AtIndex(string json, string expectedPath)
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "mal-a", "mal-unused");
        var name = RegistryApi.UniqueName("gw-malformed");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(a, InputOverride("keep", "pii"))));

        // Act
        var response = await client.ModifyGatewayAsync(name, JsonNode.Parse(json.Replace("__S__", a, StringComparison.Ordinal))!);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(expectedPath, (await response.ReadErrorsAsync()).Keys);
        var stored = await client.GetGatewayOkAsync(name);
        Assert.Equal(1, stored["revision"]!.GetValue<int>());
        Assert.Equal("keep", stored["servers_config"]!["servers"]![0]!["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyGateway_IsActiveTrueOnActiveGateway_Returns200WithoutNewRevision()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("gw-active-restore");
        await client.AddGatewayOkAsync(Gateway(name));

        // Act
        var data = await client.ModifyGatewayOkAsync(name, JsonNode.Parse("""{"is_active": true}""")!);

        // Assert
        Assert.True(data["is_active"]!.GetValue<bool>());
        Assert.Equal(1, data["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task ModifyGateway_CommonOverridesNull_ClearsEveryCommonOverride()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (a, _) = await AddServersAsync(client, "comnull-a", "comnull-unused");
        var name = RegistryApi.UniqueName("gw-common-null");
        var common = new JsonObject { ["input_guardrails_config"] = Guardrail("common-in", "pii"), ["enable_server_info_validation"] = false };
        await client.AddGatewayOkAsync(Gateway(name, common, Entry(a, InputOverride("server-in", "nsfw"))));

        // Act
        var data = await client.ModifyGatewayOkAsync(name, JsonNode.Parse("""{"servers_config": {"common_overrides": null}}""")!);

        // Assert
        Assert.True(JsonNode.DeepEquals(new JsonObject(), data["servers_config"]!["common_overrides"]), data["servers_config"]!["common_overrides"]!.ToJsonString());
        var effective = (await client.GetGatewayConfigOkAsync(name))["expanded_servers"]![0]!["mcp_config"]!;
        Assert.Equal("server-in", effective["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.True(effective["enable_server_info_validation"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ModifyGateway_EmptyBody_Returns400()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("gw-empty-body");
        await client.AddGatewayOkAsync(Gateway(name));
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/mcp-gateway/modify-gateway").WithGateway(name).WithJson(string.Empty);

        // Act
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    private static JsonObject Patch(params JsonObject[] entries) => new()
    {
        ["servers_config"] = new JsonObject { ["servers"] = new JsonArray(entries.Select(e => (JsonNode)e).ToArray()) },
    };

    private static async Task<(string First, string Second)> AddServersAsync(HttpClient client, string first, string second)
    {
        var names = (RegistryApi.UniqueName(first), RegistryApi.UniqueName(second));
        await client.AddServedServerAsync(ServerBodies.Stdio(names.Item1));
        await client.AddServedServerAsync(ServerBodies.Stdio(names.Item2));
        return names;
    }

    private static void AssertServers(JsonNode gateway, string expectedJson)
    {
        var actual = gateway["servers_config"]!["servers"];
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedJson), actual), actual!.ToJsonString());
    }
}
