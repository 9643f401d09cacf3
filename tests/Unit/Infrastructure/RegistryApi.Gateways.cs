using System.Net;
using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>The gateway endpoints (<c>/mcp-gateway/*</c>) and the expanded-config reading the gateway tests need.</summary>
public static partial class RegistryApi
{
    public const string AddGatewayPath = "/mcp-gateway/add-gateway";
    public const string GetGatewayPath = "/mcp-gateway/get-gateway";
    public const string GetGatewayConfigPath = "/mcp-gateway/get-gateway-config";
    public const string ModifyGatewayPath = "/mcp-gateway/modify-gateway";
    public const string DeleteGatewayPath = "/mcp-gateway/delete-gateway";
    public const string ListAllGatewaysPath = "/mcp-gateway/list-gateways";

    /// <summary>
    /// Adds a server, approved at once, and fails the test unless it was created. Gateway tests are about overrides
    /// and expansion, so they run with approval not required; the review workflow has its own tests.
    /// </summary>
    public static async Task AddServedServerAsync(this HttpClient client, JsonObject body)
    {
        await client.DisableApprovalAsync();
        using var response = await client.AddServerAsync(body);
        await response.AssertStatusAsync(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> AddGatewayAsync(this HttpClient client, JsonNode body) =>
        client.PostAsync(AddGatewayPath, HttpTestExtensions.Json(body), Ct);

    /// <summary>Adds a gateway and fails the test unless it was created; returns the gateway object.</summary>
    public static async Task<JsonNode> AddGatewayOkAsync(this HttpClient client, JsonNode body)
    {
        using var response = await client.AddGatewayAsync(body);
        return (await response.AssertStatusAsync(HttpStatusCode.Created))["data"]!;
    }

    public static Task<HttpResponseMessage> GetGatewayAsync(this HttpClient client, string gatewayName, string? version = null) =>
        client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Get, GetGatewayPath).WithGateway(gatewayName, version));

    /// <summary>Reads a gateway and fails the test unless it is there; returns the whole body.</summary>
    public static async Task<JsonNode> GetGatewayOkAsync(this HttpClient client, string gatewayName)
    {
        using var response = await client.GetGatewayAsync(gatewayName);
        return await response.AssertStatusAsync(HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> GetGatewayConfigAsync(this HttpClient client, string gatewayName) =>
        client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Get, GetGatewayConfigPath).WithGateway(gatewayName));

    /// <summary>Reads a gateway's expanded config and fails the test unless it is there; returns the whole body.</summary>
    public static async Task<JsonNode> GetGatewayConfigOkAsync(this HttpClient client, string gatewayName)
    {
        using var response = await client.GetGatewayConfigAsync(gatewayName);
        return await response.AssertStatusAsync(HttpStatusCode.OK);
    }

    /// <summary>The one expanded server named <paramref name="savedName"/> of a gateway config.</summary>
    public static JsonNode ExpandedServer(this JsonNode config, string savedName) =>
        Assert.Single(config["expanded_servers"]!.AsArray(), s => s!["saved_name"]!.GetValue<string>() == savedName)!;

    public static Task<HttpResponseMessage> ModifyGatewayAsync(this HttpClient client, string gatewayName, JsonNode patch, string? ifMatch = null) =>
        client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Patch, ModifyGatewayPath).WithGateway(gatewayName).WithJson(patch.ToJsonString()).WithOptionalIfMatch(ifMatch));

    /// <summary>Modifies a gateway and fails the test unless it answered 200; returns the gateway object.</summary>
    public static async Task<JsonNode> ModifyGatewayOkAsync(this HttpClient client, string gatewayName, JsonNode patch)
    {
        using var response = await client.ModifyGatewayAsync(gatewayName, patch);
        return (await response.AssertStatusAsync(HttpStatusCode.OK))["data"]!;
    }

    public static Task<HttpResponseMessage> DeleteGatewayAsync(this HttpClient client, string gatewayName, string? ifMatch = null) =>
        client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Delete, DeleteGatewayPath).WithGateway(gatewayName).WithOptionalIfMatch(ifMatch));

    public static Task<HttpResponseMessage> ListGatewaysAsync(this HttpClient client, string query = "") =>
        client.GetAsync(ListAllGatewaysPath + query, Ct);
}
