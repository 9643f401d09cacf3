using System.Net;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class ListGatewaysByServerApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.ClientWithKey();

    [Fact]
    public async Task ListGatewaysByServer_ExistingServer_Returns200EmptyListEnvelope()
    {
        var name = RegistryApi.UniqueName("gw");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));

        using var response = await _client.ListGatewaysByServerAsync(name);
        var json = (await response.ReadJsonAsync()).AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["message", "data", "pagination"], json.Select(p => p.Key));
        Assert.Empty(json["data"]!.AsArray());
        Assert.Equal(1, json["pagination"]!["page"]!.GetValue<int>());
        Assert.Equal(20, json["pagination"]!["per_page"]!.GetValue<int>());
        Assert.Equal(0, json["pagination"]!["total"]!.GetValue<int>());
        Assert.Equal(0, json["pagination"]!["total_pages"]!.GetValue<int>());
    }

    [Fact]
    public async Task ListGatewaysByServer_DeletedServer_Returns200()
    {
        var name = RegistryApi.UniqueName("gwdel");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));
        using (var deleted = await _client.DeleteServerAsync(name))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        using var response = await _client.ListGatewaysByServerAsync(name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ListGatewaysByServer_MissingServer_Returns404()
    {
        using var response = await _client.ListGatewaysByServerAsync(RegistryApi.UniqueName("gwnobody"));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListGatewaysByServer_OtherVersionOfExistingName_Returns404()
    {
        var name = RegistryApi.UniqueName("gwver");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));

        using var response = await _client.ListGatewaysByServerAsync(name, "v2");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListGatewaysByServer_MissingServerHeader_Returns400()
    {
        using var response = await _client.GetAsync(RegistryApi.ListGatewaysPath, Xunit.TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server");
    }

    [Fact]
    public async Task ListGatewaysByServer_PerPage0_Returns400()
    {
        var name = RegistryApi.UniqueName("gwpage");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));
        using var request = new HttpRequestMessage(HttpMethod.Get, RegistryApi.ListGatewaysPath + "?per_page=0").WithServer(name);

        using var response = await _client.SendAsync(request, Xunit.TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "per_page");
    }

    [Fact]
    public async Task ListGatewaysByServer_ViewerKey_Returns200()
    {
        var name = RegistryApi.UniqueName("gwviewer");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));
        using var viewer = factory.ClientWithKey(await factory.CreateKeyAsync("viewer"));

        using var response = await viewer.ListGatewaysByServerAsync(name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
