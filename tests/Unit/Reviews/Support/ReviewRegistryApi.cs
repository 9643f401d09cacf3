using System.Net;
using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Reviews;

using RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>Calls of the registry, gateway and admin API used by the review and audit tests.</summary>
public static class RegistryApi
{
    public const string ServerHeader = "X-Enkrypt-MCP-Registry-Server";
    public const string GatewayHeader = "X-Enkrypt-MCP-Gateway";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> AddServerAsync(this HttpClient client, JsonObject body) =>
        client.PostAsync("/mcp-registry/add-server", HttpTestExtensions.Json(body), Ct);

    /// <summary>Adds a server and fails the test unless it answers 201; returns <c>data</c>.</summary>
    public static async Task<JsonNode> AddServerOkAsync(this HttpClient client, JsonObject body)
    {
        var response = await client.AddServerAsync(body);
        return (await response.ExpectAsync(HttpStatusCode.Created))["data"]!;
    }

    public static Task<HttpResponseMessage> BulkAddServersAsync(this HttpClient client, params JsonObject[] bodies) =>
        client.PostAsync("/mcp-registry/bulk-add-servers", HttpTestExtensions.Json(new JsonObject { ["servers"] = new JsonArray(bodies) }), Ct);

    public static Task<HttpResponseMessage> ModifyServerAsync(this HttpClient client, string savedName, JsonObject patch, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, "/mcp-registry/modify-server").WithServer(savedName).WithJson(patch.ToJsonString());
        return client.SendDisposingAsync(ifMatch is null ? request : request.WithIfMatch(ifMatch));
    }

    /// <summary>Modifies a server and fails the test unless it answers 200; returns <c>data</c>.</summary>
    public static async Task<JsonNode> ModifyServerOkAsync(this HttpClient client, string savedName, JsonObject patch) =>
        (await (await client.ModifyServerAsync(savedName, patch)).ExpectAsync(HttpStatusCode.OK))["data"]!;

    /// <summary>A patch that replaces <c>mcp_config.config</c> with a stdio command (and nothing else).</summary>
    public static JsonObject CommandPatch(string command, params string[] args) => new()
    {
        ["mcp_config"] = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["command"] = command,
                ["args"] = new JsonArray(args.Select(a => (JsonNode)a).ToArray()),
                ["env"] = new JsonObject { ["LOG_LEVEL"] = "info", ["GITHUB_TOKEN"] = "ghp_super_secret_value" /* a new command: the secret is entered again (issue 8) */ },
            },
        },
    };

    public static Task<HttpResponseMessage> DeleteServerAsync(this HttpClient client, string savedName, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "/mcp-registry/delete-server").WithServer(savedName);
        return client.SendDisposingAsync(ifMatch is null ? request : request.WithIfMatch(ifMatch));
    }

    public static async Task<JsonNode> GetServerAsync(this HttpClient client, string savedName)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mcp-registry/get-server").WithServer(savedName);
        return await (await client.SendAsync(request, Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> ReviewServerAsync(this HttpClient client, string savedName, string decision, string? note = null, string? ifMatch = null)
    {
        var body = new JsonObject { ["decision"] = decision };
        if (note is not null)
        {
            body["note"] = note;
        }

        return client.ReviewServerRawAsync(savedName, body.ToJsonString(), ifMatch);
    }

    /// <summary>review-server with a body as given; <paramref name="savedName"/> null sends no server header.</summary>
    public static Task<HttpResponseMessage> ReviewServerRawAsync(this HttpClient client, string? savedName, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp-registry/review-server").WithJson(json);
        if (savedName is not null)
        {
            request.WithServer(savedName);
        }

        return client.SendDisposingAsync(ifMatch is null ? request : request.WithIfMatch(ifMatch));
    }

    /// <summary>Reviews and fails the test unless it answers 200; returns <c>data</c>.</summary>
    public static async Task<JsonNode> ReviewServerOkAsync(this HttpClient client, string savedName, string decision, string? note = null) =>
        (await (await client.ReviewServerAsync(savedName, decision, note)).ExpectAsync(HttpStatusCode.OK))["data"]!;

    /// <summary>server-history; <paramref name="savedName"/> null sends no server header.</summary>
    public static Task<HttpResponseMessage> ServerHistoryAsync(this HttpClient client, string? savedName, int? page = null, int? perPage = null)
    {
        var query = new List<string>();
        if (page is not null)
        {
            query.Add($"page={page}");
        }

        if (perPage is not null)
        {
            query.Add($"per_page={perPage}");
        }

        var request = new HttpRequestMessage(HttpMethod.Get, "/mcp-registry/server-history" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty));
        if (savedName is not null)
        {
            request.WithServer(savedName);
        }

        return client.SendDisposingAsync(request);
    }

    /// <summary>A gateway body referencing <paramref name="servers"/> (version v1) without overrides.</summary>
    public static JsonObject GatewayBody(string gatewayName, params string[] servers) => new()
    {
        ["gateway_saved_name"] = gatewayName,
        ["description"] = "Gateway for tests",
        ["servers_config"] = new JsonObject
        {
            ["common_overrides"] = new JsonObject(),
            ["servers"] = new JsonArray(servers.Select(s => (JsonNode)new JsonObject { ["saved_name"] = s }).ToArray()),
        },
    };

    public static Task<HttpResponseMessage> AddGatewayAsync(this HttpClient client, string gatewayName, params string[] servers) =>
        client.PostAsync("/mcp-gateway/add-gateway", HttpTestExtensions.Json(GatewayBody(gatewayName, servers)), Ct);

    public static Task<HttpResponseMessage> ModifyGatewayAsync(this HttpClient client, string gatewayName, JsonObject patch) =>
        client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Patch, "/mcp-gateway/modify-gateway").WithGateway(gatewayName).WithJson(patch.ToJsonString()));

    public static Task<HttpResponseMessage> DeleteGatewayAsync(this HttpClient client, string gatewayName) =>
        client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Delete, "/mcp-gateway/delete-gateway").WithGateway(gatewayName));

    /// <summary>get-gateway-config; fails the test unless it answers 200.</summary>
    public static async Task<JsonNode> GetGatewayConfigAsync(this HttpClient client, string gatewayName)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mcp-gateway/get-gateway-config").WithGateway(gatewayName);
        return await (await client.SendAsync(request, Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>The one expanded server named <paramref name="savedName"/> of a gateway config.</summary>
    public static JsonNode ExpandedServer(this JsonNode config, string savedName) =>
        Assert.Single(config["expanded_servers"]!.AsArray(), s => s!["saved_name"]!.GetValue<string>() == savedName)!;

    public static Task<HttpResponseMessage> GetSettingsAsync(this HttpClient client) =>
        client.GetAsync("/admin/project-settings", Ct);

    public static Task<HttpResponseMessage> PatchSettingsAsync(this HttpClient client, string json) =>
        client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Patch, "/admin/project-settings").WithJson(json));

    /// <summary>Changes project settings and fails the test unless it answers 200.</summary>
    public static async Task PatchSettingsOkAsync(this HttpClient client, string json) =>
        await (await client.PatchSettingsAsync(json)).ExpectAsync(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> CreateApiKeyAsync(this HttpClient client, string name, string role) =>
        client.PostAsync("/admin/api-keys", HttpTestExtensions.Json(new JsonObject { ["name"] = name, ["role"] = role }), Ct);

    public static Task<HttpResponseMessage> RevokeApiKeyAsync(this HttpClient client, string id) =>
        client.DeleteAsync($"/admin/api-keys?id={Uri.EscapeDataString(id)}", Ct);

    public static HttpRequestMessage WithGateway(this HttpRequestMessage request, string gatewayName)
    {
        request.Headers.Add(GatewayHeader, gatewayName);
        return request;
    }

    /// <summary>Fails with the body in the message unless the status is <paramref name="expected"/>; returns the JSON body.</summary>
    public static async Task<JsonNode> ExpectAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts a problem response with <paramref name="status"/> and returns its body.</summary>
    public static async Task<JsonNode> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        return body;
    }

    /// <summary>The keys of a problem's <c>errors</c> object (empty when it has none).</summary>
    public static IReadOnlyList<string> ErrorKeys(this JsonNode problem) =>
        (problem["errors"] as JsonObject)?.Select(p => p.Key).ToList() ?? [];

    private static async Task<HttpResponseMessage> SendDisposingAsync(this HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            return await client.SendAsync(request, Ct);
        }
    }
}
