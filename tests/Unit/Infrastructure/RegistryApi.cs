using System.Net;
using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>The registry endpoints as one-line calls, so tests read as Arrange/Act/Assert and not as HTTP plumbing.</summary>
public static class RegistryApi
{
    public const string AddServerPath = "/mcp-registry/add-server";
    public const string BulkAddPath = "/mcp-registry/bulk-add-servers";
    public const string GetServerPath = "/mcp-registry/get-server";
    public const string ModifyServerPath = "/mcp-registry/modify-server";
    public const string DeleteServerPath = "/mcp-registry/delete-server";
    public const string ListServersPath = "/mcp-registry/list-servers";
    public const string ListGatewaysPath = "/mcp-registry/list-gateways-by-server";
    public const string ApiKeysPath = "/admin/api-keys";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>A saved_name no other test uses: <paramref name="prefix"/> plus 12 random hex digits.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static Task<HttpResponseMessage> AddServerAsync(this HttpClient client, JsonNode body) =>
        client.PostAsync(AddServerPath, HttpTestExtensions.Json(body), Ct);

    public static Task<HttpResponseMessage> AddServerAsync(this HttpClient client, string json) =>
        client.PostAsync(AddServerPath, HttpTestExtensions.Json(json), Ct);

    /// <summary>Adds a server and fails the test unless it is created.</summary>
    public static async Task<JsonObject> AddServerOkAsync(this HttpClient client, JsonNode body)
    {
        using var response = await client.AddServerAsync(body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"add-server answered {(int)response.StatusCode}: {json.ToJsonString()}");
        return json["data"]!.AsObject();
    }

    public static Task<HttpResponseMessage> BulkAddAsync(this HttpClient client, JsonNode body, string query = "") =>
        client.PostAsync(BulkAddPath + query, HttpTestExtensions.Json(body), Ct);

    public static JsonObject BulkBody(params JsonNode[] servers) => new() { ["servers"] = new JsonArray(servers) };

    public static async Task<HttpResponseMessage> GetServerAsync(this HttpClient client, string savedName, string? version = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, GetServerPath).WithServer(savedName, version);
        return await client.SendAsync(request, Ct);
    }

    /// <summary>Reads a server and fails the test unless it is found.</summary>
    public static async Task<JsonObject> GetServerOkAsync(this HttpClient client, string savedName, string? version = null)
    {
        using var response = await client.GetServerAsync(savedName, version);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"get-server answered {(int)response.StatusCode}: {json.ToJsonString()}");
        return json.AsObject();
    }

    public static Task<HttpResponseMessage> ModifyServerAsync(this HttpClient client, string savedName, JsonNode patch, string? version = null, string? ifMatch = null) =>
        client.ModifyServerAsync(savedName, patch.ToJsonString(), version, ifMatch);

    public static async Task<HttpResponseMessage> ModifyServerAsync(this HttpClient client, string savedName, string patchJson, string? version = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, ModifyServerPath).WithServer(savedName, version).WithJson(patchJson);
        if (ifMatch is not null)
        {
            request.WithIfMatch(ifMatch);
        }

        return await client.SendAsync(request, Ct);
    }

    public static async Task<HttpResponseMessage> DeleteServerAsync(this HttpClient client, string savedName, string? version = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, DeleteServerPath).WithServer(savedName, version);
        if (ifMatch is not null)
        {
            request.WithIfMatch(ifMatch);
        }

        return await client.SendAsync(request, Ct);
    }

    public static Task<HttpResponseMessage> ListServersAsync(this HttpClient client, string query = "") =>
        client.GetAsync(ListServersPath + query, Ct);

    /// <summary>Lists servers and fails the test unless the list answers 200.</summary>
    public static async Task<JsonObject> ListServersOkAsync(this HttpClient client, string query = "")
    {
        using var response = await client.ListServersAsync(query);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"list-servers answered {(int)response.StatusCode}: {json.ToJsonString()}");
        return json.AsObject();
    }

    /// <summary>The saved_name of each item of a list envelope, in order.</summary>
    public static List<string> SavedNames(this JsonObject listEnvelope) =>
        listEnvelope["data"]!.AsArray().Select(s => s!["saved_name"]!.GetValue<string>()).ToList();

    public static int Total(this JsonObject listEnvelope) => listEnvelope["pagination"]!["total"]!.GetValue<int>();

    public static async Task<HttpResponseMessage> ListGatewaysByServerAsync(this HttpClient client, string savedName, string? version = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ListGatewaysPath).WithServer(savedName, version);
        return await client.SendAsync(request, Ct);
    }

    public static string Str(this JsonNode? node) => node!.GetValue<string>();
}
