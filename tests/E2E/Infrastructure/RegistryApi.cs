using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.E2E.Infrastructure;

/// <summary>
/// The app's REST API, for seeding and checking what a flow does not do through the console. Every call names its key,
/// the admin key unless told otherwise, and fails loudly with the response body on an unexpected status.
/// </summary>
public sealed class RegistryApi(string baseUrl, string defaultKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A minimal stdio server body; <paramref name="extraMcpConfig"/> adds keys to <c>mcp_config</c>.</summary>
    public static JsonObject StdioServer(string savedName, string command = "uvx", string[]? args = null, string? description = null, JsonObject? extraMcpConfig = null)
    {
        var mcpConfig = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["command"] = command,
                ["args"] = new JsonArray((args ?? ["mcp-server-time==1.0.0"]).Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
            },
        };
        foreach (var (key, value) in extraMcpConfig ?? [])
        {
            mcpConfig[key] = value?.DeepClone();
        }

        return new JsonObject
        {
            ["saved_name"] = savedName,
            ["server_version"] = "v1",
            ["server_name"] = $"e2e/{savedName}",
            ["description"] = description ?? $"Seeded by the end-to-end tests ({savedName})",
            ["mcp_config"] = mcpConfig,
        };
    }

    public async Task<JsonObject> AddServerAsync(JsonObject body, string? key = null) =>
        (JsonObject)(await SendAsync(HttpMethod.Post, "mcp-registry/add-server", key, body, HttpStatusCode.Created))["data"]!;

    /// <summary>The server, or null when it does not exist (404).</summary>
    public async Task<JsonObject?> FindServerAsync(string savedName, string version = "v1", string? key = null)
    {
        using var request = Request(HttpMethod.Get, "mcp-registry/get-server", key);
        request.Headers.Add("X-Enkrypt-MCP-Registry-Server", savedName);
        request.Headers.Add("X-Enkrypt-MCP-Registry-Server-Version", version);
        using var response = await _http.SendAsync(request, Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return (JsonObject)await ReadAsync(response, HttpStatusCode.OK);
    }

    public async Task<JsonObject> GetServerAsync(string savedName, string version = "v1", string? key = null) =>
        await FindServerAsync(savedName, version, key) ?? throw new InvalidOperationException($"Server {savedName} {version} does not exist");

    public async Task<JsonObject> ModifyServerAsync(string savedName, JsonObject patch, string? key = null)
    {
        using var request = Request(HttpMethod.Patch, "mcp-registry/modify-server", key, patch);
        request.Headers.Add("X-Enkrypt-MCP-Registry-Server", savedName);
        using var response = await _http.SendAsync(request, Token);
        return (JsonObject)(await ReadAsync(response, HttpStatusCode.OK))["data"]!;
    }

    public async Task<JsonObject> ReviewServerAsync(string savedName, string decision, string note, string key)
    {
        using var request = Request(HttpMethod.Post, "mcp-registry/review-server", key, new JsonObject { ["decision"] = decision, ["note"] = note });
        request.Headers.Add("X-Enkrypt-MCP-Registry-Server", savedName);
        using var response = await _http.SendAsync(request, Token);
        return (JsonObject)(await ReadAsync(response, HttpStatusCode.OK))["data"]!;
    }

    /// <summary>Total servers whose saved_name, server_name or description contains <paramref name="search"/>, deleted ones too.</summary>
    public async Task<int> CountServersAsync(string search)
    {
        var list = await SendAsync(HttpMethod.Get, $"mcp-registry/list-servers?per_page=100&search={Uri.EscapeDataString(search)}", null, null, HttpStatusCode.OK);
        var active = list["pagination"]!["total"]!.GetValue<int>();
        var deleted = await SendAsync(HttpMethod.Get, $"mcp-registry/list-servers?per_page=100&is_active=false&search={Uri.EscapeDataString(search)}", null, null, HttpStatusCode.OK);
        return active + deleted["pagination"]!["total"]!.GetValue<int>();
    }

    public async Task<JsonObject> AddGatewayAsync(JsonObject body, string? key = null) =>
        (JsonObject)(await SendAsync(HttpMethod.Post, "mcp-gateway/add-gateway", key, body, HttpStatusCode.Created))["data"]!;

    public async Task<JsonObject> GetGatewayAsync(string gatewayName, string? key = null)
    {
        using var request = Request(HttpMethod.Get, "mcp-gateway/get-gateway", key);
        request.Headers.Add("X-Enkrypt-MCP-Gateway", gatewayName);
        using var response = await _http.SendAsync(request, Token);
        return (JsonObject)await ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>The expanded config a runtime gets (secrets revealed for the admin key).</summary>
    public async Task<JsonObject> GetGatewayConfigAsync(string gatewayName, string? key = null)
    {
        using var request = Request(HttpMethod.Get, "mcp-gateway/get-gateway-config", key);
        request.Headers.Add("X-Enkrypt-MCP-Gateway", gatewayName);
        using var response = await _http.SendAsync(request, Token);
        return (JsonObject)await ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Creates an API key with <paramref name="role"/> and returns the plain key (shown once).</summary>
    public async Task<string> CreateApiKeyAsync(string name, string role)
    {
        var created = await SendAsync(HttpMethod.Post, "admin/api-keys", ConsoleAppFactory.IssuerKey, new JsonObject { ["name"] = name, ["role"] = role }, HttpStatusCode.Created);
        return created["data"]!["key"]!.GetValue<string>();
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, string? key, JsonNode? body, HttpStatusCode expected)
    {
        using var request = Request(method, path, key, body);
        using var response = await _http.SendAsync(request, Token);
        return await ReadAsync(response, expected);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? key, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("apikey", key ?? defaultKey);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Token);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body");
    }

    public void Dispose() => _http.Dispose();
}
