using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>The interoperability endpoints (API.md §8): the MCP registry v0.1 read API, import and export.</summary>
public static partial class RegistryApi
{
    public const string ImportPath = "/mcp-registry/import-servers";

    private static readonly string[] Secrets = ["ghp_super_secret_value", "remote-secret-token", "oauth-client-secret-value", "ghp_unreviewed_value", "********"];

    /// <summary>GET on a v0.1 path; the raw body is kept so tests can assert over the bytes.</summary>
    public static async Task<(HttpStatusCode Status, string Raw, JsonNode? Json)> V01Async(this HttpClient client, string pathAndQuery)
    {
        using var response = await client.GetAsync(pathAndQuery, Ct);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, raw, raw.Length == 0 ? null : JsonNode.Parse(raw));
    }

    public static Task<HttpResponseMessage> ImportAsync(this HttpClient client, JsonNode body, bool dryRun = false) =>
        client.PostAsync(ImportPath + (dryRun ? "?dry_run=true" : string.Empty), HttpTestExtensions.Json(body), Ct);

    public static async Task<(HttpStatusCode Status, string Raw)> ExportServerAsync(this HttpClient client, string savedName, string format, string? version = null)
    {
        using var response = await client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Get, $"/mcp-registry/export-server?format={format}").WithServer(savedName, version));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    public static async Task<(HttpStatusCode Status, string Raw)> ExportGatewayAsync(this HttpClient client, string gatewayName, string format)
    {
        using var response = await client.SendDisposingAsync(new HttpRequestMessage(HttpMethod.Get, $"/mcp-gateway/export-gateway?format={format}").WithGateway(gatewayName));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Fails when any of the secret values of <see cref="ServerBodies"/> (or the mask) appears in the raw bytes.</summary>
    public static void AssertNoSecret(string raw, params string[] alsoForbidden)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);
        foreach (var secret in Secrets.Concat(alsoForbidden))
        {
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"'{secret}' appears in the response: {raw}");
        }
    }
}
