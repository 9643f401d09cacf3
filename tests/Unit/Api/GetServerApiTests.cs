using System.Net;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class GetServerApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.ClientWithKey();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetServer_Existing_Returns200BareObjectWithETag()
    {
        var name = RegistryApi.UniqueName("get");
        var added = await _client.AddServerOkAsync(ServerBodies.Stdio(name));

        using var response = await _client.GetServerAsync(name);
        var body = (await response.ReadJsonAsync()).AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.False(body.ContainsKey("data"));
        Assert.False(body.ContainsKey("message"));
        Assert.Equal(name, body["saved_name"].Str());
        Assert.Equal("v1", body["server_version"].Str());
        Assert.Equal(added["registry_id"].Str(), body["registry_id"].Str());
        Assert.Equal(added["created_at"].Str(), body["created_at"].Str());
        Assert.EndsWith("Z", body["created_at"].Str(), StringComparison.Ordinal);
        Assert.Equal("Reads and writes files", body["description"].Str());
        foreach (var field in new[] { "server_name", "job_id", "source_url", "source_version", "mcp_config", "registry_name", "project_name", "is_active", "is_sample", "review_status", "approved_revision", "revision", "updated_at", "deleted_at", "created_by", "updated_by", "deleted_by", "reviewed_by" })
        {
            Assert.True(body.ContainsKey(field), $"get-server lacks '{field}'");
        }
    }

    [Fact]
    public async Task GetServer_MissingServerHeader_Returns400NamingHeader()
    {
        using var response = await _client.GetAsync(RegistryApi.GetServerPath, Ct);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData(".hidden")]
    [InlineData("semi;colon")]
    public async Task GetServer_BadServerHeaderCharset_Returns400NamingHeader(string savedName)
    {
        using var response = await _client.GetServerAsync(savedName);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server");
    }

    [Fact]
    public async Task GetServer_ServerHeaderOf129Characters_Returns400()
    {
        using var response = await _client.GetServerAsync(new string('n', 129));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server");
    }

    [Fact]
    public async Task GetServer_BadVersionHeader_Returns400NamingVersionHeader()
    {
        using var response = await _client.GetServerAsync("fine-name", "v 1");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server-Version");
    }

    [Fact]
    public async Task GetServer_UnknownServer_Returns404()
    {
        using var response = await _client.GetServerAsync(RegistryApi.UniqueName("nobody"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Resource not found", problem["title"].Str());
    }

    [Fact]
    public async Task GetServer_KnownNameUnknownVersion_Returns404()
    {
        var name = RegistryApi.UniqueName("getver404");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));

        using var response = await _client.GetServerAsync(name, "v9");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetServer_DeletedServer_Returns200WithIsActiveFalse()
    {
        var name = RegistryApi.UniqueName("getdel");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));
        using (var deleted = await _client.DeleteServerAsync(name))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        var body = await _client.GetServerOkAsync(name);

        Assert.False(body["is_active"]!.GetValue<bool>());
        Assert.EndsWith("Z", body["deleted_at"].Str(), StringComparison.Ordinal);
        Assert.Equal("bootstrap-admin", body["deleted_by"].Str());
    }

    [Fact]
    public async Task GetServer_VersionHeader_SelectsThatVersion()
    {
        var name = RegistryApi.UniqueName("getvers");
        foreach (var (version, description) in new[] { ("v1", "first"), ("1", "one"), ("v2", "second") })
        {
            var body = ServerBodies.Stdio(name, version);
            body["description"] = description;
            await _client.AddServerOkAsync(body);
        }

        var v1 = await _client.GetServerOkAsync(name, "v1");
        var one = await _client.GetServerOkAsync(name, "1");
        var v2 = await _client.GetServerOkAsync(name, "v2");
        var byDefault = await _client.GetServerOkAsync(name);

        Assert.Equal("first", v1["description"].Str());
        Assert.Equal("one", one["description"].Str());
        Assert.Equal("1", one["server_version"].Str());
        Assert.Equal("second", v2["description"].Str());
        Assert.Equal("first", byDefault["description"].Str());
    }
}
