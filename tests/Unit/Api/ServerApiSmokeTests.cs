using System.Net;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class ServerApiSmokeTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    [Fact]
    public async Task AddServer_ThenGet_ReturnsMaskedSecretAndETag()
    {
        using var client = _factory.ClientWithKey();
        var ct = Xunit.TestContext.Current.CancellationToken;

        var add = await client.PostAsync("/mcp-registry/add-server", HttpTestExtensions.Json(ServerBodies.Stdio("fs")), ct);
        Assert.Equal(HttpStatusCode.Created, add.StatusCode);

        using var get = new HttpRequestMessage(HttpMethod.Get, "/mcp-registry/get-server").WithServer("fs");
        var response = await client.SendAsync(get, ct);
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("********", body["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
        Assert.Equal("info", body["mcp_config"]!["config"]!["env"]!["LOG_LEVEL"]!.GetValue<string>());
    }

    public void Dispose() => _factory.Dispose();
}
