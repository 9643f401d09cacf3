using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class SecretsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string EnvSecret = "ghp_env_secret_7c1d";
    private const string HeaderSecret = "Bearer header-secret-91f2";
    private const string ClientSecret = "oauth-client-secret-44aa";

    private readonly HttpClient _client = factory.ClientWithKey();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>A stdio server with an env secret and an OAuth client secret.</summary>
    private static JsonObject StdioWithSecrets(string name) => new()
    {
        ["saved_name"] = name,
        ["mcp_config"] = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["command"] = "npx",
                ["args"] = new JsonArray("-y", "server-github"),
                ["env"] = new JsonObject { ["LOG_LEVEL"] = "debug", ["GITHUB_TOKEN"] = EnvSecret },
            },
            ["oauth_config"] = new JsonObject
            {
                ["enabled"] = true,
                ["OAUTH_GRANT_TYPE"] = "client_credentials",
                ["OAUTH_CLIENT_ID"] = "client-public-id",
                ["OAUTH_CLIENT_SECRET"] = ClientSecret,
                ["OAUTH_TOKEN_URL"] = "https://auth.example.com/token",
            },
        },
    };

    /// <summary>A remote server with an Authorization header.</summary>
    private static JsonObject RemoteWithSecret(string name) => new()
    {
        ["saved_name"] = name,
        ["mcp_config"] = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["url"] = "https://mcp.example.com/mcp",
                ["type"] = "http",
                ["headers"] = new JsonObject { ["Authorization"] = HeaderSecret, ["Accept"] = "application/json" },
            },
        },
    };

    /// <summary>The stored <c>McpConfigJson</c> column, read straight from the database.</summary>
    private async Task<string> RawMcpConfigAsync(string savedName)
    {
        await using var connection = TestProvider.Connect(factory.ConnectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"McpConfigJson\" FROM registry_servers WHERE \"SavedName\" = @name";
        command.With("name", savedName);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>The stored mcp_config with its secrets decrypted by the app's own protector.</summary>
    private async Task<JsonObject> StoredPlainAsync(string savedName)
    {
        var protector = factory.Services.GetRequiredService<ISecretProtector>();
        return SecretRules.Revealed(JsonNode.Parse(await RawMcpConfigAsync(savedName))!.AsObject(), protector);
    }

    /// <summary>Every byte of the database file and its write-ahead log.</summary>
    private byte[] DatabaseFileBytes()
    {
        using var all = new MemoryStream();
        foreach (var path in new[] { factory.DatabasePath, factory.DatabasePath + "-wal" })
        {
            if (File.Exists(path))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                file.CopyTo(all);
            }
        }

        return all.ToArray();
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    [Fact]
    public async Task AddServer_Secrets_AreNotStoredInPlainText()
    {
        var stdio = RegistryApi.UniqueName("sec-stdio");
        var remote = RegistryApi.UniqueName("sec-remote");

        await _client.AddServerOkAsync(StdioWithSecrets(stdio));
        await _client.AddServerOkAsync(RemoteWithSecret(remote));

        var rawStdio = await RawMcpConfigAsync(stdio);
        var rawRemote = await RawMcpConfigAsync(remote);
        Assert.DoesNotContain(EnvSecret, rawStdio, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, rawStdio, StringComparison.Ordinal);
        Assert.DoesNotContain("header-secret-91f2", rawRemote, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretRules.Mask, rawStdio, StringComparison.Ordinal);
        Assert.Contains("\"LOG_LEVEL\":\"debug\"", rawStdio, StringComparison.Ordinal);
        Assert.Contains("client-public-id", rawStdio, StringComparison.Ordinal);
        Assert.Contains("\"Accept\":\"application/json\"", rawRemote, StringComparison.Ordinal);

        // The whole SQLite file and its log too (PostgreSQL keeps no file of its own to scan: the column checks above hold there).
        if (factory.DatabasePath.Length > 0)
        {
            var file = DatabaseFileBytes();
            Assert.True(Contains(file, "client-public-id"), "the scan would not find a stored value at all");
            Assert.False(Contains(file, EnvSecret), "the env secret is in the database file");
            Assert.False(Contains(file, ClientSecret), "the OAuth client secret is in the database file");
            Assert.False(Contains(file, "header-secret-91f2"), "the Authorization header is in the database file");
        }
    }

    [Fact]
    public async Task AddServer_Secrets_DecryptToTheValuesSent()
    {
        var stdio = RegistryApi.UniqueName("sec-dec");
        var remote = RegistryApi.UniqueName("sec-dec-r");
        await _client.AddServerOkAsync(StdioWithSecrets(stdio));
        await _client.AddServerOkAsync(RemoteWithSecret(remote));

        var plainStdio = await StoredPlainAsync(stdio);
        var plainRemote = await StoredPlainAsync(remote);

        Assert.True(JsonNode.DeepEquals(StdioWithSecrets(stdio)["mcp_config"], plainStdio));
        Assert.True(JsonNode.DeepEquals(RemoteWithSecret(remote)["mcp_config"], plainRemote));
    }

    [Fact]
    public async Task Responses_ShowSecretsMasked()
    {
        var stdio = RegistryApi.UniqueName("sec-mask");
        var remote = RegistryApi.UniqueName("sec-mask-r");

        var added = await _client.AddServerOkAsync(StdioWithSecrets(stdio));
        var addedRemote = await _client.AddServerOkAsync(RemoteWithSecret(remote));
        var read = await _client.GetServerOkAsync(stdio);
        var readRemote = await _client.GetServerOkAsync(remote);
        var listed = (await _client.ListServersOkAsync($"?search={stdio}"))["data"]![0]!;

        foreach (var server in new[] { added, read, listed })
        {
            Assert.Equal(SecretRules.Mask, server["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"].Str());
            Assert.Equal("debug", server["mcp_config"]!["config"]!["env"]!["LOG_LEVEL"].Str());
            Assert.Equal(SecretRules.Mask, server["mcp_config"]!["oauth_config"]!["OAUTH_CLIENT_SECRET"].Str());
            Assert.Equal("client-public-id", server["mcp_config"]!["oauth_config"]!["OAUTH_CLIENT_ID"].Str());
        }

        foreach (var server in new[] { addedRemote, readRemote })
        {
            Assert.Equal(SecretRules.Mask, server["mcp_config"]!["config"]!["headers"]!["Authorization"].Str());
            Assert.Equal("application/json", server["mcp_config"]!["config"]!["headers"]!["Accept"].Str());
        }
    }

    [Fact]
    public async Task GetServer_AdminKeySeesSecretsMasked_RuntimeKeyNeverGetsAMask()
    {
        // API.md §2.3 (changed by issue 10): get-server reveals secrets to runtime keys, and only what may run.
        var name = RegistryApi.UniqueName("sec-roles");
        await _client.AddServerOkAsync(StdioWithSecrets(name));
        using var runtime = factory.ClientWithKey(await factory.CreateKeyAsync("runtime"));

        var asAdmin = await _client.GetServerOkAsync(name);
        var asRuntime = await runtime.GetServerOkAsync(name);

        Assert.Equal(SecretRules.Mask, asAdmin["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"].Str());
        Assert.DoesNotContain(SecretRules.Mask, asRuntime.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DB_PASSWORD")]
    [InlineData("db_password")]
    [InlineData("MY_PASSWD")]
    [InlineData("OPENAI_API_KEY")]
    [InlineData("OpenAiApiKey")]
    [InlineData("SSH_PRIVATE_KEY")]
    [InlineData("AWS_CREDENTIALS")]
    [InlineData("CLIENT_SECRET_X")]
    [InlineData("refresh_token")]
    public async Task GetServer_EnvKeyNamingASecret_IsMasked(string envKey)
    {
        var name = RegistryApi.UniqueName("sec-env");
        var body = StdioWithSecrets(name);
        body["mcp_config"]!["config"]!["env"]![envKey] = "plain-value-123";

        await _client.AddServerOkAsync(body);
        var read = await _client.GetServerOkAsync(name);

        Assert.Equal(SecretRules.Mask, read["mcp_config"]!["config"]!["env"]![envKey].Str());
        Assert.DoesNotContain("plain-value-123", await RawMcpConfigAsync(name), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Proxy-Authorization")]
    [InlineData("authorization")]
    [InlineData("X-Api-Key")]
    [InlineData("X-Auth-Token")]
    public async Task GetServer_HeaderNamingASecret_IsMasked(string header)
    {
        var name = RegistryApi.UniqueName("sec-hdr");
        var body = RemoteWithSecret(name);
        body["mcp_config"]!["config"]!["headers"]![header] = "plain-header-456";

        await _client.AddServerOkAsync(body);
        var read = await _client.GetServerOkAsync(name);

        Assert.Equal(SecretRules.Mask, read["mcp_config"]!["config"]!["headers"]![header].Str());
        Assert.DoesNotContain("plain-header-456", await RawMcpConfigAsync(name), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModifyServer_MaskedConfigSentBack_KeepsStoredSecrets()
    {
        var name = RegistryApi.UniqueName("sec-roundtrip");
        await _client.AddServerOkAsync(StdioWithSecrets(name));
        var read = await _client.GetServerOkAsync(name);
        var config = read["mcp_config"]!["config"]!.DeepClone().AsObject();
        config["env"]!["LOG_LEVEL"] = "warn";
        var patch = new JsonObject { ["mcp_config"] = new JsonObject { ["config"] = config, ["oauth_config"] = read["mcp_config"]!["oauth_config"]!.DeepClone() } };

        using var response = await _client.ModifyServerAsync(name, patch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await StoredPlainAsync(name);
        Assert.Equal(EnvSecret, stored["config"]!["env"]!["GITHUB_TOKEN"].Str());
        Assert.Equal(ClientSecret, stored["oauth_config"]!["OAUTH_CLIENT_SECRET"].Str());
        Assert.Equal("warn", stored["config"]!["env"]!["LOG_LEVEL"].Str());
        Assert.Equal(["LOG_LEVEL", "GITHUB_TOKEN"], stored["config"]!["env"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task ModifyServer_MaskedRemoteHeaderSentBack_KeepsStoredSecret()
    {
        var name = RegistryApi.UniqueName("sec-rt-remote");
        await _client.AddServerOkAsync(RemoteWithSecret(name));
        var read = await _client.GetServerOkAsync(name);
        var config = read["mcp_config"]!["config"]!.DeepClone().AsObject();
        config["url"] = "https://mcp.example.com/v2/mcp";

        using var response = await _client.ModifyServerAsync(name, new JsonObject { ["mcp_config"] = new JsonObject { ["config"] = config } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await StoredPlainAsync(name);
        Assert.Equal(HeaderSecret, stored["config"]!["headers"]!["Authorization"].Str());
        Assert.Equal("https://mcp.example.com/v2/mcp", stored["config"]!["url"].Str());
    }

    [Fact]
    public async Task ModifyServer_WholeMaskedMcpConfigSentBackUnchanged_ChangesNothing()
    {
        var name = RegistryApi.UniqueName("sec-same");
        await _client.AddServerOkAsync(StdioWithSecrets(name));
        var read = await _client.GetServerOkAsync(name);

        using var response = await _client.ModifyServerAsync(name, new JsonObject { ["mcp_config"] = read["mcp_config"]!.DeepClone() });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await _client.GetServerOkAsync(name);
        Assert.Equal(1, after["revision"]!.GetValue<int>());
        var stored = await StoredPlainAsync(name);
        Assert.True(JsonNode.DeepEquals(StdioWithSecrets(name)["mcp_config"], stored));
    }

    [Fact]
    public async Task ModifyServer_NewSecretValue_ReplacesStoredSecret()
    {
        var name = RegistryApi.UniqueName("sec-new");
        await _client.AddServerOkAsync(StdioWithSecrets(name));
        var config = (await _client.GetServerOkAsync(name))["mcp_config"]!["config"]!.DeepClone().AsObject();
        config["env"]!["GITHUB_TOKEN"] = "ghp_rotated_value";

        using var response = await _client.ModifyServerAsync(name, new JsonObject { ["mcp_config"] = new JsonObject { ["config"] = config } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SecretRules.Mask, (await response.ReadJsonAsync())["data"]!["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"].Str());
        Assert.Equal("ghp_rotated_value", (await StoredPlainAsync(name))["config"]!["env"]!["GITHUB_TOKEN"].Str());
        Assert.DoesNotContain("ghp_rotated_value", await RawMcpConfigAsync(name), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModifyServer_MaskWhereNoSecretIsStored_Returns400AtThatPath()
    {
        var name = RegistryApi.UniqueName("sec-nomask");
        await _client.AddServerOkAsync(StdioWithSecrets(name));
        var config = (await _client.GetServerOkAsync(name))["mcp_config"]!["config"]!.DeepClone().AsObject();
        config["env"]!["NEW_API_TOKEN"] = SecretRules.Mask;

        using var response = await _client.ModifyServerAsync(name, new JsonObject { ["mcp_config"] = new JsonObject { ["config"] = config } });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "mcp_config.config.env.NEW_API_TOKEN");
        Assert.Equal(EnvSecret, (await StoredPlainAsync(name))["config"]!["env"]!["GITHUB_TOKEN"].Str());
    }

    [Theory]
    [InlineData("env")]
    [InlineData("header")]
    [InlineData("oauth")]
    public async Task AddServer_MaskInsteadOfSecret_Returns400(string where)
    {
        var name = RegistryApi.UniqueName("sec-addmask");
        var (body, path) = where switch
        {
            "env" => (StdioWithSecrets(name), "mcp_config.config.env.GITHUB_TOKEN"),
            "oauth" => (StdioWithSecrets(name), "mcp_config.oauth_config.OAUTH_CLIENT_SECRET"),
            _ => (RemoteWithSecret(name), "mcp_config.config.headers.Authorization"),
        };
        var segments = path.Split('.')[1..];
        var parent = segments[..^1].Aggregate(body["mcp_config"]!, (node, key) => node[key]!);
        parent[segments[^1]] = SecretRules.Mask;

        using var response = await _client.AddServerAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, path);
        using var get = await _client.GetServerAsync(name);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task ErrorResponses_NeverEchoASecret()
    {
        var body = StdioWithSecrets("bad name");
        body["mcp_config"]!["config"]!["env"]!["1BAD_TOKEN"] = "leak-me-if-you-can";

        using var response = await _client.AddServerAsync(body);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("leak-me-if-you-can", text, StringComparison.Ordinal);
        Assert.DoesNotContain(EnvSecret, text, StringComparison.Ordinal);
    }
}
