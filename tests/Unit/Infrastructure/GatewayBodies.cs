using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>Small gateway bodies for tests.</summary>
public static class GatewayBodies
{
    /// <summary>A name no other test of a shared factory uses: <paramref name="prefix"/> plus 8 hex characters.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>An add-gateway body referencing <paramref name="servers"/>, with empty common overrides unless given.</summary>
    public static JsonObject Gateway(string name, JsonObject? commonOverrides = null, params JsonObject[] servers) => new()
    {
        ["gateway_saved_name"] = name,
        ["description"] = $"Gateway {name} for tests",
        ["servers_config"] = new JsonObject
        {
            ["common_overrides"] = commonOverrides ?? new JsonObject(),
            ["servers"] = new JsonArray(servers.Select(s => (JsonNode)s).ToArray()),
        },
    };

    /// <summary>One <c>servers_config.servers</c> entry; <paramref name="overrides"/> are added after the name and version.</summary>
    public static JsonObject Entry(string savedName, JsonObject? overrides = null, string? version = null)
    {
        var entry = new JsonObject { ["saved_name"] = savedName };
        if (version is not null)
        {
            entry["server_version"] = version;
        }

        foreach (var (key, value) in overrides ?? [])
        {
            entry[key] = value?.DeepClone();
        }

        return entry;
    }

    /// <summary>An enabled guardrail config named <paramref name="name"/> blocking <paramref name="block"/>.</summary>
    public static JsonObject Guardrail(string name, params string[] block) => new()
    {
        ["enabled"] = true,
        ["guardrail_name"] = name,
        ["block"] = new JsonArray(block.Select(b => (JsonNode)JsonValue.Create(b)).ToArray()),
    };

    /// <summary>Overrides with only <c>input_guardrails_config</c> set.</summary>
    public static JsonObject InputOverride(string name, params string[] block) => new() { ["input_guardrails_config"] = Guardrail(name, block) };
}

/// <summary>Request helpers for the gateway endpoints and the registry calls the gateway tests need.</summary>
public static class GatewayHttp
{
    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    public static HttpRequestMessage WithGateway(this HttpRequestMessage request, string gatewayName, string? version = null)
    {
        request.Headers.Add("X-Enkrypt-MCP-Gateway", gatewayName);
        if (version is not null)
        {
            request.Headers.Add("X-Enkrypt-MCP-Gateway-Version", version);
        }

        return request;
    }

    /// <summary>
    /// Adds a server, approved at once, and fails the test unless it was created. Gateway tests are about overrides
    /// and expansion, so they run with approval not required; the review workflow has its own tests.
    /// </summary>
    public static async Task AddServedServerAsync(this HttpClient client, JsonObject body)
    {
        await DisableApprovalAsync(client);
        var response = await client.PostAsync("/mcp-registry/add-server", HttpTestExtensions.Json(body), Token);
        await EnsureStatusAsync(response, HttpStatusCode.Created);
    }

    /// <summary>Turns <c>require_approval</c> off (the client must hold an admin key), so every write is served at once.</summary>
    public static async Task DisableApprovalAsync(this HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/admin/project-settings").WithJson("""{"require_approval": false}""");
        var response = await client.SendAsync(request, Token);
        await EnsureStatusAsync(response, HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> AddGatewayAsync(this HttpClient client, JsonNode body) =>
        client.PostAsync("/mcp-gateway/add-gateway", HttpTestExtensions.Json(body), Token);

    /// <summary>Adds a gateway and fails the test unless it was created; returns the gateway object.</summary>
    public static async Task<JsonNode> AddGatewayOkAsync(this HttpClient client, JsonNode body)
    {
        var response = await client.AddGatewayAsync(body);
        await EnsureStatusAsync(response, HttpStatusCode.Created);
        return (await response.ReadJsonAsync())["data"]!;
    }

    public static Task<HttpResponseMessage> GetGatewayAsync(this HttpClient client, string gatewayName, string? version = null) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/mcp-gateway/get-gateway").WithGateway(gatewayName, version), Token);

    /// <summary>Reads a gateway and fails the test unless it is there.</summary>
    public static async Task<JsonNode> GetGatewayOkAsync(this HttpClient client, string gatewayName)
    {
        var response = await client.GetGatewayAsync(gatewayName);
        await EnsureStatusAsync(response, HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    public static Task<HttpResponseMessage> GetGatewayConfigAsync(this HttpClient client, string gatewayName) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/mcp-gateway/get-gateway-config").WithGateway(gatewayName), Token);

    /// <summary>Reads a gateway's expanded config and fails the test unless it is there.</summary>
    public static async Task<JsonNode> GetGatewayConfigOkAsync(this HttpClient client, string gatewayName)
    {
        var response = await client.GetGatewayConfigAsync(gatewayName);
        await EnsureStatusAsync(response, HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    public static Task<HttpResponseMessage> ModifyGatewayAsync(this HttpClient client, string gatewayName, JsonNode patch, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, "/mcp-gateway/modify-gateway").WithGateway(gatewayName).WithJson(patch.ToJsonString());
        return client.SendAsync(ifMatch is null ? request : request.WithIfMatch(ifMatch), Token);
    }

    /// <summary>Modifies a gateway and fails the test unless it answered 200; returns the gateway object.</summary>
    public static async Task<JsonNode> ModifyGatewayOkAsync(this HttpClient client, string gatewayName, JsonNode patch)
    {
        var response = await client.ModifyGatewayAsync(gatewayName, patch);
        await EnsureStatusAsync(response, HttpStatusCode.OK);
        return (await response.ReadJsonAsync())["data"]!;
    }

    public static Task<HttpResponseMessage> DeleteGatewayAsync(this HttpClient client, string gatewayName, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "/mcp-gateway/delete-gateway").WithGateway(gatewayName);
        return client.SendAsync(ifMatch is null ? request : request.WithIfMatch(ifMatch), Token);
    }

    public static Task<HttpResponseMessage> ListGatewaysAsync(this HttpClient client, string query = "") =>
        client.GetAsync("/mcp-gateway/list-gateways" + query, Token);

    public static Task<HttpResponseMessage> ModifyServerAsync(this HttpClient client, string savedName, JsonNode patch) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/mcp-registry/modify-server").WithServer(savedName).WithJson(patch.ToJsonString()), Token);

    public static Task<HttpResponseMessage> DeleteServerAsync(this HttpClient client, string savedName) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/mcp-registry/delete-server").WithServer(savedName), Token);

    public static Task<HttpResponseMessage> ListGatewaysByServerAsync(this HttpClient client, string savedName) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/mcp-registry/list-gateways-by-server").WithServer(savedName), Token);

    /// <summary>The <c>errors</c> member of a problem body, keyed by JSON path (empty when there is none).</summary>
    public static async Task<IReadOnlyDictionary<string, string[]>> ReadErrorsAsync(this HttpResponseMessage response)
    {
        var body = await response.ReadJsonAsync();
        return body["errors"] is JsonObject errors
            ? errors.ToDictionary(e => e.Key, e => e.Value!.AsArray().Select(m => m!.GetValue<string>()).ToArray())
            : new Dictionary<string, string[]>();
    }

    /// <summary>Fails with the response body in the message when the status is not <paramref name="expected"/>.</summary>
    public static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(Token);
            Assert.Fail($"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        }
    }

    /// <summary>Asserts a problem+json answer with <paramref name="status"/>; returns its body.</summary>
    public static async Task<JsonNode> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        await EnsureStatusAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadJsonAsync();
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        Assert.Equal((int)status, body["code"]!.GetValue<int>());
        return body;
    }
}

/// <summary>Reads rows straight from the test database, bypassing the app (to prove what a call did not write).</summary>
public static class RawRows
{
    /// <summary>Every column of every row <paramref name="sql"/> returns, one string per row, in query order.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        var token = Xunit.TestContext.Current.CancellationToken;
        await using var connection = TestProvider.Connect(connectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(token);
        while (await reader.ReadAsync(token))
        {
            var cells = Enumerable.Range(0, reader.FieldCount)
                .Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))}");
            rows.Add(string.Join("|", cells));
        }

        return rows;
    }
}
