using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class BulkAddServersApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.ClientWithKey();

    /// <summary>How many servers whose saved_name contains <paramref name="prefix"/> the registry holds, deleted ones included.</summary>
    private async Task<int> CountAsync(string prefix) => (await _client.ListServersOkAsync($"?search={prefix}")).Total();

    [Fact]
    public async Task BulkAdd_ThreeValidServers_Returns201WithCountAndStoresAll()
    {
        var prefix = RegistryApi.UniqueName("bulk3");
        var body = RegistryApi.BulkBody(ServerBodies.Stdio($"{prefix}-a"), ServerBodies.Remote($"{prefix}-b"), ServerBodies.Stdio($"{prefix}-c", "v2"));

        using var response = await _client.BulkAddAsync(body);
        var json = (await response.ReadJsonAsync()).AsObject();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(3, json["count"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(json["message"].Str()));
        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"], json["data"]!.AsArray().Select(s => s!["saved_name"].Str()));
        Assert.Equal("********", json["data"]![1]!["mcp_config"]!["config"]!["headers"]!["Authorization"].Str());
        Assert.Equal(3, await CountAsync(prefix));
        Assert.Equal("v2", (await _client.GetServerOkAsync($"{prefix}-c", "v2"))["server_version"].Str());
    }

    [Fact]
    public async Task BulkAdd_OneInvalidItem_Returns400AndStoresNothing()
    {
        var prefix = RegistryApi.UniqueName("bulkbad");
        var bad = ServerBodies.Stdio($"{prefix}-b");
        bad["mcp_config"]!["config"]!["url"] = "https://mcp.example.com/mcp";
        var body = RegistryApi.BulkBody(ServerBodies.Stdio($"{prefix}-a"), bad, ServerBodies.Stdio($"{prefix}-c"));

        using var response = await _client.BulkAddAsync(body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "servers[1].mcp_config.config");
        Assert.All(problem.ErrorPaths(), path => Assert.StartsWith("servers[1]", path, StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync(prefix));
    }

    [Fact]
    public async Task BulkAdd_TwoInvalidItems_NamesEveryBadIndex()
    {
        var prefix = RegistryApi.UniqueName("bulk2bad");
        var badName = ServerBodies.Stdio("bad name");
        var badDenied = ServerBodies.Stdio($"{prefix}-d");
        badDenied["mcp_config"]!["denied_tools"] = JsonNode.Parse("""["x", {"name": ""}]""");
        var body = RegistryApi.BulkBody(ServerBodies.Stdio($"{prefix}-a"), badName, ServerBodies.Stdio($"{prefix}-c"), badDenied);

        using var response = await _client.BulkAddAsync(body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "servers[1].saved_name", "servers[3].mcp_config.denied_tools[1].name");
        Assert.Equal(2, problem.ErrorPaths().Count);
        Assert.Equal(0, await CountAsync(prefix));
    }

    [Fact]
    public async Task BulkAdd_ItemThatIsNotAnObject_Returns400AtItsIndex()
    {
        var prefix = RegistryApi.UniqueName("bulknotobj");
        var body = new JsonObject { ["servers"] = new JsonArray(ServerBodies.Stdio($"{prefix}-a"), "just a string") };

        using var response = await _client.BulkAddAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "servers[1]");
        Assert.Equal(0, await CountAsync(prefix));
    }

    [Fact]
    public async Task BulkAdd_TwoItemsWithSameNameAndVersion_Returns400AndStoresNothing()
    {
        var prefix = RegistryApi.UniqueName("bulkdup");
        var body = RegistryApi.BulkBody(ServerBodies.Stdio($"{prefix}-a"), ServerBodies.Stdio($"{prefix}-b"), ServerBodies.Remote($"{prefix}-a"));

        using var response = await _client.BulkAddAsync(body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "servers[2].saved_name");
        Assert.Contains("servers[0]", problem["errors"]!["servers[2].saved_name"]![0].Str(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(prefix));
    }

    [Fact]
    public async Task BulkAdd_DefaultVersionAndExplicitV1_CountAsTheSameServer()
    {
        var prefix = RegistryApi.UniqueName("bulkv1");
        var body = RegistryApi.BulkBody(ServerBodies.Stdio($"{prefix}-a"), ServerBodies.Stdio($"{prefix}-a", "v1"));

        using var response = await _client.BulkAddAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "servers[1].saved_name");
    }

    [Fact]
    public async Task BulkAdd_SameNameDifferentVersions_Returns201()
    {
        var prefix = RegistryApi.UniqueName("bulkvers");
        var body = RegistryApi.BulkBody(ServerBodies.Stdio($"{prefix}-a", "v1"), ServerBodies.Stdio($"{prefix}-a", "1"), ServerBodies.Stdio($"{prefix}-a", "v2"));

        using var response = await _client.BulkAddAsync(body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(3, await CountAsync(prefix));
    }

    [Fact]
    public async Task BulkAdd_ItemClashingWithExistingServer_Returns409NamingIndexAndStoresNothing()
    {
        var prefix = RegistryApi.UniqueName("bulkclash");
        await _client.AddServerOkAsync(ServerBodies.Stdio($"{prefix}-existing"));
        var body = RegistryApi.BulkBody(ServerBodies.Stdio($"{prefix}-a"), ServerBodies.Stdio($"{prefix}-b"), ServerBodies.Remote($"{prefix}-existing"));

        using var response = await _client.BulkAddAsync(body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "servers[2]");
        Assert.Single(problem.ErrorPaths());
        Assert.Equal(1, await CountAsync(prefix));
    }

    [Fact]
    public async Task BulkAdd_ItemClashingWithDeletedServer_Returns409()
    {
        var prefix = RegistryApi.UniqueName("bulkclashdel");
        await _client.AddServerOkAsync(ServerBodies.Stdio($"{prefix}-gone"));
        using (var deleted = await _client.DeleteServerAsync($"{prefix}-gone"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        using var response = await _client.BulkAddAsync(RegistryApi.BulkBody(ServerBodies.Stdio($"{prefix}-new"), ServerBodies.Stdio($"{prefix}-gone")));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "servers[1]");
        Assert.Equal(1, await CountAsync(prefix));
    }

    [Fact]
    public async Task BulkAdd_101Items_Returns400AtServers()
    {
        var prefix = RegistryApi.UniqueName("bulk101");
        var items = Enumerable.Range(0, 101).Select(i => (JsonNode)ServerBodies.Stdio($"{prefix}-{i}")).ToArray();

        using var response = await _client.BulkAddAsync(RegistryApi.BulkBody(items));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "servers");
        Assert.Equal(0, await CountAsync(prefix));
    }

    [Fact]
    public async Task BulkAdd_100Items_Returns201()
    {
        var prefix = RegistryApi.UniqueName("bulk100");
        var items = Enumerable.Range(0, 100).Select(i => (JsonNode)ServerBodies.Stdio($"{prefix}-{i}")).ToArray();

        using var response = await _client.BulkAddAsync(RegistryApi.BulkBody(items));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(100, (await response.ReadJsonAsync())["count"]!.GetValue<int>());
        Assert.Equal(100, await CountAsync(prefix));
    }

    [Theory]
    [InlineData("""{"servers": []}""", "servers")]
    [InlineData("""{}""", "servers")]
    [InlineData("""{"servers": {"saved_name": "x"}}""", "servers")]
    [InlineData("""{"servers": [{"saved_name": "x", "mcp_config": {"config": {"command": "npx"}}}], "dry": true}""", "dry")]
    public async Task BulkAdd_BadEnvelope_Returns400NamingField(string json, string path)
    {
        using var response = await _client.PostAsync(RegistryApi.BulkAddPath, HttpTestExtensions.Json(json), Xunit.TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, path);
    }

    [Fact]
    public async Task BulkAdd_DryRun_Returns200AndStoresNothing()
    {
        var prefix = RegistryApi.UniqueName("bulkdry");
        var body = RegistryApi.BulkBody(ServerBodies.Stdio($"{prefix}-a"), ServerBodies.Remote($"{prefix}-b"));

        using var response = await _client.BulkAddAsync(body, "?dry_run=true");
        var json = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, json["count"]!.GetValue<int>());
        Assert.Equal(0, await CountAsync(prefix));
        using var get = await _client.GetServerAsync($"{prefix}-a");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task BulkAdd_DryRunWithInvalidItem_Returns400()
    {
        var prefix = RegistryApi.UniqueName("bulkdrybad");
        var body = RegistryApi.BulkBody(ServerBodies.Stdio($"{prefix}-a"), ServerBodies.Stdio("no good"));

        using var response = await _client.BulkAddAsync(body, "?dry_run=true");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "servers[1].saved_name");
    }

    [Fact]
    public async Task BulkAdd_DryRunNotABoolean_Returns400AtDryRun()
    {
        var body = RegistryApi.BulkBody(ServerBodies.Stdio(RegistryApi.UniqueName("bulkdryq")));

        using var response = await _client.BulkAddAsync(body, "?dry_run=maybe");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "dry_run");
    }

    [Fact]
    public async Task BulkAdd_MaskSentAsSecret_Returns400AtItsIndexedPath()
    {
        var prefix = RegistryApi.UniqueName("bulkmask");
        var masked = ServerBodies.Remote($"{prefix}-b");
        masked["mcp_config"]!["oauth_config"]!["OAUTH_CLIENT_SECRET"] = "********";

        using var response = await _client.BulkAddAsync(RegistryApi.BulkBody(ServerBodies.Stdio($"{prefix}-a"), masked));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "servers[1].mcp_config.oauth_config.OAUTH_CLIENT_SECRET");
        Assert.Equal(0, await CountAsync(prefix));
    }

    [Fact]
    public async Task BulkAdd_ViewerKey_Returns403AndStoresNothing()
    {
        var prefix = RegistryApi.UniqueName("bulkviewer");
        using var viewer = factory.ClientWithKey(await factory.CreateKeyAsync("viewer"));

        using var response = await viewer.BulkAddAsync(RegistryApi.BulkBody(ServerBodies.Stdio($"{prefix}-a")));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await CountAsync(prefix));
    }
}
