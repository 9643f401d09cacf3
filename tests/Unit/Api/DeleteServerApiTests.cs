using System.Net;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class DeleteServerApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.ClientWithKey();

    private async Task<string> AddAsync(string prefix)
    {
        var name = RegistryApi.UniqueName(prefix);
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));
        return name;
    }

    [Fact]
    public async Task DeleteServer_ActiveServer_Returns200WithIsActiveFalse()
    {
        var name = await AddAsync("del");

        using var response = await _client.DeleteServerAsync(name);
        var json = (await response.ReadJsonAsync()).AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["message", "data"], json.Select(p => p.Key));
        Assert.False(json["data"]!["is_active"]!.GetValue<bool>());
        Assert.Equal(2, json["data"]!["revision"]!.GetValue<int>());
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.False((await _client.GetServerOkAsync(name))["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DeleteServer_Twice_Returns409()
    {
        var name = await AddAsync("deltwice");
        using (var first = await _client.DeleteServerAsync(name))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var response = await _client.DeleteServerAsync(name);

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, (await _client.GetServerOkAsync(name))["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task DeleteServer_IfMatchMismatch_Returns412AndKeepsServerActive()
    {
        var name = await AddAsync("delifmatch");

        using var response = await _client.DeleteServerAsync(name, ifMatch: "\"5\"");

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.True((await _client.GetServerOkAsync(name))["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DeleteServer_IfMatchMatches_Returns200()
    {
        var name = await AddAsync("delifok");

        using var response = await _client.DeleteServerAsync(name, ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.False((await _client.GetServerOkAsync(name))["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DeleteServer_UnknownServer_Returns404()
    {
        using var response = await _client.DeleteServerAsync(RegistryApi.UniqueName("delnobody"));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteServer_MissingServerHeader_Returns400()
    {
        using var response = await _client.DeleteAsync(RegistryApi.DeleteServerPath, Xunit.TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server");
    }

    [Fact]
    public async Task DeleteServer_OneVersion_LeavesTheOtherActive()
    {
        var name = RegistryApi.UniqueName("delvers");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name, "v1"));
        await _client.AddServerOkAsync(ServerBodies.Stdio(name, "v2"));

        using var response = await _client.DeleteServerAsync(name, "v2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await _client.GetServerOkAsync(name, "v1"))["is_active"]!.GetValue<bool>());
        Assert.False((await _client.GetServerOkAsync(name, "v2"))["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DeleteServer_EditorKey_Returns200()
    {
        var name = await AddAsync("deleditor");
        using var editor = factory.ClientWithKey(await factory.CreateKeyAsync("editor"));

        using var response = await editor.DeleteServerAsync(name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("editor-", (await _client.GetServerOkAsync(name))["deleted_by"].Str(), StringComparison.Ordinal);
    }
}
