using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;
using static RegistryConsole.Tests.Unit.Infrastructure.GatewayBodies;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>get-gateway, delete-gateway, list-gateways and the shape of get-gateway-config (API.md §5, §5.1).</summary>
public sealed class GatewayReadApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task GetGateway_Existing_Returns200BareObjectWithETag()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("get");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-get");
        var added = await client.AddGatewayOkAsync(Gateway(name, null, Entry(server)));
        await client.ModifyGatewayOkAsync(name, JsonNode.Parse("""{"description": "changed"}""")!);

        // Act
        var response = await client.GetGatewayAsync(name);

        // Assert
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        var body = await response.ReadJsonAsync();
        Assert.Null(body["data"]);
        Assert.Null(body["message"]);
        Assert.Equal(name, body["gateway_saved_name"]!.GetValue<string>());
        Assert.Equal(added["gateway_id"]!.GetValue<string>(), body["gateway_id"]!.GetValue<string>());
        Assert.Equal("changed", body["description"]!.GetValue<string>());
        Assert.Equal(2, body["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task GetGateway_Unknown_Returns404()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("gw-unknown");

        // Act
        var response = await client.GetGatewayAsync(name);

        // Assert
        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(name, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetGateway_OtherVersionOfExistingName_Returns404()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("gw-onlyv1");
        await client.AddGatewayOkAsync(Gateway(name));

        // Act
        var response = await client.GetGatewayAsync(name, "1");

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/mcp-gateway/get-gateway", "GET")]
    [InlineData("/mcp-gateway/get-gateway-config", "GET")]
    [InlineData("/mcp-gateway/delete-gateway", "DELETE")]
    public async Task GatewayRead_MissingGatewayHeader_Returns400NamingHeader(string path, string method)
    {
        // Arrange
        using var client = factory.ClientWithKey();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        // Act
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("X-Enkrypt-MCP-Gateway", (await response.ReadErrorsAsync()).Keys);
    }

    [Theory]
    [InlineData("bad name", null, "X-Enkrypt-MCP-Gateway")]
    [InlineData("ok-name", "-v1", "X-Enkrypt-MCP-Gateway-Version")]
    public async Task GetGateway_InvalidIdentityHeader_Returns400NamingHeader(string name, string? version, string header)
    {
        // Arrange
        using var client = factory.ClientWithKey();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mcp-gateway/get-gateway");
        request.Headers.Add("X-Enkrypt-MCP-Gateway", name);
        if (version is not null)
        {
            request.Headers.Add("X-Enkrypt-MCP-Gateway-Version", version);
        }

        // Act
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(header, (await response.ReadErrorsAsync()).Keys);
    }

    [Fact]
    public async Task DeleteGateway_Active_Returns200InactiveThenSecondDeleteReturns409()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("del");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-del");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(server)));

        // Act
        var first = await client.DeleteGatewayAsync(name);
        var second = await client.DeleteGatewayAsync(name);

        // Assert
        await first.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);
        var envelope = await first.ReadJsonAsync();
        Assert.Contains(name, envelope["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(envelope["data"]!["is_active"]!.GetValue<bool>());
        Assert.EndsWith("Z", envelope["data"]!["deleted_at"]!.GetValue<string>(), StringComparison.Ordinal);
        await second.AssertProblemAsync(HttpStatusCode.Conflict);
        var stored = await client.GetGatewayOkAsync(name);
        Assert.False(stored["is_active"]!.GetValue<bool>());
        Assert.Equal(2, stored["revision"]!.GetValue<int>());
        Assert.Single(stored["servers_config"]!["servers"]!.AsArray());
    }

    [Fact]
    public async Task DeleteGateway_Unknown_Returns404()
    {
        // Arrange
        using var client = factory.ClientWithKey();

        // Act
        var response = await client.DeleteGatewayAsync(RegistryApi.UniqueName("gw-del-unknown"));

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteGateway_IfMatchMismatch_Returns412AndKeepsItActive()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("gw-del-412");
        await client.AddGatewayOkAsync(Gateway(name));

        // Act
        var response = await client.DeleteGatewayAsync(name, ifMatch: "\"7\"");

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.True((await client.GetGatewayOkAsync(name))["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ListGateways_PerPageTwo_PagesInNameOrderWithTotals()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var token = RegistryApi.UniqueName("lstpg");
        var names = Enumerable.Range(1, 5).Select(i => $"{token}-{i}").ToList();
        foreach (var name in names.AsEnumerable().Reverse())
        {
            await client.AddGatewayOkAsync(Gateway(name));
        }

        // Act
        var page1 = await client.ListGatewaysAsync($"?search={token}&per_page=2&page=1");
        var page3 = await client.ListGatewaysAsync($"?search={token}&per_page=2&page=3");

        // Assert
        await page1.AssertStatusAsync(HttpStatusCode.OK);
        var body1 = await page1.ReadJsonAsync();
        var body3 = await page3.ReadJsonAsync();
        Assert.Equal(names[..2], Names(body1));
        Assert.Equal(names[4..], Names(body3));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"page": 1, "per_page": 2, "total": 5, "total_pages": 3}"""), body1["pagination"]), body1["pagination"]!.ToJsonString());
        Assert.Equal(3, body3["pagination"]!["page"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body1["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ListGateways_IsActiveFilter_ReturnsOnlyMatchingState()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var token = RegistryApi.UniqueName("lstact");
        foreach (var i in Enumerable.Range(1, 4))
        {
            await client.AddGatewayOkAsync(Gateway($"{token}-{i}"));
        }

        await (await client.DeleteGatewayAsync($"{token}-2")).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.DeleteGatewayAsync($"{token}-4")).AssertStatusAsync(HttpStatusCode.OK);

        // Act
        var active = await (await client.ListGatewaysAsync($"?search={token}&is_active=true")).ReadJsonAsync();
        var deleted = await (await client.ListGatewaysAsync($"?search={token}&is_active=false")).ReadJsonAsync();
        var all = await (await client.ListGatewaysAsync($"?search={token}")).ReadJsonAsync();

        // Assert
        Assert.Equal([$"{token}-1", $"{token}-3"], Names(active));
        Assert.Equal([$"{token}-2", $"{token}-4"], Names(deleted));
        Assert.All(deleted["data"]!.AsArray(), g => Assert.False(g!["is_active"]!.GetValue<bool>()));
        Assert.Equal(4, all["pagination"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task ListGateways_Search_MatchesNameAndDescriptionCaseInsensitively()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var token = RegistryApi.UniqueName("lstsrch");
        var byName = $"{token}-named";
        var byDescription = RegistryApi.UniqueName("other");
        var neither = RegistryApi.UniqueName("neither");
        await client.AddGatewayOkAsync(Gateway(byName));
        var described = Gateway(byDescription);
        described["description"] = $"Routes traffic for {token.ToUpperInvariant()} team";
        await client.AddGatewayOkAsync(described);
        await client.AddGatewayOkAsync(Gateway(neither));

        // Act
        var response = await client.ListGatewaysAsync($"?search={token}");

        // Assert
        await response.AssertStatusAsync(HttpStatusCode.OK);
        var names = Names(await response.ReadJsonAsync());
        Assert.Equal(new[] { byName, byDescription }.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListGateways_Items_CarryServersConfig()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("lstcfg");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("lstcfg-gw");
        await client.AddGatewayOkAsync(Gateway(name, new JsonObject { ["enable_server_info_validation"] = false }, Entry(server, InputOverride("x", "pii"))));

        // Act
        var body = await (await client.ListGatewaysAsync($"?search={name}")).ReadJsonAsync();

        // Assert
        var item = Assert.Single(body["data"]!.AsArray())!;
        Assert.Equal(server, item["servers_config"]!["servers"]![0]!["saved_name"]!.GetValue<string>());
        Assert.Equal("x", item["servers_config"]!["servers"]![0]!["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.False(item["servers_config"]!["common_overrides"]!["enable_server_info_validation"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("?per_page=0", "per_page")]
    [InlineData("?per_page=101", "per_page")]
    [InlineData("?page=0", "page")]
    [InlineData("?page=x", "page")]
    [InlineData("?is_active=maybe", "is_active")]
    public async Task ListGateways_BadQuery_Returns400NamingParameter(string query, string parameter)
    {
        // Arrange
        using var client = factory.ClientWithKey();

        // Act
        var response = await client.ListGatewaysAsync(query);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(parameter, (await response.ReadErrorsAsync()).Keys);
    }

    [Fact]
    public async Task GetGatewayConfig_TwoServers_ReturnsExpandedStructureOfSection51()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (stdio, remote) = (RegistryApi.UniqueName("cfg-stdio"), RegistryApi.UniqueName("cfg-remote"));
        var stdioBody = ServerBodies.Stdio(stdio);
        stdioBody["source_url"] = "https://github.com/modelcontextprotocol/servers";
        stdioBody["source_version"] = "1.2.0";
        await client.AddServedServerAsync(stdioBody);
        await client.AddServedServerAsync(ServerBodies.Remote(remote));
        var name = RegistryApi.UniqueName("gw-cfg");
        var common = new JsonObject { ["output_guardrails_config"] = Guardrail("common-out", "toxicity") };
        var added = await client.AddGatewayOkAsync(Gateway(name, common, Entry(stdio, InputOverride("gw-in", "injection_attack")), Entry(remote)));
        var stdioServer = await client.GetServerOkAsync(stdio);

        // Act
        var response = await client.GetGatewayConfigAsync(name);

        // Assert
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(response.Headers.ETag?.Tag));
        var config = await response.ReadJsonAsync();
        Assert.Null(config["data"]);
        foreach (var key in new[] { "gateway_saved_name", "gateway_version", "gateway_id", "project_name", "is_active", "created_at", "updated_at", "common_overrides", "expanded_servers" })
        {
            Assert.True(config.AsObject().ContainsKey(key), $"missing {key}");
        }

        Assert.Equal(name, config["gateway_saved_name"]!.GetValue<string>());
        Assert.Equal("v1", config["gateway_version"]!.GetValue<string>());
        Assert.Equal(added["gateway_id"]!.GetValue<string>(), config["gateway_id"]!.GetValue<string>());
        Assert.Equal("default", config["project_name"]!.GetValue<string>());
        Assert.True(config["is_active"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(common, config["common_overrides"]), config["common_overrides"]!.ToJsonString());

        var servers = config["expanded_servers"]!.AsArray();
        Assert.Equal([stdio, remote], servers.Select(s => s!["saved_name"]!.GetValue<string>()));
        var first = servers[0]!;
        foreach (var key in new[] { "saved_name", "server_version", "server_name", "description", "job_id", "source_url", "source_version", "registry_id", "is_active", "review_status", "served_revision", "mcp_config", "gateway_overrides" })
        {
            Assert.True(first.AsObject().ContainsKey(key), $"expanded server misses {key}");
        }

        Assert.Equal("v1", first["server_version"]!.GetValue<string>());
        Assert.Equal("@modelcontextprotocol/server-filesystem", first["server_name"]!.GetValue<string>());
        Assert.Equal("Reads and writes files", first["description"]!.GetValue<string>());
        Assert.Null(first["job_id"]);
        Assert.Equal("https://github.com/modelcontextprotocol/servers", first["source_url"]!.GetValue<string>());
        Assert.Equal("1.2.0", first["source_version"]!.GetValue<string>());
        Assert.Equal(stdioServer["registry_id"]!.GetValue<string>(), first["registry_id"]!.GetValue<string>());
        Assert.Equal(stdioServer["review_status"]!.GetValue<string>(), first["review_status"]!.GetValue<string>());
        Assert.Equal(stdioServer["revision"]!.GetValue<int>(), first["served_revision"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(InputOverride("gw-in", "injection_attack"), first["gateway_overrides"]), first["gateway_overrides"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(new JsonObject(), servers[1]!["gateway_overrides"]), servers[1]!["gateway_overrides"]!.ToJsonString());

        var effective = first["mcp_config"]!;
        Assert.Equal("gw-in", effective["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.Equal("common-out", effective["output_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.Equal("npx", effective["config"]!["command"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(stdioServer["mcp_config"]!["tools"], effective["tools"]));
        Assert.True(JsonNode.DeepEquals(stdioServer["mcp_config"]!["denied_tools"], effective["denied_tools"]));
        Assert.Equal("common-out", servers[1]!["mcp_config"]!["output_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.Equal("https://mcp.example.com/mcp", servers[1]!["mcp_config"]!["config"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetGatewayConfig_Unknown_Returns404()
    {
        // Arrange
        using var client = factory.ClientWithKey();

        // Act
        var response = await client.GetGatewayConfigAsync(RegistryApi.UniqueName("gw-cfg-unknown"));

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetGatewayConfig_DeletedGateway_Returns200Inactive()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("gw-cfg-del");
        await client.AddGatewayOkAsync(Gateway(name));
        await (await client.DeleteGatewayAsync(name)).AssertStatusAsync(HttpStatusCode.OK);

        // Act
        var config = await client.GetGatewayConfigOkAsync(name);

        // Assert
        Assert.False(config["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task GetGatewayConfig_OtherProjectHeader_Returns403()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("gw-project");
        await client.AddGatewayOkAsync(Gateway(name));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mcp-gateway/get-gateway-config").WithGateway(name);
        request.Headers.Add("X-Enkrypt-Project", "someone-else");

        // Act
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ListGateways_OtherRegistryHeader_Returns404()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mcp-gateway/list-gateways");
        request.Headers.Add("X-Enkrypt-MCP-Registry", "elsewhere");

        // Act
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static List<string> Names(JsonNode list) =>
        list["data"]!.AsArray().Select(g => g!["gateway_saved_name"]!.GetValue<string>()).ToList();
}
