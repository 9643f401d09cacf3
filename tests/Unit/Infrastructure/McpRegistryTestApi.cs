using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>The interoperability endpoints (API.md §8) as one-line calls.</summary>
public static class McpRegistryTestApi
{
    public const string ImportPath = "/mcp-registry/import-servers";

    private static readonly string[] Secrets = ["ghp_super_secret_value", "remote-secret-token", "oauth-client-secret-value", "ghp_unreviewed_value", "********"];

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>GET on a v0.1 path; the raw body is kept so tests can assert over the bytes.</summary>
    public static async Task<(HttpStatusCode Status, string Raw, JsonNode? Json)> V01Async(this HttpClient client, string pathAndQuery)
    {
        using var response = await client.GetAsync(pathAndQuery, Ct);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, raw, raw.Length == 0 ? null : JsonNode.Parse(raw));
    }

    /// <summary>Approves the pending revision of a server (the caller must not be its author).</summary>
    public static async Task ApproveAsync(this HttpClient reviewer, string savedName, string? version = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp-registry/review-server").WithServer(savedName, version).WithJson("""{"decision":"approve"}""");
        using var response = await reviewer.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"review-server answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
    }

    public static async Task PatchSettingsAsync(this HttpClient admin, JsonObject patch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/admin/project-settings") { Content = HttpTestExtensions.Json(patch) };
        using var response = await admin.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"project-settings answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
    }

    public static Task<HttpResponseMessage> ImportAsync(this HttpClient client, JsonNode body, bool dryRun = false) =>
        client.PostAsync(ImportPath + (dryRun ? "?dry_run=true" : string.Empty), HttpTestExtensions.Json(body), Ct);

    public static async Task<(HttpStatusCode Status, string Raw)> ExportServerAsync(this HttpClient client, string savedName, string format, string? version = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/mcp-registry/export-server?format={format}").WithServer(savedName, version);
        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    public static async Task<(HttpStatusCode Status, string Raw)> ExportGatewayAsync(this HttpClient client, string gatewayName, string format)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/mcp-gateway/export-gateway?format={format}");
        request.Headers.Add("X-Enkrypt-MCP-Gateway", gatewayName);
        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Fails when any of the secret values of <see cref="Bodies"/> (or the mask) appears in the raw bytes.</summary>
    public static void AssertNoSecret(string raw, params string[] alsoForbidden)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);
        foreach (var secret in Secrets.Concat(alsoForbidden))
        {
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"'{secret}' appears in the response: {raw}");
        }
    }
}
