using System.Net;
using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>
/// The one HTTP helper of the unit tests: every endpoint as a one-line call, so tests read as Arrange/Act/Assert and
/// not as HTTP plumbing. <c>XxxAsync</c> sends and returns the response; <c>XxxOkAsync</c> also fails the test unless
/// the call succeeded and returns the JSON it answered. The class is split by area: servers and reviews (this file),
/// gateways, administration (users, keys, settings) and interoperability.
/// </summary>
public static partial class RegistryApi
{
    public const string ServerHeader = "X-Enkrypt-MCP-Registry-Server";
    public const string ServerVersionHeader = "X-Enkrypt-MCP-Registry-Server-Version";
    public const string GatewayHeader = "X-Enkrypt-MCP-Gateway";
    public const string GatewayVersionHeader = "X-Enkrypt-MCP-Gateway-Version";

    public const string AddServerPath = "/mcp-registry/add-server";
    public const string BulkAddPath = "/mcp-registry/bulk-add-servers";
    public const string GetServerPath = "/mcp-registry/get-server";
    public const string ModifyServerPath = "/mcp-registry/modify-server";
    public const string DeleteServerPath = "/mcp-registry/delete-server";
    public const string ListServersPath = "/mcp-registry/list-servers";
    public const string ListGatewaysPath = "/mcp-registry/list-gateways-by-server";
    public const string ReviewServerPath = "/mcp-registry/review-server";
    public const string ServerHistoryPath = "/mcp-registry/server-history";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>A saved_name no other test uses: <paramref name="prefix"/> plus 12 random hex digits.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>
    /// Fails with the body in the message unless the status is <paramref name="expected"/>; returns the JSON body
    /// (an empty object when the answer has no JSON body).
    /// </summary>
    public static async Task<JsonNode> AssertStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        var isJson = response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.OrdinalIgnoreCase) == true;
        return text.Length == 0 || !isJson ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static Task<HttpResponseMessage> AddServerAsync(this HttpClient client, JsonNode body) =>
        client.PostAsync(AddServerPath, HttpTestExtensions.Json(body), Ct);

    public static Task<HttpResponseMessage> AddServerAsync(this HttpClient client, string json) =>
        client.PostAsync(AddServerPath, HttpTestExtensions.Json(json), Ct);

    /// <summary>Adds a server and fails the test unless it is created; returns <c>data</c>.</summary>
    public static async Task<JsonObject> AddServerOkAsync(this HttpClient client, JsonNode body)
    {
        using var response = await client.AddServerAsync(body);
        return (await response.AssertStatusAsync(HttpStatusCode.Created))["data"]!.AsObject();
    }

    public static Task<HttpResponseMessage> BulkAddAsync(this HttpClient client, JsonNode body, string query = "") =>
        client.PostAsync(BulkAddPath + query, HttpTestExtensions.Json(body), Ct);

    public static Task<HttpResponseMessage> BulkAddServersAsync(this HttpClient client, params JsonObject[] servers) =>
        client.BulkAddAsync(BulkBody(servers));

    public static JsonObject BulkBody(params JsonNode[] servers) => new() { ["servers"] = new JsonArray(servers) };

    public static Task<HttpResponseMessage> GetServerAsync(this HttpClient client, string savedName, string? version = null) =>
        client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Get, GetServerPath).WithServer(savedName, version));

    /// <summary>Reads a server and fails the test unless it is found; returns the whole body.</summary>
    public static async Task<JsonObject> GetServerOkAsync(this HttpClient client, string savedName, string? version = null)
    {
        using var response = await client.GetServerAsync(savedName, version);
        return (await response.AssertStatusAsync(HttpStatusCode.OK)).AsObject();
    }

    public static Task<HttpResponseMessage> ModifyServerAsync(this HttpClient client, string savedName, JsonNode patch, string? version = null, string? ifMatch = null) =>
        client.ModifyServerAsync(savedName, patch.ToJsonString(), version, ifMatch);

    public static Task<HttpResponseMessage> ModifyServerAsync(this HttpClient client, string savedName, string patchJson, string? version = null, string? ifMatch = null) =>
        client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Patch, ModifyServerPath).WithServer(savedName, version).WithJson(patchJson).WithOptionalIfMatch(ifMatch));

    /// <summary>Modifies a server and fails the test unless it answers 200; returns <c>data</c>.</summary>
    public static async Task<JsonNode> ModifyServerOkAsync(this HttpClient client, string savedName, JsonObject patch)
    {
        using var response = await client.ModifyServerAsync(savedName, patch);
        return (await response.AssertStatusAsync(HttpStatusCode.OK))["data"]!;
    }

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

    public static Task<HttpResponseMessage> DeleteServerAsync(this HttpClient client, string savedName, string? version = null, string? ifMatch = null) =>
        client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Delete, DeleteServerPath).WithServer(savedName, version).WithOptionalIfMatch(ifMatch));

    public static Task<HttpResponseMessage> ListServersAsync(this HttpClient client, string query = "") =>
        client.GetAsync(ListServersPath + query, Ct);

    /// <summary>Lists servers and fails the test unless the list answers 200.</summary>
    public static async Task<JsonObject> ListServersOkAsync(this HttpClient client, string query = "")
    {
        using var response = await client.ListServersAsync(query);
        return (await response.AssertStatusAsync(HttpStatusCode.OK)).AsObject();
    }

    /// <summary>The saved_name of each item of a list envelope, in order.</summary>
    public static List<string> SavedNames(this JsonObject listEnvelope) =>
        listEnvelope["data"]!.AsArray().Select(s => s!["saved_name"]!.GetValue<string>()).ToList();

    public static int Total(this JsonObject listEnvelope) => listEnvelope["pagination"]!["total"]!.GetValue<int>();

    public static Task<HttpResponseMessage> ListGatewaysByServerAsync(this HttpClient client, string savedName, string? version = null) =>
        client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Get, ListGatewaysPath).WithServer(savedName, version));

    public static Task<HttpResponseMessage> ReviewServerAsync(this HttpClient client, string savedName, string decision, string? note = null, string? ifMatch = null, string? version = null)
    {
        var body = new JsonObject { ["decision"] = decision };
        if (note is not null)
        {
            body["note"] = note;
        }

        return client.ReviewServerRawAsync(savedName, body.ToJsonString(), ifMatch, version);
    }

    /// <summary>review-server with a body as given; <paramref name="savedName"/> null sends no server header.</summary>
    public static Task<HttpResponseMessage> ReviewServerRawAsync(this HttpClient client, string? savedName, string json, string? ifMatch = null, string? version = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ReviewServerPath).WithJson(json).WithOptionalIfMatch(ifMatch);
        return client.SendDisposingAsync(savedName is null ? request : request.WithServer(savedName, version));
    }

    /// <summary>Reviews and fails the test unless it answers 200; returns <c>data</c>.</summary>
    public static async Task<JsonNode> ReviewServerOkAsync(this HttpClient client, string savedName, string decision, string? note = null, string? version = null)
    {
        using var response = await client.ReviewServerAsync(savedName, decision, note, version: version);
        return (await response.AssertStatusAsync(HttpStatusCode.OK))["data"]!;
    }

    /// <summary>Approves the pending revision of a server (the caller must not be its author); fails the test unless it answers 200.</summary>
    public static Task ApproveAsync(this HttpClient reviewer, string savedName, string? version = null) =>
        reviewer.ReviewServerOkAsync(savedName, "approve", version: version);

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

        var request = new HttpRequestMessage(HttpMethod.Get, ServerHistoryPath + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty));
        return client.SendDisposingAsync(savedName is null ? request : request.WithServer(savedName));
    }

    public static string Str(this JsonNode? node) => node!.GetValue<string>();

    private static HttpRequestMessage WithOptionalIfMatch(this HttpRequestMessage request, string? ifMatch) =>
        ifMatch is null ? request : request.WithIfMatch(ifMatch);

    private static async Task<HttpResponseMessage> SendDisposingAsync(this HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            return await client.SendAsync(request, Ct);
        }
    }
}
