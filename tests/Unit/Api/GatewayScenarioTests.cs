using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;
using static RegistryConsole.Tests.Unit.Infrastructure.GatewayBodies;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>
/// The Done-when cases across the registry and gateway APIs: deleted servers stay referenced, one server
/// in many gateways, detaching, secrets by role, role limits, and registry changes reaching every gateway.
/// </summary>
public sealed class GatewayScenarioTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Mask = "********";

    [Fact]
    public async Task DeleteServer_ReferencedByGateway_GatewayKeepsItAndExpandedConfigShowsItInactive()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (doomed, kept) = (RegistryApi.UniqueName("doomed"), RegistryApi.UniqueName("kept"));
        await client.AddServedServerAsync(ServerBodies.Stdio(doomed));
        await client.AddServedServerAsync(ServerBodies.Stdio(kept));
        var name = RegistryApi.UniqueName("gw-keepref");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(doomed, InputOverride("still-here", "pii")), Entry(kept)));
        var etagBefore = (await client.GetGatewayConfigAsync(name)).Headers.ETag?.Tag;

        // Act
        var delete = await client.DeleteServerAsync(doomed);

        // Assert
        await delete.AssertStatusAsync(HttpStatusCode.OK);
        var gateway = await client.GetGatewayOkAsync(name);
        Assert.Equal([doomed, kept], gateway["servers_config"]!["servers"]!.AsArray().Select(s => s!["saved_name"]!.GetValue<string>()));
        Assert.Equal(1, gateway["revision"]!.GetValue<int>());

        var configResponse = await client.GetGatewayConfigAsync(name);
        var config = await configResponse.ReadJsonAsync();
        var expanded = config["expanded_servers"]!.AsArray();
        Assert.Equal([doomed, kept], expanded.Select(s => s!["saved_name"]!.GetValue<string>()));
        Assert.False(expanded[0]!["is_active"]!.GetValue<bool>());
        Assert.Equal("still-here", expanded[0]!["mcp_config"]!["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.Equal(expanded[1]!["is_active"]!.GetValue<bool>(), (await client.GetServerOkAsync(kept))["is_active"]!.GetValue<bool>());
        Assert.NotEqual(etagBefore, configResponse.Headers.ETag?.Tag);

        var usages = await (await client.ListGatewaysByServerAsync(doomed)).ReadJsonAsync();
        Assert.Equal([name], usages["data"]!.AsArray().Select(u => u!["gateway_saved_name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task GetGatewayConfig_OneServerInThreeGateways_EachGetsItsOwnEffectiveInputGuardrail()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("shared");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var (perServer, commonWins, registryOnly) = (RegistryApi.UniqueName("gw-three-a"), RegistryApi.UniqueName("gw-three-b"), RegistryApi.UniqueName("gw-three-c"));
        await client.AddGatewayOkAsync(Gateway(perServer, null, Entry(server, InputOverride("per-server", "nsfw"))));
        await client.AddGatewayOkAsync(Gateway(
            commonWins,
            new JsonObject { ["input_guardrails_config"] = Guardrail("common", "bias", "toxicity") },
            Entry(server, InputOverride("loses-to-common", "pii"))));
        await client.AddGatewayOkAsync(Gateway(registryOnly, null, Entry(server)));

        // Act
        var effective = new Dictionary<string, JsonNode?>();
        foreach (var name in new[] { perServer, commonWins, registryOnly })
        {
            var config = await client.GetGatewayConfigOkAsync(name);
            effective[name] = Assert.Single(config["expanded_servers"]!.AsArray())!["mcp_config"]!["input_guardrails_config"];
        }

        // Assert
        Assert.True(JsonNode.DeepEquals(Guardrail("per-server", "nsfw"), effective[perServer]), effective[perServer]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(Guardrail("common", "bias", "toxicity"), effective[commonWins]), effective[commonWins]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(Guardrail("base", "pii"), effective[registryOnly]), effective[registryOnly]!.ToJsonString());
    }

    [Fact]
    public async Task ListGatewaysByServer_ServerInThreeGateways_ReturnsEachWithItsOverridesAndCommonOverrides()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (server, other) = (RegistryApi.UniqueName("usage"), RegistryApi.UniqueName("usage-other"));
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        await client.AddServedServerAsync(ServerBodies.Stdio(other));
        var token = RegistryApi.UniqueName("use");
        var (a, b, c) = ($"{token}-a", $"{token}-b", $"{token}-c");
        var commonB = new JsonObject { ["input_guardrails_config"] = Guardrail("common-b", "bias"), ["enable_server_info_validation"] = false };
        await client.AddGatewayOkAsync(Gateway(c, null, Entry(other), Entry(server)));
        await client.AddGatewayOkAsync(Gateway(a, null, Entry(server, InputOverride("a-in", "nsfw"))));
        await client.AddGatewayOkAsync(Gateway(b, commonB, Entry(server, InputOverride("b-in", "pii"))));
        await client.AddGatewayOkAsync(Gateway(RegistryApi.UniqueName("use-unrelated"), null, Entry(other)));

        // Act
        var response = await client.ListGatewaysByServerAsync(server);

        // Assert
        await response.AssertStatusAsync(HttpStatusCode.OK);
        var body = await response.ReadJsonAsync();
        var ids = new Dictionary<string, string>();
        foreach (var name in new[] { a, b, c })
        {
            ids[name] = (await client.GetGatewayOkAsync(name))["gateway_id"]!.GetValue<string>();
        }

        var expected = new JsonArray(
            Usage(a, ids[a], InputOverride("a-in", "nsfw"), []),
            Usage(b, ids[b], InputOverride("b-in", "pii"), commonB),
            Usage(c, ids[c], [], []));
        Assert.True(JsonNode.DeepEquals(expected, body["data"]), body["data"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"page": 1, "per_page": 20, "total": 3, "total_pages": 1}"""), body["pagination"]), body["pagination"]!.ToJsonString());
    }

    [Fact]
    public async Task ListGatewaysByServer_PerPageTwo_PagesInGatewayOrderWithTheTotalOfEveryPage()
    {
        // Arrange: three gateways use the server, one more uses another server only.
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("usage-page");
        var other = RegistryApi.UniqueName("usage-page-other");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        await client.AddServedServerAsync(ServerBodies.Stdio(other));
        var token = RegistryApi.UniqueName("pg");
        foreach (var name in new[] { $"{token}-c", $"{token}-a", $"{token}-b" })
        {
            await client.AddGatewayOkAsync(Gateway(name, null, Entry(server)));
        }

        await client.AddGatewayOkAsync(Gateway($"{token}-0", null, Entry(other)));

        async Task<JsonNode> PageAsync(string query)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, RegistryApi.ListGatewaysPath + query).WithServer(server);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            await response.AssertStatusAsync(HttpStatusCode.OK);
            return await response.ReadJsonAsync();
        }

        // Act
        var first = await PageAsync("?per_page=2&page=1");
        var second = await PageAsync("?per_page=2&page=2");
        var beyond = await PageAsync($"?per_page=100&page={int.MaxValue}");

        // Assert
        Assert.Equal([$"{token}-a", $"{token}-b"], first["data"]!.AsArray().Select(u => u!["gateway_saved_name"]!.GetValue<string>()));
        Assert.Equal([$"{token}-c"], second["data"]!.AsArray().Select(u => u!["gateway_saved_name"]!.GetValue<string>()));
        Assert.Empty(beyond["data"]!.AsArray());
        foreach (var page in new[] { first, second })
        {
            Assert.Equal(3, page["pagination"]!["total"]!.GetValue<int>());
            Assert.Equal(2, page["pagination"]!["total_pages"]!.GetValue<int>());
        }

        Assert.Equal(3, beyond["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task ListGatewaysByServer_GatewayDeleted_ListsItInactive()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("usage-del");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-usage-del");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(server)));
        await (await client.DeleteGatewayAsync(name)).AssertStatusAsync(HttpStatusCode.OK);

        // Act
        var body = await (await client.ListGatewaysByServerAsync(server)).ReadJsonAsync();

        // Assert
        var usage = Assert.Single(body["data"]!.AsArray())!;
        Assert.Equal(name, usage["gateway_saved_name"]!.GetValue<string>());
        Assert.False(usage["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ListGatewaysByServer_UnknownServer_Returns404()
    {
        // Arrange
        using var client = factory.ClientWithKey();

        // Act
        var response = await client.ListGatewaysByServerAsync(RegistryApi.UniqueName("no-such-server"));

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListGatewaysByServer_MissingServerHeader_Returns400()
    {
        // Arrange
        using var client = factory.ClientWithKey();

        // Act
        var response = await client.GetAsync("/mcp-registry/list-gateways-by-server", TestContext.Current.CancellationToken);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("X-Enkrypt-MCP-Registry-Server", (await response.ReadErrorsAsync()).Keys);
    }

    [Fact]
    public async Task ModifyGateway_DetachServer_RemovesItFromExpandedConfigAndFromListGatewaysByServer()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (detached, stays) = (RegistryApi.UniqueName("detach-me"), RegistryApi.UniqueName("stays"));
        await client.AddServedServerAsync(ServerBodies.Stdio(detached));
        await client.AddServedServerAsync(ServerBodies.Stdio(stays));
        var (leaving, remaining) = (RegistryApi.UniqueName("gw-leaving"), RegistryApi.UniqueName("gw-remaining"));
        await client.AddGatewayOkAsync(Gateway(leaving, null, Entry(detached, InputOverride("x", "pii")), Entry(stays)));
        await client.AddGatewayOkAsync(Gateway(remaining, null, Entry(detached)));
        var remove = Entry(detached);
        remove["remove"] = true;

        // Act
        await client.ModifyGatewayOkAsync(leaving, new JsonObject { ["servers_config"] = new JsonObject { ["servers"] = new JsonArray(remove) } });

        // Assert
        var config = await client.GetGatewayConfigOkAsync(leaving);
        Assert.Equal([stays], config["expanded_servers"]!.AsArray().Select(s => s!["saved_name"]!.GetValue<string>()));
        var usages = await (await client.ListGatewaysByServerAsync(detached)).ReadJsonAsync();
        Assert.Equal([remaining], usages["data"]!.AsArray().Select(u => u!["gateway_saved_name"]!.GetValue<string>()));
        Assert.Equal(1, usages["pagination"]!["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("runtime", true)]
    [InlineData("admin", true)]
    [InlineData("viewer", false)]
    [InlineData("editor", false)]
    [InlineData("reviewer", false)]
    public async Task GetGatewayConfig_ByRole_RevealsSecretsOnlyToAdminAndRuntime(string role, bool revealed)
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var (stdio, remote) = (RegistryApi.UniqueName("sec-stdio"), RegistryApi.UniqueName("sec-remote"));
        await admin.AddServedServerAsync(ServerBodies.Stdio(stdio));
        await admin.AddServedServerAsync(ServerBodies.Remote(remote));
        var name = RegistryApi.UniqueName("gw-secrets");
        await admin.AddGatewayOkAsync(Gateway(name, null, Entry(stdio), Entry(remote)));
        using var client = role == "admin" ? factory.ClientWithKey() : factory.ClientWithKey(await factory.CreateKeyAsync(role));

        // Act
        var config = await client.GetGatewayConfigOkAsync(name);

        // Assert
        var servers = config["expanded_servers"]!.AsArray();
        var env = servers[0]!["mcp_config"]!["config"]!["env"]!;
        var remoteConfig = servers[1]!["mcp_config"]!;
        Assert.Equal(revealed ? "ghp_super_secret_value" : Mask, env["GITHUB_TOKEN"]!.GetValue<string>());
        Assert.Equal(revealed ? "Bearer remote-secret-token" : Mask, remoteConfig["config"]!["headers"]!["Authorization"]!.GetValue<string>());
        Assert.Equal(revealed ? "oauth-client-secret-value" : Mask, remoteConfig["oauth_config"]!["OAUTH_CLIENT_SECRET"]!.GetValue<string>());
        Assert.Equal("info", env["LOG_LEVEL"]!.GetValue<string>());
        Assert.Equal("client-1", remoteConfig["oauth_config"]!["OAUTH_CLIENT_ID"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetGateway_AnyRole_NeverRevealsSecretsOutsideGetGatewayConfig()
    {
        // Arrange: secrets live in the registry server, never in the gateway object; the registry read stays masked for admin.
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("sec-get");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-sec-get");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(server)));

        // Act
        var gatewayJson = (await client.GetGatewayOkAsync(name)).ToJsonString();
        var serverEnv = (await client.GetServerOkAsync(server))["mcp_config"]!["config"]!["env"]!;

        // Assert
        Assert.DoesNotContain("ghp_super_secret_value", gatewayJson, StringComparison.Ordinal);
        Assert.Equal(Mask, serverEnv["GITHUB_TOKEN"]!.GetValue<string>());
    }

    [Fact]
    public async Task GatewayEndpoints_RuntimeKey_OnlyGetGatewayConfigIsAllowed()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("rt");
        await admin.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-rt");
        await admin.AddGatewayOkAsync(Gateway(name, null, Entry(server)));
        using var runtime = factory.ClientWithKey(await factory.CreateKeyAsync("runtime"));

        // Act
        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["list-gateways"] = await runtime.ListGatewaysAsync(),
            ["get-gateway"] = await runtime.GetGatewayAsync(name),
            ["list-gateways-by-server"] = await runtime.ListGatewaysByServerAsync(server),
            ["add-gateway"] = await runtime.AddGatewayAsync(Gateway(RegistryApi.UniqueName("gw-rt-new"), null, Entry(server))),
            ["modify-gateway"] = await runtime.ModifyGatewayAsync(name, JsonNode.Parse("""{"description": "by runtime"}""")!),
            ["delete-gateway"] = await runtime.DeleteGatewayAsync(name),
            ["get-gateway-config"] = await runtime.GetGatewayConfigAsync(name),
        };

        // Assert
        foreach (var (action, response) in responses.Where(r => r.Key != "get-gateway-config"))
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{action}: {(int)response.StatusCode}");
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal(HttpStatusCode.OK, responses["get-gateway-config"].StatusCode);
        var stored = await admin.GetGatewayOkAsync(name);
        Assert.True(stored["is_active"]!.GetValue<bool>());
        Assert.Equal(1, stored["revision"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("reviewer")]
    public async Task GatewayWrites_ReadOnlyRole_Return403AndChangeNothing(string role)
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("ro");
        await admin.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-ro");
        await admin.AddGatewayOkAsync(Gateway(name, null, Entry(server)));
        using var client = factory.ClientWithKey(await factory.CreateKeyAsync(role));
        var newName = RegistryApi.UniqueName("gw-ro-new");

        // Act
        var add = await client.AddGatewayAsync(Gateway(newName, null, Entry(server)));
        var modify = await client.ModifyGatewayAsync(name, JsonNode.Parse("""{"description": "by read-only"}""")!);
        var delete = await client.DeleteGatewayAsync(name);
        var read = await client.GetGatewayAsync(name);

        // Assert
        await add.AssertProblemAsync(HttpStatusCode.Forbidden);
        await modify.AssertProblemAsync(HttpStatusCode.Forbidden);
        await delete.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetGatewayAsync(newName)).StatusCode);
        var stored = await admin.GetGatewayOkAsync(name);
        Assert.Equal(1, stored["revision"]!.GetValue<int>());
        Assert.True(stored["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task GatewayWrites_EditorKey_AreAllowed()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("ed");
        await admin.AddServedServerAsync(ServerBodies.Stdio(server));
        using var editor = factory.ClientWithKey(await factory.CreateKeyAsync("editor"));
        var name = RegistryApi.UniqueName("gw-ed");

        // Act
        var add = await editor.AddGatewayAsync(Gateway(name, null, Entry(server)));
        var modify = await editor.ModifyGatewayAsync(name, JsonNode.Parse("""{"description": "by editor"}""")!);
        var delete = await editor.DeleteGatewayAsync(name);

        // Assert
        Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        Assert.Equal(HttpStatusCode.OK, modify.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        var stored = await admin.GetGatewayOkAsync(name);
        Assert.Equal("by editor", stored["description"].Str());
        Assert.False(stored["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task GatewayEndpoints_NoApiKey_Return401()
    {
        // Arrange
        using var anonymous = factory.ClientWithKey(apiKey: null);

        // Act
        var list = await anonymous.ListGatewaysAsync();
        var config = await anonymous.GetGatewayConfigAsync("anything");

        // Assert
        await list.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await config.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ModifyServer_ReferencedByThreeGateways_ChangesEveryExpandedConfigWithoutTouchingGatewayRows()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("upstream");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var (outputOnly, plain, inputOverride) = (RegistryApi.UniqueName("gw-prop-a"), RegistryApi.UniqueName("gw-prop-b"), RegistryApi.UniqueName("gw-prop-c"));
        await client.AddGatewayOkAsync(Gateway(outputOnly, null, Entry(server, new JsonObject { ["output_guardrails_config"] = Guardrail("gw-out", "toxicity") })));
        await client.AddGatewayOkAsync(Gateway(plain, null, Entry(server)));
        await client.AddGatewayOkAsync(Gateway(inputOverride, null, Entry(server, InputOverride("gw-in", "nsfw"))));
        var names = new[] { outputOnly, plain, inputOverride };
        var before = new Dictionary<string, (JsonNode Gateway, string? ConfigETag)>();
        foreach (var name in names)
        {
            before[name] = (await client.GetGatewayOkAsync(name), (await client.GetGatewayConfigAsync(name)).Headers.ETag?.Tag);
        }

        var ids = names.Select(n => before[n].Gateway["gateway_id"]!.GetValue<string>()).ToArray();
        var rowsBefore = await ReadGatewayRowsAsync(ids);
        var patch = JsonNode.Parse("""
            {"mcp_config": {
              "config": {"command": "uvx", "args": ["mcp-server-fs==2.0"], "env": {"LOG_LEVEL": "debug", "GITHUB_TOKEN": "ghp_super_secret_value"}},
              "input_guardrails_config": {"enabled": true, "guardrail_name": "registry-v2", "block": ["injection_attack"]}
            }}
            """)!;

        // Act
        var modify = await client.ModifyServerAsync(server, patch);

        // Assert
        await modify.AssertStatusAsync(HttpStatusCode.OK);
        var serverRevision = (await modify.ReadJsonAsync())["data"]!["revision"]!.GetValue<int>();
        var expectedInput = new Dictionary<string, string> { [outputOnly] = "registry-v2", [plain] = "registry-v2", [inputOverride] = "gw-in" };
        foreach (var name in names)
        {
            var configResponse = await client.GetGatewayConfigAsync(name);
            var expanded = Assert.Single((await configResponse.ReadJsonAsync())["expanded_servers"]!.AsArray())!;
            var effective = expanded["mcp_config"]!;
            Assert.Equal("uvx", effective["config"]!["command"]!.GetValue<string>());
            Assert.Equal("debug", effective["config"]!["env"]!["LOG_LEVEL"]!.GetValue<string>());
            Assert.Equal("ghp_super_secret_value", effective["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
            Assert.Equal(expectedInput[name], effective["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
            Assert.Equal(serverRevision, expanded["served_revision"]!.GetValue<int>());
            Assert.NotEqual(before[name].ConfigETag, configResponse.Headers.ETag?.Tag);

            var gateway = await client.GetGatewayOkAsync(name);
            Assert.Equal(before[name].Gateway["revision"]!.GetValue<int>(), gateway["revision"]!.GetValue<int>());
            Assert.Equal(before[name].Gateway["updated_at"]!.GetValue<string>(), gateway["updated_at"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(before[name].Gateway, gateway), gateway.ToJsonString());
        }

        Assert.Equal("gw-out", (await client.GetGatewayConfigOkAsync(outputOnly))["expanded_servers"]![0]!["mcp_config"]!["output_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.Equal(rowsBefore, await ReadGatewayRowsAsync(ids));
    }

    [Fact]
    public async Task GetGatewayConfig_UnchangedGatewayAndServers_KeepsSameETag()
    {
        // Arrange: the ETag is what a runtime polls; it must only move when something it serves moved.
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("stable");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-stable");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(server)));
        var first = (await client.GetGatewayConfigAsync(name)).Headers.ETag?.Tag;

        // Act
        var second = (await client.GetGatewayConfigAsync(name)).Headers.ETag?.Tag;
        await client.ModifyGatewayOkAsync(name, new JsonObject { ["servers_config"] = new JsonObject { ["common_overrides"] = new JsonObject { ["enable_server_info_validation"] = false } } });
        var third = (await client.GetGatewayConfigAsync(name)).Headers.ETag?.Tag;

        // Assert
        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.NotEqual(first, third);
    }

    private static JsonObject Usage(string name, string id, JsonObject overrides, JsonObject common) => new()
    {
        ["gateway_saved_name"] = name,
        ["gateway_version"] = "v1",
        ["gateway_id"] = id,
        ["is_active"] = true,
        ["overrides"] = overrides.DeepClone(),
        ["common_overrides"] = common.DeepClone(),
    };

    private async Task<IReadOnlyList<string>> ReadGatewayRowsAsync(string[] gatewayIds)
    {
        var parameters = gatewayIds.Select((id, i) => ($"@g{i}", (object)id)).ToArray();
        var inList = string.Join(", ", parameters.Select(p => p.Item1));
        var gateways = await RawRows.ReadAsync(factory.ConnectionString, $"SELECT * FROM gateways WHERE \"Id\" IN ({inList}) ORDER BY \"Id\"", parameters);
        var references = await RawRows.ReadAsync(factory.ConnectionString, $"SELECT * FROM gateway_servers WHERE \"GatewayId\" IN ({inList}) ORDER BY \"Id\"", parameters);
        Assert.Equal(gatewayIds.Length, gateways.Count);
        Assert.Equal(gatewayIds.Length, references.Count);
        return [.. gateways, .. references];
    }
}
