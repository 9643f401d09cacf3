using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>Each test adds servers under its own unique prefix and lists with <c>search=prefix</c>, so tests sharing the factory never see each other's rows.</summary>
public sealed class ListServersApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.ClientWithKey();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Adds one server per suffix, in the order given, and returns the prefix.</summary>
    private async Task<string> AddAsync(string prefix, params string[] suffixes)
    {
        var unique = RegistryApi.UniqueName(prefix);
        foreach (var suffix in suffixes)
        {
            await _client.AddServerOkAsync(ServerBodies.Stdio($"{unique}-{suffix}"));
        }

        return unique;
    }

    [Fact]
    public async Task ListServers_Pages_ReportsPageSizeTotalAndTotalPages()
    {
        var prefix = await AddAsync("page", "a", "b", "c", "d", "e");

        var first = await _client.ListServersOkAsync($"?search={prefix}&per_page=2&page=1");
        var last = await _client.ListServersOkAsync($"?search={prefix}&per_page=2&page=3");
        var beyond = await _client.ListServersOkAsync($"?search={prefix}&per_page=2&page=4");

        Assert.Equal(["message", "data", "pagination"], first.Select(p => p.Key));
        Assert.Equal([$"{prefix}-a", $"{prefix}-b"], first.SavedNames());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"page": 1, "per_page": 2, "total": 5, "total_pages": 3}"""), first["pagination"]));
        Assert.Equal([$"{prefix}-e"], last.SavedNames());
        Assert.Equal(3, last["pagination"]!["page"]!.GetValue<int>());
        Assert.Empty(beyond.SavedNames());
        Assert.Equal(5, beyond.Total());
    }

    [Fact]
    public async Task ListServers_NoPagingParameters_UsesPage1And20PerPage()
    {
        var prefix = await AddAsync("pagedef", "a");

        var list = await _client.ListServersOkAsync($"?search={prefix}");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"page": 1, "per_page": 20, "total": 1, "total_pages": 1}"""), list["pagination"]));
    }

    [Fact]
    public async Task ListServers_ItemsAreMaskedServerObjects()
    {
        var prefix = await AddAsync("items", "a");

        var item = (await _client.ListServersOkAsync($"?search={prefix}"))["data"]![0]!;

        Assert.Equal("********", item["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"].Str());
        Assert.Equal("v1", item["server_version"].Str());
        Assert.True(item["is_active"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("?per_page=0", "per_page")]
    [InlineData("?per_page=101", "per_page")]
    [InlineData("?per_page=-5", "per_page")]
    [InlineData("?per_page=ten", "per_page")]
    [InlineData("?page=0", "page")]
    [InlineData("?page=x", "page")]
    [InlineData("?is_active=yes", "is_active")]
    [InlineData("?sort=description", "sort")]
    [InlineData("?sort=saved_name;drop", "sort")]
    [InlineData("?order=up", "order")]
    [InlineData("?review_status=done", "review_status")]
    public async Task ListServers_BadQuery_Returns400NamingParameter(string query, string parameter)
    {
        using var response = await _client.ListServersAsync(query);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, parameter);
    }

    [Theory]
    [InlineData(2147483647)]
    [InlineData(42949673)]
    [InlineData(21474837)]
    public async Task ListServers_PageFarBeyondTheEnd_ReturnsNoItems(int page)
    {
        // (page - 1) * 100 overflows an int for these pages; the list used to answer with page 1.
        var prefix = await AddAsync("pagehuge", "a");

        var list = await _client.ListServersOkAsync($"?search={prefix}&per_page=100&page={page}");

        Assert.Empty(list.SavedNames());
        Assert.Equal(1, list.Total());
        Assert.Equal(page, list["pagination"]!["page"]!.GetValue<int>());
    }

    [Fact]
    public async Task ListServers_PerPage100_IsAllowed()
    {
        var prefix = await AddAsync("page100", "a");

        var list = await _client.ListServersOkAsync($"?search={prefix}&per_page=100");

        Assert.Equal(100, list["pagination"]!["per_page"]!.GetValue<int>());
    }

    [Fact]
    public async Task ListServers_IsActiveFilter_SeparatesDeletedFromActive()
    {
        var prefix = await AddAsync("active", "a", "b", "c");
        using (var deleted = await _client.DeleteServerAsync($"{prefix}-b"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        var active = await _client.ListServersOkAsync($"?search={prefix}&is_active=true");
        var inactive = await _client.ListServersOkAsync($"?search={prefix}&is_active=false");
        var all = await _client.ListServersOkAsync($"?search={prefix}");

        Assert.Equal([$"{prefix}-a", $"{prefix}-c"], active.SavedNames());
        Assert.Equal([$"{prefix}-b"], inactive.SavedNames());
        Assert.Equal(3, all.Total());
    }

    [Fact]
    public async Task ListServers_Search_MatchesSavedNameServerNameAndDescriptionIgnoringCase()
    {
        var marker = RegistryApi.UniqueName("srch");
        var byName = ServerBodies.Stdio($"{marker}-byname");
        var byServerName = ServerBodies.Stdio(RegistryApi.UniqueName("other"));
        byServerName["server_name"] = $"@scope/{marker.ToUpperInvariant()}-pkg";
        var byDescription = ServerBodies.Stdio(RegistryApi.UniqueName("other"));
        byDescription["description"] = $"Mentions {marker} in passing";
        var unrelated = ServerBodies.Stdio(RegistryApi.UniqueName("other"));
        foreach (var body in new[] { byName, byServerName, byDescription, unrelated })
        {
            await _client.AddServerOkAsync(body);
        }

        var list = await _client.ListServersOkAsync($"?search={marker}&per_page=100");

        Assert.Equal(3, list.Total());
        Assert.Equal(
            new[] { byName, byServerName, byDescription }.Select(b => b["saved_name"].Str()).Order(StringComparer.Ordinal),
            list.SavedNames());
    }

    [Theory]
    [InlineData("Über-Werkzeug")]
    [InlineData("über-werkzeug")]
    [InlineData("ÜBER-WERKZEUG")]
    [InlineData("Élan")]
    [InlineData("ΩMEGA")]
    public async Task ListServers_SearchForExactNonAsciiText_FindsIt(string text)
    {
        // Exact text must always be found, whatever the case rules of the database's lower().
        var body = ServerBodies.Stdio(RegistryApi.UniqueName("uni"));
        var marker = Guid.NewGuid().ToString("N")[..10];
        body["description"] = $"{marker} {text} tool";
        await _client.AddServerOkAsync(body);

        var list = await _client.ListServersOkAsync($"?search={Uri.EscapeDataString($"{marker} {text}")}");

        Assert.Equal([body["saved_name"].Str()], list.SavedNames());
    }

    [Fact]
    public async Task ListServers_SearchNonAsciiInOtherCase_FindsIt()
    {
        // The search column is folded by .NET on every write, so case folding is not limited to A-Z.
        var body = ServerBodies.Stdio(RegistryApi.UniqueName("fold"));
        var marker = Guid.NewGuid().ToString("N")[..10];
        body["description"] = $"{marker} Über-Werkzeug";
        await _client.AddServerOkAsync(body);

        var list = await _client.ListServersOkAsync($"?search={Uri.EscapeDataString($"{marker} über-werkzeug")}");

        Assert.Equal([body["saved_name"].Str()], list.SavedNames());
    }

    [Fact]
    public async Task ListServers_SearchAsciiInOtherCase_FindsIt()
    {
        var body = ServerBodies.Stdio(RegistryApi.UniqueName("case"));
        var marker = Guid.NewGuid().ToString("N")[..10];
        body["server_name"] = $"MixedCase-{marker}-Server";
        await _client.AddServerOkAsync(body);

        var list = await _client.ListServersOkAsync($"?search=mixedcase-{marker.ToUpperInvariant()}-SERVER");

        Assert.Equal([body["saved_name"].Str()], list.SavedNames());
    }

    [Fact]
    public async Task ListServers_SearchWithLikeWildcards_MatchesThemLiterally()
    {
        var prefix = await AddAsync("wild", "a");

        var percent = await _client.ListServersOkAsync($"?search={prefix}%25a");
        var underscore = await _client.ListServersOkAsync($"?search={prefix}_a");

        Assert.Equal(0, percent.Total());
        Assert.Equal(0, underscore.Total());
    }

    [Theory]
    [InlineData("?sort=saved_name&order=asc", new[] { "a", "b", "c" })]
    [InlineData("?sort=saved_name&order=desc", new[] { "c", "b", "a" })]
    [InlineData("?order=desc", new[] { "c", "b", "a" })]
    [InlineData("?sort=created_at&order=asc", new[] { "c", "a", "b" })]
    [InlineData("?sort=created_at&order=desc", new[] { "b", "a", "c" })]
    [InlineData("?sort=updated_at&order=asc", new[] { "c", "b", "a" })]
    [InlineData("?sort=updated_at&order=desc", new[] { "a", "b", "c" })]
    [InlineData("?sort=updated_at", new[] { "c", "b", "a" })]
    public async Task ListServers_Sort_OrdersByColumnAndDirection(string query, string[] expected)
    {
        // Created c, a, b in that order; then a is modified, so it is the last updated.
        var prefix = await AddAsync("sort", "c", "a", "b");
        using (var modified = await _client.ModifyServerAsync($"{prefix}-a", """{"description": "touched"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        }

        var list = await _client.ListServersOkAsync($"{query}&search={prefix}");

        Assert.Equal(expected.Select(s => $"{prefix}-{s}"), list.SavedNames());
    }

    [Fact]
    public async Task ListServers_ReviewStatusFilter_ReturnsOnlyThatStatus()
    {
        var prefix = await AddAsync("review", "a", "b");
        await SetReviewStatusAsync($"{prefix}-b", "approved");

        var pending = await _client.ListServersOkAsync($"?search={prefix}&review_status=pending");
        var approved = await _client.ListServersOkAsync($"?search={prefix}&review_status=approved");
        var rejected = await _client.ListServersOkAsync($"?search={prefix}&review_status=rejected");

        Assert.Equal([$"{prefix}-a"], pending.SavedNames());
        Assert.Equal([$"{prefix}-b"], approved.SavedNames());
        Assert.Equal("approved", approved["data"]![0]!["review_status"].Str());
        Assert.Empty(rejected.SavedNames());
    }

    [Fact]
    public async Task ListServers_FiltersCombined_ApplyTogether()
    {
        var prefix = await AddAsync("combo", "a", "b", "c");
        await SetReviewStatusAsync($"{prefix}-a", "approved");
        await SetReviewStatusAsync($"{prefix}-b", "approved");
        using (var deleted = await _client.DeleteServerAsync($"{prefix}-b"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        var list = await _client.ListServersOkAsync($"?search={prefix}&review_status=approved&is_active=true");

        Assert.Equal([$"{prefix}-a"], list.SavedNames());
    }

    /// <summary>Review has no endpoint yet, so the test sets the column the way a review would.</summary>
    private async Task SetReviewStatusAsync(string savedName, string status)
    {
        await using var connection = TestProvider.Connect(factory.ConnectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE registry_servers SET \"ReviewStatus\" = @status WHERE \"SavedName\" = @name";
        command.With("status", status).With("name", savedName);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }
}
