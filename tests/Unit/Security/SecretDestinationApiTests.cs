using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Security;

/// <summary>Issue 8 finding 3: a masked secret never follows a new destination (API.md §2.3).</summary>
public sealed class SecretDestinationApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.ClientWithKey();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task<string> RawRowAsync(string savedName)
    {
        await using var connection = new SqliteConnection(factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT McpConfigJson || '|' || Revision FROM registry_servers WHERE SavedName = $name";
        command.Parameters.AddWithValue("$name", savedName);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>(how the masked read is edited, the fields that must be refused).</summary>
    public static TheoryData<string, string, string[]> MovedDestinations => new()
    {
        { "remote", "config.url=https://attacker.example/mcp", ["mcp_config.config.headers.Authorization"] },
        { "remote", "config.url=https://mcp.example.com:8443/mcp", ["mcp_config.config.headers.Authorization"] },
        { "remote", "config.url=http://mcp.example.com/mcp", ["mcp_config.config.headers.Authorization"] },
        { "remote", "oauth_config.OAUTH_TOKEN_URL=https://attacker.example/token", ["mcp_config.oauth_config.OAUTH_CLIENT_SECRET"] },
        { "remote", "oauth_config.OAUTH_AUTHORIZATION_URL=https://attacker.example/authorize", ["mcp_config.oauth_config.OAUTH_CLIENT_SECRET"] },
        { "remote", "oauth_config.OAUTH_REVOCATION_URL=https://attacker.example/revoke", ["mcp_config.oauth_config.OAUTH_CLIENT_SECRET"] },
        { "stdio", "config.command=/tmp/exfiltrate", ["mcp_config.config.env.GITHUB_TOKEN"] },
    };

    private static JsonObject Body(string kind, string name) => kind == "stdio" ? ServerBodies.Stdio(name) : ServerBodies.Remote(name);

    private static void Set(JsonObject mcpConfig, string edit)
    {
        var (path, value) = (edit[..edit.IndexOf('=')], edit[(edit.IndexOf('=') + 1)..]);
        var segments = path.Split('.');
        var parent = segments[..^1].Aggregate((JsonNode)mcpConfig, (node, key) => node[key]!);
        parent[segments[^1]] = value;
    }

    [Theory]
    [MemberData(nameof(MovedDestinations))]
    public async Task ModifyServer_MaskWhileItsDestinationMoves_Returns400NamingTheSecretAndStoresNothing(string kind, string edit, string[] refused)
    {
        var name = RegistryApi.UniqueName("dest");
        await _client.AddServerOkAsync(Body(kind, name));
        var before = await RawRowAsync(name);
        var mcpConfig = (await _client.GetServerOkAsync(name))["mcp_config"]!.DeepClone().AsObject();
        Set(mcpConfig, edit);

        using var response = await _client.ModifyServerAsync(name, new JsonObject { ["mcp_config"] = mcpConfig });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, refused);
        foreach (var path in refused)
        {
            Assert.Contains(SecretDestinations.Message, problem["errors"]![path]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await RawRowAsync(name));
    }

    [Fact]
    public async Task ModifyServer_DestinationMovesAndSecretEnteredAgain_IsStored()
    {
        var name = RegistryApi.UniqueName("dest-ok");
        await _client.AddServerOkAsync(ServerBodies.Remote(name));
        var mcpConfig = (await _client.GetServerOkAsync(name))["mcp_config"]!.DeepClone().AsObject();
        mcpConfig["config"]!["url"] = "https://mcp2.example.com/mcp";
        mcpConfig["config"]!["headers"]!["Authorization"] = "Bearer new-host-token";

        using var response = await _client.ModifyServerAsync(name, new JsonObject { ["mcp_config"] = mcpConfig });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await response.ReadJsonAsync())["data"]!;
        Assert.Equal("https://mcp2.example.com/mcp", data["mcp_config"]!["config"]!["url"]!.GetValue<string>());
        Assert.Equal(SecretRules.Mask, data["mcp_config"]!["config"]!["headers"]!["Authorization"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModifyServer_OnlyThePathOfTheUrlChanges_MaskKeepsTheSecret()
    {
        var name = RegistryApi.UniqueName("dest-path");
        await _client.AddServerOkAsync(ServerBodies.Remote(name));
        var mcpConfig = (await _client.GetServerOkAsync(name))["mcp_config"]!.DeepClone().AsObject();
        mcpConfig["config"]!["url"] = "https://MCP.example.com:443/v2/mcp";

        using var response = await _client.ModifyServerAsync(name, new JsonObject { ["mcp_config"] = mcpConfig });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/v2/mcp", await RawRowAsync(name), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModifyServer_UrlMovesAndTheOAuthSectionIsLeftOutOfThePatch_StoredClientSecretIsRefusedToo()
    {
        // No token URL: the client secret goes to the server's own URL. Leaving oauth_config out of the patch keeps it
        // whole, which must not carry the stored secret to the new host any more than a mask would.
        var name = RegistryApi.UniqueName("dest-kept");
        var body = ServerBodies.Remote(name);
        body["mcp_config"]!["oauth_config"] = new JsonObject { ["enabled"] = false, ["OAUTH_CLIENT_ID"] = "cid", ["OAUTH_CLIENT_SECRET"] = "stored-client-secret" };
        await _client.AddServerOkAsync(body);
        var before = await RawRowAsync(name);
        var config = (await _client.GetServerOkAsync(name))["mcp_config"]!["config"]!.DeepClone().AsObject();
        config["url"] = "https://attacker.example/mcp";
        config["headers"]!["Authorization"] = "Bearer typed-again";

        using var response = await _client.ModifyServerAsync(name, new JsonObject { ["mcp_config"] = new JsonObject { ["config"] = config } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, ["mcp_config.oauth_config.OAUTH_CLIENT_SECRET"]);
        Assert.Contains(SecretDestinations.Message, problem["errors"]!["mcp_config.oauth_config.OAUTH_CLIENT_SECRET"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await RawRowAsync(name));
    }
}
