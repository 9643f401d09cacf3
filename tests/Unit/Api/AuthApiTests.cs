using System.Net;
using System.Net.Http.Json;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class AuthApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.ClientWithKey();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task<HttpClient> ClientForRoleAsync(string role) => factory.ClientWithKey(await factory.CreateKeyAsync(role));

    private async Task<string> AddAsync(string prefix)
    {
        var name = RegistryApi.UniqueName(prefix);
        await _admin.AddServerOkAsync(ServerBodies.Stdio(name));
        return name;
    }

    [Theory]
    [InlineData("GET", RegistryApi.ListServersPath)]
    [InlineData("GET", RegistryApi.GetServerPath)]
    [InlineData("POST", RegistryApi.AddServerPath)]
    [InlineData("POST", RegistryApi.BulkAddPath)]
    [InlineData("PATCH", RegistryApi.ModifyServerPath)]
    [InlineData("DELETE", RegistryApi.DeleteServerPath)]
    [InlineData("GET", RegistryApi.ListGatewaysPath)]
    [InlineData("GET", RegistryApi.ApiKeysPath)]
    [InlineData("POST", RegistryApi.ApiKeysPath)]
    [InlineData("DELETE", RegistryApi.ApiKeysPath)]
    public async Task AnyEndpoint_NoApiKey_Returns401(string method, string path)
    {
        using var anonymous = factory.ClientWithKey(null);
        using var request = new HttpRequestMessage(new HttpMethod(method), path).WithServer("anything");
        if (method is "POST" or "PATCH")
        {
            request.WithJson("{}");
        }

        using var response = await anonymous.SendAsync(request, Ct);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ListServers_UnknownApiKey_Returns401()
    {
        using var client = factory.ClientWithKey("rck_this_key_was_never_issued_to_anyone");

        using var response = await client.ListServersAsync();

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("unknown or revoked", problem["detail"].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListServers_RevokedApiKey_Returns401()
    {
        using var create = await _admin.PostAsJsonAsync(RegistryApi.ApiKeysPath, new { name = RegistryApi.UniqueName("torevoke"), role = "viewer" }, Ct);
        var created = (await create.ReadJsonAsync())["data"]!;
        using var client = factory.ClientWithKey(created["key"].Str());
        using (var before = await client.ListServersAsync())
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var revoke = await _admin.DeleteAsync($"{RegistryApi.ApiKeysPath}?id={created["id"].Str()}", Ct);
        using var response = await client.ListServersAsync();

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ListServers_ApiKeyAliasHeader_IsAccepted()
    {
        var name = await AddAsync("alias");
        using var client = factory.ClientWithKey(null);
        client.DefaultRequestHeaders.Add("api_key", ApiFactory.AdminKey);

        using var response = await client.ListServersAsync($"?search={name}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([name], (await response.ReadJsonAsync()).AsObject().SavedNames());
    }

    [Fact]
    public async Task AddServer_ApiKeyAliasHeader_RecordsThatKeyAsCreator()
    {
        var key = await factory.CreateKeyAsync("editor", RegistryApi.UniqueName("alias-editor"));
        using var client = factory.ClientWithKey(null);
        client.DefaultRequestHeaders.Add("api_key", key);

        var data = await client.AddServerOkAsync(ServerBodies.Stdio(RegistryApi.UniqueName("alias")));

        Assert.StartsWith("alias-editor-", data["created_by"].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteEndpoints_ViewerKey_Return403AndChangeNothing()
    {
        var name = await AddAsync("viewerw");
        using var viewer = await ClientForRoleAsync("viewer");

        using var add = await viewer.AddServerAsync(ServerBodies.Stdio(RegistryApi.UniqueName("viewer-add")));
        using var modify = await viewer.ModifyServerAsync(name, """{"description": "viewer was here"}""");
        using var delete = await viewer.DeleteServerAsync(name);

        await add.AssertProblemAsync(HttpStatusCode.Forbidden);
        await modify.AssertProblemAsync(HttpStatusCode.Forbidden);
        await delete.AssertProblemAsync(HttpStatusCode.Forbidden);
        var after = await _admin.GetServerOkAsync(name);
        Assert.True(after["is_active"]!.GetValue<bool>());
        Assert.Equal(1, after["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReadEndpoints_ViewerKey_Return200()
    {
        var name = await AddAsync("viewerr");
        using var viewer = await ClientForRoleAsync("viewer");

        using var get = await viewer.GetServerAsync(name);
        using var list = await viewer.ListServersAsync();
        using var gateways = await viewer.ListGatewaysByServerAsync(name);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("********", (await get.ReadJsonAsync())["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"].Str());
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, gateways.StatusCode);
    }

    [Fact]
    public async Task GetServer_RuntimeKey_Returns200()
    {
        var name = await AddAsync("runtime");
        using var runtime = await ClientForRoleAsync("runtime");

        using var response = await runtime.GetServerAsync(name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(name, (await response.ReadJsonAsync())["saved_name"].Str());
    }

    [Fact]
    public async Task OtherEndpoints_RuntimeKey_Return403()
    {
        var name = await AddAsync("runtimeno");
        using var runtime = await ClientForRoleAsync("runtime");

        using var list = await runtime.ListServersAsync();
        using var gateways = await runtime.ListGatewaysByServerAsync(name);
        using var add = await runtime.AddServerAsync(ServerBodies.Stdio(RegistryApi.UniqueName("runtime-add")));
        using var delete = await runtime.DeleteServerAsync(name);

        await list.AssertProblemAsync(HttpStatusCode.Forbidden);
        await gateways.AssertProblemAsync(HttpStatusCode.Forbidden);
        await add.AssertProblemAsync(HttpStatusCode.Forbidden);
        await delete.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AddServer_ReviewerKey_Returns403()
    {
        var name = RegistryApi.UniqueName("reviewer-add");
        using var reviewer = await ClientForRoleAsync("reviewer");

        using var response = await reviewer.AddServerAsync(ServerBodies.Stdio(name));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        using var get = await _admin.GetServerAsync(name);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task ListServers_ReviewerKey_Returns200()
    {
        var name = await AddAsync("reviewerlist");
        using var reviewer = await ClientForRoleAsync("reviewer");

        using var response = await reviewer.ListServersAsync($"?search={name}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([name], (await response.ReadJsonAsync()).AsObject().SavedNames());
    }

    [Fact]
    public async Task WriteEndpoints_EditorKey_Succeed()
    {
        using var editor = await ClientForRoleAsync("editor");
        var name = RegistryApi.UniqueName("editor");

        using var add = await editor.AddServerAsync(ServerBodies.Stdio(name));
        using var modify = await editor.ModifyServerAsync(name, """{"description": "edited"}""");
        using var delete = await editor.DeleteServerAsync(name);
        using var restore = await editor.ModifyServerAsync(name, """{"is_active": true}""");

        Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        Assert.Equal(HttpStatusCode.OK, modify.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        var stored = await _admin.GetServerOkAsync(name);
        Assert.Equal("edited", stored["description"].Str());
        Assert.True(stored["is_active"]!.GetValue<bool>());
        Assert.Equal(4, stored["revision"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("other")]
    [InlineData("DEFAULT")]
    public async Task ListServers_ProjectHeaderOfAnotherProject_Returns403(string project)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, RegistryApi.ListServersPath);
        request.Headers.Add("X-Enkrypt-Project", project);

        using var response = await _admin.SendAsync(request, Ct);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AddServer_ProjectHeaderOfAnotherProject_Returns403AndStoresNothing()
    {
        var name = RegistryApi.UniqueName("otherproj");
        using var request = new HttpRequestMessage(HttpMethod.Post, RegistryApi.AddServerPath) { Content = HttpTestExtensions.Json(ServerBodies.Stdio(name)) };
        request.Headers.Add("X-Enkrypt-Project", "other");

        using var response = await _admin.SendAsync(request, Ct);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        using var get = await _admin.GetServerAsync(name);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task ListServers_ProjectHeaderOfOwnProject_Returns200()
    {
        var name = await AddAsync("ownproject");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{RegistryApi.ListServersPath}?search={name}");
        request.Headers.Add("X-Enkrypt-Project", "default");

        using var response = await _admin.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([name], (await response.ReadJsonAsync()).AsObject().SavedNames());
    }

    [Fact]
    public async Task GetServer_RegistryHeaderOfAnotherRegistry_Returns404()
    {
        var name = await AddAsync("otherreg");
        using var request = new HttpRequestMessage(HttpMethod.Get, RegistryApi.GetServerPath).WithServer(name);
        request.Headers.Add("X-Enkrypt-MCP-Registry", "other");

        using var response = await _admin.SendAsync(request, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("registry not found", problem["detail"].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetServer_RegistryHeaderDefault_Returns200()
    {
        var name = await AddAsync("defaultreg");
        using var request = new HttpRequestMessage(HttpMethod.Get, RegistryApi.GetServerPath).WithServer(name);
        request.Headers.Add("X-Enkrypt-MCP-Registry", "default");

        using var response = await _admin.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(name, (await response.ReadJsonAsync())["saved_name"].Str());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("editor")]
    [InlineData("reviewer")]
    [InlineData("runtime")]
    public async Task AdminApiKeys_NonAdminKey_Returns403(string role)
    {
        using var client = await ClientForRoleAsync(role);

        using var list = await client.GetAsync(RegistryApi.ApiKeysPath, Ct);
        using var create = await client.PostAsJsonAsync(RegistryApi.ApiKeysPath, new { name = RegistryApi.UniqueName("escalate"), role = "admin" }, Ct);
        using var revoke = await client.DeleteAsync($"{RegistryApi.ApiKeysPath}?id=some-id", Ct);

        await list.AssertProblemAsync(HttpStatusCode.Forbidden);
        await create.AssertProblemAsync(HttpStatusCode.Forbidden);
        await revoke.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
