using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Tests.Unit.Infrastructure;
using static RegistryConsole.Tests.Unit.Infrastructure.GatewayBodies;

namespace RegistryConsole.Tests.Unit.Enkrypt;

/// <summary>
/// The compatibility suite of issue 10: Enkrypt's published request bodies replayed unchanged, and, field by field,
/// what Enkrypt's runtime (both generations of its mapper, and its playground) reads from our get-gateway-config and
/// get-server answers, in the names and nesting of the real-cloud response it was written against.
/// </summary>
public sealed class EnkryptCompatibilityTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string ServerTools = "server_tools_guardrails_config";

    [Fact]
    public async Task GoogleSheetsDocBodies_ReplayedAsWritten_RuntimeCanStartTheServer()
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        await admin.DisableApprovalAsync();
        var runtimeKey = await factory.IssueKeyAsync("runtime");
        var viewerKey = await factory.IssueKeyAsync("viewer");
        using var runtime = factory.ClientWithKey(runtimeKey.Key);
        using var viewer = factory.ClientWithKey(viewerKey.Key);
        var gateway = RegistryApi.UniqueName("demo_mcp_gateway");
        await admin.AddGatewayOkAsync(Gateway(gateway));

        // Act
        var added = await admin.AddServerAsync(EnkryptPublished.GoogleSheetsAddServer());
        var attached = await admin.ModifyGatewayAsync(gateway, EnkryptPublished.GoogleSheetsAttach());
        var config = await runtime.FetchGatewayConfigAsync(gateway);
        var asRuntime = await runtime.FetchRegistryServerOkAsync("google_sheets");
        var asViewer = await viewer.FetchRegistryServerOkAsync("google_sheets");

        // Assert: both published bodies are accepted as written.
        await added.AssertStatusAsync(HttpStatusCode.Created);
        await attached.AssertStatusAsync(HttpStatusCode.OK);

        // Assert: the auth provider keeps the server and gets what it starts and authorises it with.
        var server = Assert.Single(EnkryptRuntimeView.RunnableServers(config));
        Assert.Equal("google_sheets", server["saved_name"]!.GetValue<string>());
        Assert.Equal("Google Sheets MCP (mkummer225) - gateway-managed Google OAuth via credentials file", server["description"]!.GetValue<string>());
        var (command, args, env) = EnkryptRuntimeView.StdioLaunch(server);
        Assert.Equal("node", command);
        Assert.Equal(["/app/mcp-servers/google-sheets-mcp/dist/index.js"], args);
        Assert.Equal("/app/mcp-servers/google-sheets-mcp/dist/.gsheets-server-credentials.json", env["GSHEETS_CREDENTIALS_PATH"]);
        Assert.Equal("/app/mcp-servers/google-sheets-mcp/dist/gcp-oauth.keys.json", env["GSHEETS_OAUTH_PATH"]);
        var oauth = server["mcp_config"]!["oauth_config"]!;
        Assert.True(oauth["enabled"]!.GetValue<bool>());
        Assert.Equal("authorization_code", oauth["OAUTH_GRANT_TYPE"]!.GetValue<string>());
        Assert.Equal("google_credentials_file", oauth["OAUTH_TOKEN_DELIVERY"]!.GetValue<string>());
        Assert.True(oauth["OAUTH_USE_PKCE"]!.GetValue<bool>());
        Assert.Equal("offline", oauth["OAUTH_ADDITIONAL_PARAMS"]!["access_type"]!.GetValue<string>());
        Assert.Null(oauth["OAUTH_CLIENT_ID"]);
        Assert.Equal("{}", server["mcp_config"]!["tools"]!.ToJsonString());

        // Assert: the playground starts the server from get-server, for the runtime key; locations are no secrets to anyone.
        foreach (var fetched in new[] { asRuntime, asViewer })
        {
            Assert.True(fetched["is_active"]!.GetValue<bool>());
            Assert.Equal("google_sheets", fetched["saved_name"]!.GetValue<string>());
            Assert.Equal("v1", fetched["server_version"]!.GetValue<string>());
            Assert.Equal("default", fetched["registry_name"]!.GetValue<string>());
            Assert.Equal("default", fetched["project_name"]!.GetValue<string>());
            var launch = EnkryptRuntimeView.StdioLaunch(fetched);
            Assert.Equal("node", launch.Command);
            Assert.Equal(env, launch.Env);
        }
    }

    [Theory]
    [InlineData("runtime", true)]
    [InlineData("viewer", false)]
    public async Task CapturedCloudShape_GetGatewayConfig_ReadsFieldByFieldAsTheRuntimeMaps(string role, bool revealed)
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        await admin.DisableApprovalAsync();
        var key = await factory.IssueKeyAsync(role);
        using var client = factory.ClientWithKey(key.Key);
        var serverName = RegistryApi.UniqueName("my-filesystem-server");
        var gateway = RegistryApi.UniqueName("my-dev-gateway");
        await admin.AddServedServerAsync(EnkryptPublished.CapturedFilesystemServer(serverName));
        var added = await admin.AddGatewayOkAsync(Gateway(gateway));
        await admin.ModifyGatewayOkAsync(gateway, EnkryptPublished.CapturedGatewayOverrides(serverName));

        // Act
        var config = await client.FetchGatewayConfigAsync(gateway);

        // Assert: top level, as the mapper reads it (gateway_id, project_name, gateway identity).
        Assert.Equal(JsonValueKind.String, config["gateway_id"]!.GetValueKind());
        Assert.Equal(added["gateway_id"]!.GetValue<string>(), config["gateway_id"]!.GetValue<string>());
        Assert.Equal(gateway, config["gateway_saved_name"]!.GetValue<string>());
        Assert.Equal("v1", config["gateway_version"]!.GetValue<string>());
        Assert.Equal("default", config["project_name"]!.GetValue<string>());
        Assert.True(config["is_active"]!.GetValue<bool>());

        // Assert: request_context, every field the mapper promotes, with the values that identify this caller.
        var context = config["request_context"]!.AsObject();
        Assert.Equal(gateway, context["gateway_saved_name"]!.GetValue<string>());
        Assert.Equal("v1", context["gateway_version"]!.GetValue<string>());
        Assert.Equal("default", context["project_name"]!.GetValue<string>());
        Assert.Equal("default", context["registry_name"]!.GetValue<string>());
        Assert.Equal(key.Id, context["user_id"]!.GetValue<string>());
        Assert.Equal(key.Name, context["actioner"]!.GetValue<string>());
        Assert.True(context.ContainsKey("user_email") && context["user_email"] is null);
        Assert.True(context.ContainsKey("org_id") && context["org_id"] is null);

        // Assert: the server the runtime keeps, with the fields it copies.
        var server = Assert.Single(EnkryptRuntimeView.RunnableServers(config));
        Assert.Equal(serverName, server["saved_name"]!.GetValue<string>());
        Assert.Equal("@modelcontextprotocol/server-filesystem", server["server_name"]!.GetValue<string>());
        Assert.Equal("Updated filesystem access with enhanced security", server["description"]!.GetValue<string>());
        var (command, args, env) = EnkryptRuntimeView.StdioLaunch(server);
        Assert.Equal("npx", command);
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], args);
        Assert.Equal(revealed ? "fs-token-value-123" : SecretRules.Mask, env["FS_API_TOKEN"]);
        Assert.Equal("/tmp", env["FS_ROOT_DIR"]);

        // Assert: newer runtime: gateway_overrides wins for input, the gateway-wide key drives tool and server-info checks.
        var input = EnkryptRuntimeView.Guardrail(config, server, "input_guardrails_config")!;
        Assert.Equal("Updated Guardrail", input["guardrail_name"]!.GetValue<string>());
        Assert.Equal(["topic_detector", "nsfw", "keyword_detector"], input["block"]!.AsArray().Select(b => b!.GetValue<string>()));
        Assert.Equal("Updated Guardrail", server["gateway_overrides"]!["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());
        Assert.Null(EnkryptRuntimeView.Guardrail(config, server, "output_guardrails_config"));
        var serverTools = EnkryptRuntimeView.ServerToolsGuardrail(config)!;
        Assert.True(serverTools["enabled"]!.GetValue<bool>());
        Assert.Equal("Org Tool Guardrail", serverTools["guardrail_name"]!.GetValue<string>());
        Assert.Equal(["policy_violation"], serverTools["block"]!.AsArray().Select(b => b!.GetValue<string>()));

        // Assert: older runtime: the per-server tool guardrail of the registry and server-info validation as approved.
        var tool = EnkryptRuntimeView.Guardrail(config, server, "tool_guardrails_config")!;
        Assert.False(tool["enabled"]!.GetValue<bool>());
        Assert.True(EnkryptRuntimeView.ServerInfoValidation(config, server));
    }

    [Theory]
    [InlineData("runtime")]
    [InlineData("viewer")]
    public async Task OlderCommonToolGuardrailOnly_BothRuntimeGenerationsGetToolGuardrails(string role)
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        var key = await factory.IssueKeyAsync(role);
        using var client = factory.ClientWithKey(key.Key);
        var serverName = RegistryApi.UniqueName("older-tool");
        var gateway = RegistryApi.UniqueName("older-tool-gw");
        await admin.AddServedServerAsync(EnkryptPublished.CapturedFilesystemServer(serverName));
        await admin.AddGatewayOkAsync(Gateway(gateway, new JsonObject { ["tool_guardrails_config"] = Guardrail("Org Tool Guardrail", "policy_violation") }, Entry(serverName)));

        // Act
        var config = await client.FetchGatewayConfigAsync(gateway);

        // Assert
        var server = Assert.Single(EnkryptRuntimeView.RunnableServers(config));
        var older = EnkryptRuntimeView.Guardrail(config, server, "tool_guardrails_config")!;
        var newer = EnkryptRuntimeView.ServerToolsGuardrail(config)!;
        Assert.Equal("Org Tool Guardrail", older["guardrail_name"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(older, newer), $"older {older.ToJsonString()} newer {newer.ToJsonString()}");
        Assert.Null(server["mcp_config"]![ServerTools]);
    }

    [Theory]
    [InlineData("runtime", true)]
    [InlineData("viewer", false)]
    public async Task CapturedCloudShape_GetServer_PlaygroundReadsWhatItStarts(string role, bool revealed)
    {
        // Arrange
        using var admin = factory.ClientWithKey();
        await admin.DisableApprovalAsync();
        var key = await factory.IssueKeyAsync(role);
        using var client = factory.ClientWithKey(key.Key);
        var serverName = RegistryApi.UniqueName("playground-fs");
        await admin.AddServedServerAsync(EnkryptPublished.CapturedFilesystemServer(serverName));

        // Act
        var server = await client.FetchRegistryServerOkAsync(serverName);

        // Assert: the fields the playground's lookup record copies, with the types it expects.
        Assert.Equal(serverName, server["saved_name"]!.GetValue<string>());
        Assert.Equal("v1", server["server_version"]!.GetValue<string>());
        Assert.Equal("@modelcontextprotocol/server-filesystem", server["server_name"]!.GetValue<string>());
        Assert.Equal("Updated filesystem access with enhanced security", server["description"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, server["registry_id"]!.GetValueKind());
        Assert.Equal("default", server["registry_name"]!.GetValue<string>());
        Assert.Equal("default", server["project_name"]!.GetValue<string>());
        Assert.True(server["is_active"]!.GetValue<bool>());
        Assert.False(server["is_sample"]!.GetValue<bool>());
        Assert.Equal(JsonValueKind.String, server["created_at"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, server["updated_at"]!.GetValueKind());
        Assert.True(server.AsObject().ContainsKey("source_url") && server.AsObject().ContainsKey("source_version"));
        var (command, args, env) = EnkryptRuntimeView.StdioLaunch(server);
        Assert.Equal("npx", command);
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], args);
        Assert.Equal(revealed ? "fs-token-value-123" : SecretRules.Mask, env["FS_API_TOKEN"]);
        Assert.Equal("/tmp", env["FS_ROOT_DIR"]);
    }
}
