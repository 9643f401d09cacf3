using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Enkrypt;

/// <summary>A key as the runtime holds it, with the id and name the API gave it.</summary>
public sealed record IssuedKey(string Key, string Id, string Name, string Role);

/// <summary>The calls Enkrypt's runtime makes, with the headers it sends (auth provider and playground registry client).</summary>
public static class EnkryptHttp
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Creates a key through the admin API and keeps its id and name (what <c>request_context</c> must name).</summary>
    public static async Task<IssuedKey> IssueKeyAsync(this ApiFactory factory, string role)
    {
        using var admin = factory.ClientWithKey();
        var data = await admin.CreateApiKeyOkAsync(role, name: $"enkrypt-{role}-{Guid.NewGuid():N}"[..24]);
        return new IssuedKey(data["key"]!.GetValue<string>(), data["id"]!.GetValue<string>(), data["name"]!.GetValue<string>(), role);
    }

    /// <summary>
    /// <c>GET /mcp-gateway/get-gateway-config</c> as the auth provider sends it: <c>apikey</c>, gateway name and version,
    /// and <c>X-Enkrypt-Project</c> when its config names a project (Enkrypt's default: <c>default</c>).
    /// </summary>
    public static async Task<JsonNode> FetchGatewayConfigAsync(this HttpClient client, string gateway, string? project = "default")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mcp-gateway/get-gateway-config");
        request.Headers.Add("X-Enkrypt-MCP-Gateway", gateway);
        request.Headers.Add("X-Enkrypt-MCP-Gateway-Version", "v1");
        if (project is not null)
        {
            request.Headers.Add("X-Enkrypt-Project", project);
        }

        var response = await client.SendAsync(request, Ct);
        await response.AssertStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    /// <summary><c>GET /mcp-registry/get-server</c> as the playground's registry client sends it (every header, defaults <c>default</c>).</summary>
    public static async Task<HttpResponseMessage> FetchRegistryServerAsync(this HttpClient client, string savedName, string project = "default")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mcp-registry/get-server");
        request.Headers.Add("X-Enkrypt-MCP-Registry-Server", savedName);
        request.Headers.Add("X-Enkrypt-MCP-Registry-Server-Version", "v1");
        request.Headers.Add("X-Enkrypt-MCP-Registry", "default");
        request.Headers.Add("X-Enkrypt-Project", project);
        request.Headers.Add("Accept", "application/json");
        return await client.SendAsync(request, Ct);
    }

    /// <summary>get-server as the playground sends it; fails the test unless it answers 200.</summary>
    public static async Task<JsonNode> FetchRegistryServerOkAsync(this HttpClient client, string savedName)
    {
        var response = await client.FetchRegistryServerAsync(savedName);
        await response.AssertStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }
}
