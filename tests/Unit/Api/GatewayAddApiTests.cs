using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;
using static RegistryConsole.Tests.Unit.Infrastructure.GatewayBodies;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>add-gateway (API.md §5): the created envelope and every validation and conflict answer.</summary>
public sealed class GatewayAddApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AddGateway_ValidBody_Returns201EnvelopeWithGatewayAndETag()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (first, second) = (RegistryApi.UniqueName("add-a"), RegistryApi.UniqueName("add-b"));
        await client.AddServedServerAsync(ServerBodies.Stdio(first));
        await client.AddServedServerAsync(ServerBodies.Remote(second));
        var name = RegistryApi.UniqueName("gw-add");
        var body = Gateway(
            name,
            new JsonObject { ["enable_server_info_validation"] = false },
            Entry(first, InputOverride("strict", "pii", "injection_attack")),
            Entry(second, version: "v1"));

        // Act
        var response = await client.AddGatewayAsync(body);

        // Assert
        await response.AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var envelope = await response.ReadJsonAsync();
        Assert.Contains(name, envelope["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var data = envelope["data"]!;
        Assert.Equal(name, data["gateway_saved_name"]!.GetValue<string>());
        Assert.Equal("v1", data["gateway_version"]!.GetValue<string>());
        Assert.Equal($"Gateway {name} for tests", data["description"]!.GetValue<string>());
        Assert.Equal("default", data["project_name"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(data["gateway_id"]!.GetValue<string>()));
        Assert.True(data["is_active"]!.GetValue<bool>());
        Assert.False(data["is_sample"]!.GetValue<bool>());
        Assert.Equal(1, data["revision"]!.GetValue<int>());
        Assert.EndsWith("Z", data["created_at"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("Z", data["updated_at"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(data["created_by"]?.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$"""
                {
                  "common_overrides": {"enable_server_info_validation": false},
                  "servers": [
                    {"saved_name": "{{first}}", "server_version": "v1",
                     "input_guardrails_config": {"enabled": true, "guardrail_name": "strict", "block": ["pii", "injection_attack"] } },
                    {"saved_name": "{{second}}", "server_version": "v1"}
                  ]
                }
                """),
            data["servers_config"]),
            data["servers_config"]!.ToJsonString());
    }

    [Fact]
    public async Task AddGateway_SecondReferencedServerMissing_Returns400AtItsIndex()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var existing = RegistryApi.UniqueName("ref-ok");
        await client.AddServedServerAsync(ServerBodies.Stdio(existing));
        var name = RegistryApi.UniqueName("gw-missing");

        // Act
        var response = await client.AddGatewayAsync(Gateway(name, null, Entry(existing), Entry(RegistryApi.UniqueName("ref-missing")), Entry(existing, version: "v9")));

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = await response.ReadErrorsAsync();
        Assert.Equal(["servers_config.servers[1]", "servers_config.servers[2]"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetGatewayAsync(name)).StatusCode);
    }

    [Theory]
    [InlineData("""{"saved_name": "__S__", "command": "rm"}""", "{}", "servers_config.servers[0].command")]
    [InlineData("""{"saved_name": "__S__", "mcp_config": {}}""", "{}", "servers_config.servers[0].mcp_config")]
    [InlineData("""{"saved_name": "__S__"}""", """{"tools": {"read_file": "x"}}""", "servers_config.common_overrides.tools")]
    [InlineData("""{"saved_name": "__S__"}""", """{"denied_tools": ["*"]}""", "servers_config.common_overrides.denied_tools")]
    public async Task AddGateway_NonOverridableKey_Returns400NamingIt(string entryJson, string commonJson, string expectedPath)
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("nonover");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-nonover");
        var body = Gateway(name, (JsonObject)JsonNode.Parse(commonJson)!, (JsonObject)JsonNode.Parse(entryJson.Replace("__S__", server, StringComparison.Ordinal))!);

        // Act
        var response = await client.AddGatewayAsync(body);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = await response.ReadErrorsAsync();
        Assert.Contains(expectedPath, errors.Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetGatewayAsync(name)).StatusCode);
    }

    [Theory]
    [InlineData("""{"saved_name": "__S__", "input_guardrails_config": {"enabled": true, "guardrail_name": "x", "blok": ["pii"]}}""", "{}", "servers_config.servers[0].input_guardrails_config.blok")]
    [InlineData("""{"saved_name": "__S__", "enable_server_info_validation": "yes"}""", "{}", "servers_config.servers[0].enable_server_info_validation")]
    [InlineData("""{"saved_name": "__S__"}""", """{"input_guardrails_config": {"block": "pii"}}""", "servers_config.common_overrides.input_guardrails_config.block")]
    [InlineData("""{"saved_name": "__S__", "server_version": "bad version"}""", "{}", "servers_config.servers[0].server_version")]
    public async Task AddGateway_TypoOrWrongTypeInOverride_Returns400NamingPath(string entryJson, string commonJson, string expectedPath)
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("typo");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-typo");
        var body = Gateway(name, (JsonObject)JsonNode.Parse(commonJson)!, (JsonObject)JsonNode.Parse(entryJson.Replace("__S__", server, StringComparison.Ordinal))!);

        // Act
        var response = await client.AddGatewayAsync(body);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([expectedPath], (await response.ReadErrorsAsync()).Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetGatewayAsync(name)).StatusCode);
    }

    [Theory]
    [InlineData("input_guardrails_config", "hallucination", false)]
    [InlineData("tool_guardrails_config", "not_a_detector", false)]
    [InlineData("output_guardrails_config", "not_a_detector", false)]
    [InlineData("input_guardrails_config", "bogus", true)]
    public async Task AddGateway_BadDetectorInOverride_Returns400AtBlockIndex(string key, string detector, bool inCommon)
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("detector");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var overrides = new JsonObject { [key] = Guardrail("g", "pii", detector) };
        var body = inCommon ? Gateway(RegistryApi.UniqueName("gw-det"), overrides, Entry(server)) : Gateway(RegistryApi.UniqueName("gw-det"), null, Entry(server, overrides));
        var expected = inCommon ? $"servers_config.common_overrides.{key}.block[1]" : $"servers_config.servers[0].{key}.block[1]";

        // Act
        var response = await client.AddGatewayAsync(body);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = await response.ReadErrorsAsync();
        Assert.Equal([expected], errors.Keys);
        Assert.Contains(detector, errors[expected][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGateway_OutputOnlyDetectorInOutputOverride_Returns201()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("outdet");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var overrides = new JsonObject { ["output_guardrails_config"] = Guardrail("out", "hallucination", "relevancy") };

        // Act
        var response = await client.AddGatewayAsync(Gateway(RegistryApi.UniqueName("gw-outdet"), null, Entry(server, overrides)));

        // Assert
        var data = (await response.AssertStatusAsync(HttpStatusCode.Created))["data"]!;
        var output = data["servers_config"]!["servers"]![0]!["output_guardrails_config"]!;
        Assert.Equal("out", output["guardrail_name"].Str());
        Assert.Equal(["hallucination", "relevancy"], output["block"]!.AsArray().Select(d => d.Str()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AddGateway_GuardrailEnabledWithoutName_Returns400(bool inCommon)
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("noname");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var overrides = new JsonObject { ["tool_guardrails_config"] = new JsonObject { ["enabled"] = true, ["block"] = new JsonArray("pii") } };
        var body = inCommon ? Gateway(RegistryApi.UniqueName("gw-noname"), overrides, Entry(server)) : Gateway(RegistryApi.UniqueName("gw-noname"), null, Entry(server, overrides));
        var expected = inCommon
            ? "servers_config.common_overrides.tool_guardrails_config.guardrail_name"
            : "servers_config.servers[0].tool_guardrails_config.guardrail_name";

        // Act
        var response = await client.AddGatewayAsync(body);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([expected], (await response.ReadErrorsAsync()).Keys);
    }

    [Fact]
    public async Task AddGateway_SameNameAndVersionTwice_Returns409AndKeepsFirst()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var (first, second) = (RegistryApi.UniqueName("dup-a"), RegistryApi.UniqueName("dup-b"));
        await client.AddServedServerAsync(ServerBodies.Stdio(first));
        await client.AddServedServerAsync(ServerBodies.Stdio(second));
        var name = RegistryApi.UniqueName("gw-dup");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(first)));

        // Act
        var response = await client.AddGatewayAsync(Gateway(name, null, Entry(second)));

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        var stored = await client.GetGatewayOkAsync(name);
        Assert.Equal(first, stored["servers_config"]!["servers"]![0]!["saved_name"]!.GetValue<string>());
        Assert.Single(stored["servers_config"]!["servers"]!.AsArray());
    }

    [Fact]
    public async Task AddGateway_SameNameOtherVersion_Returns201()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("ver");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-ver");
        await client.AddGatewayOkAsync(Gateway(name, null, Entry(server)));
        var v2 = Gateway(name, null, Entry(server));
        v2["gateway_version"] = "v2";

        // Act
        var response = await client.AddGatewayAsync(v2);

        // Assert
        await response.AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal("v2", (await response.ReadJsonAsync())["data"]!["gateway_version"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetGatewayAsync(name, "v2")).StatusCode);
    }

    [Fact]
    public async Task AddGateway_SameServerEntryTwice_Returns400AtSecondIndex()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("twice");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-twice");

        // Act: the second entry spells the default version out; it is still the same server version.
        var response = await client.AddGatewayAsync(Gateway(name, null, Entry(server), Entry(server, version: "v1")));

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["servers_config.servers[1].saved_name"], (await response.ReadErrorsAsync()).Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetGatewayAsync(name)).StatusCode);
    }

    [Fact]
    public async Task AddGateway_RemoveFlagInEntry_Returns400()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("rm-on-add");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        var entry = Entry(server);
        entry["remove"] = true;

        // Act
        var response = await client.AddGatewayAsync(Gateway(RegistryApi.UniqueName("gw-rm"), null, entry));

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["servers_config.servers[0].remove"], (await response.ReadErrorsAsync()).Keys);
    }

    [Fact]
    public async Task AddGateway_DeletedServer_Returns400AtItsIndex()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("deleted-ref");
        await client.AddServedServerAsync(ServerBodies.Stdio(server));
        await (await client.DeleteServerAsync(server)).AssertStatusAsync(HttpStatusCode.OK);

        // Act
        var response = await client.AddGatewayAsync(Gateway(RegistryApi.UniqueName("gw-delref"), null, Entry(server)));

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["servers_config.servers[0]"], (await response.ReadErrorsAsync()).Keys);
    }

    [Theory]
    [InlineData("""{"servers_config": {"servers": []}}""", "gateway_saved_name")]
    [InlineData("""{"gateway_saved_name": "-bad", "servers_config": {"servers": []}}""", "gateway_saved_name")]
    [InlineData("""{"gateway_saved_name": "ok-name", "is_active": true}""", "is_active")]
    [InlineData("""{"gateway_saved_name": "ok-name", "servers_config": {"server": []}}""", "servers_config.server")]
    public async Task AddGateway_InvalidTopLevel_Returns400NamingField(string json, string expectedPath)
    {
        // Arrange
        using var client = factory.ClientWithKey();

        // Act
        var response = await client.AddGatewayAsync(JsonNode.Parse(json)!);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(expectedPath, (await response.ReadErrorsAsync()).Keys);
    }

    [Fact]
    public async Task AddGateway_NotJsonContentType_Returns415()
    {
        // Arrange
        using var client = factory.ClientWithKey();
        using var content = new StringContent("""{"gateway_saved_name": "plain-text"}""", System.Text.Encoding.UTF8, "text/plain");

        // Act
        var response = await client.PostAsync("/mcp-gateway/add-gateway", content, TestContext.Current.CancellationToken);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetGatewayAsync("plain-text")).StatusCode);
    }

    [Fact]
    public async Task AddGateway_MalformedJson_Returns400()
    {
        // Arrange
        using var client = factory.ClientWithKey();

        // Act
        var response = await client.PostAsync("/mcp-gateway/add-gateway", HttpTestExtensions.Json("""{"gateway_saved_name": "broken", """), TestContext.Current.CancellationToken);

        // Assert
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
