using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Tests.Unit.Infrastructure;
using static RegistryConsole.Tests.Unit.Infrastructure.GatewayBodies;

namespace RegistryConsole.Tests.Unit.Enkrypt;

/// <summary>
/// The newer Enkrypt gateway contract, item by item (issue 10): the gateway-wide <c>server_tools_guardrails_config</c>,
/// <c>request_context</c>, env keys that name locations, OAuth without a client id, and the helpful refusals.
/// </summary>
public sealed class EnkryptContractApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string ServerTools = "server_tools_guardrails_config";
    private const string CommonPath = "servers_config.common_overrides";

    [Fact]
    public async Task AddGateway_CommonServerToolsGuardrails_EchoedInGetGatewayAndServedInConfig()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("stg-echo");
        await admin.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-stg-echo");
        var guardrail = Guardrail("Org Tool Guardrail", "policy_violation", "injection_attack");

        // Act
        var added = await admin.AddGatewayOkAsync(Gateway(name, new JsonObject { [ServerTools] = guardrail.DeepClone() }, Entry(server)));
        var read = await admin.GetGatewayOkAsync(name);
        var config = await admin.GetGatewayConfigOkAsync(name);

        // Assert
        Assert.True(JsonNode.DeepEquals(guardrail, added["servers_config"]!["common_overrides"]![ServerTools]));
        Assert.True(JsonNode.DeepEquals(guardrail, read["servers_config"]!["common_overrides"]![ServerTools]));
        Assert.True(JsonNode.DeepEquals(guardrail, config["common_overrides"]![ServerTools]));
        var expanded = config["expanded_servers"]![0]!;
        Assert.Null(expanded["mcp_config"]![ServerTools]);
        Assert.Equal("base", expanded["mcp_config"]!["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyGateway_CommonServerToolsGuardrails_SetThenClearedWithNull()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("gw-stg-modify");
        await admin.AddGatewayOkAsync(Gateway(name));

        // Act
        var set = await admin.ModifyGatewayOkAsync(name, JsonNode.Parse("""{"servers_config": {"common_overrides": {"server_tools_guardrails_config": {"enabled": true, "guardrail_name": "g"}}}}""")!);
        var cleared = await admin.ModifyGatewayOkAsync(name, JsonNode.Parse("""{"servers_config": {"common_overrides": {"server_tools_guardrails_config": null}}}""")!);

        // Assert
        Assert.Equal("g", set["servers_config"]!["common_overrides"]![ServerTools]!["guardrail_name"]!.GetValue<string>());
        Assert.Equal("{}", cleared["servers_config"]!["common_overrides"]!.ToJsonString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GatewayWrite_ServerToolsGuardrailsInServerEntry_Returns400NamingItGatewayWide(bool modify)
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var server = RegistryApi.UniqueName("stg-entry");
        await admin.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-stg-entry");
        var entry = Entry(server, new JsonObject { [ServerTools] = Guardrail("per-server", "pii") });
        if (modify)
        {
            await admin.AddGatewayOkAsync(Gateway(name));
        }

        // Act
        var response = modify
            ? await admin.ModifyGatewayAsync(name, new JsonObject { ["servers_config"] = new JsonObject { ["servers"] = new JsonArray(entry) } })
            : await admin.AddGatewayAsync(Gateway(name, null, entry));

        // Assert
        var path = $"servers_config.servers[0].{ServerTools}";
        await ProblemAssert.AssertProblemAsync(response, HttpStatusCode.BadRequest, path);
        var message = Assert.Single((await response.ReadErrorsAsync())[path]);
        Assert.Contains("gateway-wide", message, StringComparison.Ordinal);
        Assert.Contains("common_overrides", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"enabled": true}""", "server_tools_guardrails_config.guardrail_name")]
    [InlineData("""{"enabled": true, "guardrail_name": "g", "block": ["pii", "hallucination"]}""", "server_tools_guardrails_config.block[1]")]
    [InlineData("""{"enabled": true, "guardrail_name": "g", "blocks": []}""", "server_tools_guardrails_config.blocks")]
    public async Task AddGateway_InvalidCommonServerToolsGuardrails_Returns400AtItsPath(string guardrail, string path)
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("gw-stg-invalid");

        // Act
        var response = await admin.AddGatewayAsync(Gateway(name, new JsonObject { [ServerTools] = JsonNode.Parse(guardrail) }));

        // Assert
        await ProblemAssert.AssertProblemAsync(response, HttpStatusCode.BadRequest, $"{CommonPath}.{path}");
        await (await admin.GetGatewayAsync(name)).AssertStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetGatewayConfig_OnlyOlderCommonToolGuardrails_AlsoServedUnderServerToolsKeyButNotInGetGateway()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("gw-stg-alias");
        var tool = Guardrail("Org Tool Guardrail", "policy_violation");
        await admin.AddGatewayOkAsync(Gateway(name, new JsonObject { ["tool_guardrails_config"] = tool.DeepClone() }));

        // Act
        var config = await admin.GetGatewayConfigOkAsync(name);
        var read = await admin.GetGatewayOkAsync(name);

        // Assert
        Assert.True(JsonNode.DeepEquals(tool, config["common_overrides"]!["tool_guardrails_config"]));
        Assert.True(JsonNode.DeepEquals(tool, config["common_overrides"]![ServerTools]));
        Assert.Null(read["servers_config"]!["common_overrides"]![ServerTools]);
    }

    [Fact]
    public async Task GetGatewayConfig_BothToolKeysInCommon_EachServedAsSet()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("gw-stg-both");
        await admin.AddGatewayOkAsync(Gateway(name, new JsonObject
        {
            ["tool_guardrails_config"] = Guardrail("older", "pii"),
            [ServerTools] = Guardrail("newer", "injection_attack"),
        }));

        // Act
        var config = await admin.GetGatewayConfigOkAsync(name);

        // Assert
        Assert.Equal("older", config["common_overrides"]!["tool_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.Equal("newer", config["common_overrides"]![ServerTools]!["guardrail_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("runtime")]
    [InlineData("viewer")]
    [InlineData("admin")]
    public async Task GetGatewayConfig_AnyReader_RequestContextNamesCallerAndGateway(string role)
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var key = await factory.IssueKeyAsync(role);
        using var client = factory.ClientWithKey(key.Key);
        var name = RegistryApi.UniqueName("gw-context");
        await admin.AddGatewayOkAsync(Gateway(name));

        // Act
        var config = await client.GetGatewayConfigOkAsync(name);

        // Assert
        var context = Assert.IsType<JsonObject>(config["request_context"]);
        Assert.Equal(
            ["actioner", "gateway_saved_name", "gateway_version", "org_id", "project_name", "registry_name", "user_email", "user_id"],
            context.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(name, context["gateway_saved_name"]!.GetValue<string>());
        Assert.Equal("v1", context["gateway_version"]!.GetValue<string>());
        Assert.Equal("default", context["project_name"]!.GetValue<string>());
        Assert.Equal("default", context["registry_name"]!.GetValue<string>());
        Assert.Equal(key.Id, context["user_id"]!.GetValue<string>());
        Assert.Equal(key.Name, context["actioner"]!.GetValue<string>());
        Assert.Null(context["user_email"]);
        Assert.Null(context["org_id"]);
    }

    [Fact]
    public async Task GetGatewayConfig_TwoCallers_SameGatewayWidePartOwnRequestContext()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var first = await factory.IssueKeyAsync("runtime");
        var second = await factory.IssueKeyAsync("runtime");
        using var firstClient = factory.ClientWithKey(first.Key);
        using var secondClient = factory.ClientWithKey(second.Key);
        var server = RegistryApi.UniqueName("ctx-two");
        await admin.AddServedServerAsync(ServerBodies.Stdio(server));
        var name = RegistryApi.UniqueName("gw-ctx-two");
        await admin.AddGatewayOkAsync(Gateway(name, null, Entry(server)));

        // Act
        var one = (await firstClient.GetGatewayConfigOkAsync(name)).AsObject();
        var two = (await secondClient.GetGatewayConfigOkAsync(name)).AsObject();

        // Assert
        Assert.Equal(first.Id, one["request_context"]!["user_id"]!.GetValue<string>());
        Assert.Equal(second.Id, two["request_context"]!["user_id"]!.GetValue<string>());
        one.Remove("request_context");
        two.Remove("request_context");
        Assert.True(JsonNode.DeepEquals(one, two), "the gateway-wide part differs between callers");
    }

    [Theory]
    [InlineData("GSHEETS_CREDENTIALS_PATH")]
    [InlineData("GOOGLE_APPLICATION_CREDENTIALS_FILE")]
    [InlineData("TOKEN_CACHE_DIR")]
    [InlineData("OAUTH_TOKEN_URL")]
    [InlineData("api_key_path")]
    public async Task GetServer_EnvKeyNamingALocation_IsNotMasked(string envKey)
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        using var viewer = factory.ClientWithKey(await factory.CreateKeyAsync("viewer"));
        var name = RegistryApi.UniqueName("env-location");
        var body = ServerBodies.Stdio(name);
        body["mcp_config"]!["config"]!["env"]![envKey] = "/app/secrets/location.json";
        await admin.AddServerOkAsync(body);

        // Act
        var server = await viewer.GetServerOkAsync(name);

        // Assert
        var env = server["mcp_config"]!["config"]!["env"]!;
        Assert.Equal("/app/secrets/location.json", env[envKey]!.GetValue<string>());
        Assert.Equal(SecretRules.Mask, env["GITHUB_TOKEN"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GSHEETS_PATH_TOKEN")]
    [InlineData("SECRET_URL_SIGNING_KEY_SECRET")]
    [InlineData("CREDENTIALS_JSON")]
    public async Task GetServer_SecretKeyNotEndingInALocationSuffix_StaysMasked(string envKey)
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("env-secret");
        var body = ServerBodies.Stdio(name);
        body["mcp_config"]!["config"]!["env"]![envKey] = "real-secret-value";
        await admin.AddServerOkAsync(body);

        // Act
        var server = await admin.GetServerOkAsync(name);

        // Assert
        Assert.Equal(SecretRules.Mask, server["mcp_config"]!["config"]!["env"]![envKey]!.GetValue<string>());
    }

    [Fact]
    public async Task AddServer_OAuthEnabledWithoutClientId_Returns201AndKeepsOAuthAsGiven()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("oauth-pkce");
        var body = ServerBodies.Remote(name);
        var oauth = body["mcp_config"]!["oauth_config"]!.AsObject();
        oauth.Remove("OAUTH_CLIENT_ID");
        oauth.Remove("OAUTH_CLIENT_SECRET");
        oauth["OAUTH_GRANT_TYPE"] = "authorization_code";
        oauth["OAUTH_AUTHORIZATION_URL"] = "https://auth.example.com/authorize";
        oauth["OAUTH_USE_PKCE"] = true;

        // Act
        var created = await admin.AddServerOkAsync(body);

        // Assert
        var stored = created["mcp_config"]!["oauth_config"]!;
        Assert.Null(stored["OAUTH_CLIENT_ID"]);
        Assert.True(stored["OAUTH_USE_PKCE"]!.GetValue<bool>());
        Assert.Equal("https://auth.example.com/authorize", stored["OAUTH_AUTHORIZATION_URL"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"enabled": true, "OAUTH_GRANT_TYPE": "client_credentials"}""", "OAUTH_TOKEN_URL")]
    [InlineData("""{"enabled": true, "OAUTH_TOKEN_URL": "https://a.example/token"}""", "OAUTH_GRANT_TYPE")]
    [InlineData("""{"enabled": true, "OAUTH_GRANT_TYPE": "authorization_code", "OAUTH_TOKEN_URL": "https://a.example/token"}""", "OAUTH_AUTHORIZATION_URL")]
    public async Task AddServer_OAuthEnabledWithoutClientIdButMissingARequiredKey_Returns400NamingOnlyThatKey(string oauth, string missing)
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var body = new JsonObject
        {
            ["saved_name"] = RegistryApi.UniqueName("oauth-missing"),
            ["mcp_config"] = new JsonObject { ["config"] = new JsonObject { ["command"] = "npx" }, ["oauth_config"] = JsonNode.Parse(oauth) },
        };

        // Act
        var response = await admin.AddServerAsync(body);

        // Assert
        var problem = await ProblemAssert.AssertProblemAsync(response, HttpStatusCode.BadRequest, $"mcp_config.oauth_config.{missing}");
        Assert.Equal([$"mcp_config.oauth_config.{missing}"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task AddServer_DeniedToolWithPattern_Returns400SayingToUseName()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("denied-pattern");
        var body = ServerBodies.Stdio(name);
        body["mcp_config"]!["denied_tools"] = JsonNode.Parse("""["drop_*", {"pattern": "delete_*", "reason": "no destructive ops"}]""");

        // Act
        var response = await admin.AddServerAsync(body);

        // Assert
        const string path = "mcp_config.denied_tools[1].pattern";
        await ProblemAssert.AssertProblemAsync(response, HttpStatusCode.BadRequest, path);
        var message = Assert.Single((await response.ReadErrorsAsync())[path]);
        Assert.Contains("use 'name'", message, StringComparison.Ordinal);
        using var get = await admin.GetServerAsync(name);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task AddGateway_SavedNameInsteadOfGatewaySavedName_Returns400SayingWhichFieldItExpected()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("gw-saved-name");
        var body = new JsonObject { ["saved_name"] = name, ["servers_config"] = new JsonObject { ["common_overrides"] = new JsonObject(), ["servers"] = new JsonArray() } };

        // Act
        var response = await admin.AddGatewayAsync(body);

        // Assert
        await ProblemAssert.AssertProblemAsync(response, HttpStatusCode.BadRequest, "saved_name");
        var message = Assert.Single((await response.ReadErrorsAsync())["saved_name"]);
        Assert.Contains("expected 'gateway_saved_name'", message, StringComparison.Ordinal);
        await (await admin.GetGatewayAsync(name)).AssertStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AddServer_PublishedGoogleSheetsBody_IsAcceptedAsWritten()
    {
        // Arrange: the doc's body with a unique saved_name, so this test can run beside the compatibility suite.
        using var admin = factory.ClientWithKey();
        var body = EnkryptPublished.GoogleSheetsAddServer();
        body["saved_name"] = RegistryApi.UniqueName("google_sheets");

        // Act
        var response = await admin.AddServerAsync(body);

        // Assert
        await response.AssertStatusAsync(HttpStatusCode.Created);
        var stored = (await response.ReadJsonAsync())["data"]!["mcp_config"]!;
        Assert.Equal("/app/mcp-servers/google-sheets-mcp/dist/.gsheets-server-credentials.json", stored["config"]!["env"]!["GSHEETS_CREDENTIALS_PATH"]!.GetValue<string>());
        Assert.Equal("google_credentials_file", stored["oauth_config"]!["OAUTH_TOKEN_DELIVERY"]!.GetValue<string>());
    }
}
