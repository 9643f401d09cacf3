using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>GET /v0.1/servers... against the MCP Registry contract (API.md §8). Each test works on its own names and searches for them.</summary>
public sealed class McpRegistryV01ApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Ns = "local.default";

    [Fact]
    public async Task ListServers_FollowingNextCursor_ReachesTheEndWithEveryServerOnce()
    {
        var (admin, reviewer) = await ClientsAsync();
        var prefix = RegistryApi.UniqueName("page");
        var names = Enumerable.Range(1, 5).Select(i => $"{prefix}-{i}").ToList();
        foreach (var name in names)
        {
            await admin.AddServerOkAsync(ServerBodies.Stdio(name));
            await reviewer.ApproveAsync(name);
        }

        var seen = new List<string>();
        var counts = new List<int>();
        string? cursor = null;
        do
        {
            var (status, _, page) = await reviewer.V01Async($"/v0.1/servers?limit=2&search={prefix}" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"));
            Assert.Equal(HttpStatusCode.OK, status);
            McpContract.AssertServerList(page!);
            seen.AddRange(page!["servers"]!.AsArray().Select(s => s!["server"]!["name"]!.GetValue<string>()));
            counts.Add(page["metadata"]!["count"]!.GetValue<int>());
            cursor = page["metadata"]!["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null && counts.Count < 10);

        Assert.Equal([2, 2, 1], counts);
        Assert.Equal(names.Select(n => $"{Ns}/{n}"), seen);
    }

    [Fact]
    public async Task ListServers_DefaultLimitAndBadParameters_ThirtyPerPageAnd400InTheErrorShape()
    {
        var (_, reviewer) = await ClientsAsync();

        var (limitStatus, limitRaw, limitBody) = await reviewer.V01Async("/v0.1/servers?limit=101");
        var (sinceStatus, _, sinceBody) = await reviewer.V01Async("/v0.1/servers?updated_since=yesterday");
        var (cursorStatus, _, cursorBody) = await reviewer.V01Async("/v0.1/servers?cursor=not-a-cursor");

        Assert.Equal(HttpStatusCode.BadRequest, limitStatus);
        Assert.Contains("limit", limitBody!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(limitBody.AsObject());
        Assert.DoesNotContain("\"status\"", limitRaw, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, sinceStatus);
        Assert.Contains("updated_since", sinceBody!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, cursorStatus);
        Assert.Contains("cursor", cursorBody!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PendingRevision_NeverServed_ApprovedSnapshotServedUntilTheChangeIsApproved()
    {
        var (admin, reviewer) = await ClientsAsync();
        var name = RegistryApi.UniqueName("pend");
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));

        var (neverStatus, _, neverList) = await reviewer.V01Async($"/v0.1/servers?search={name}");
        var (neverGetStatus, _, _) = await reviewer.V01Async($"/v0.1/servers/{Ns}%2F{name}/versions/latest");
        await reviewer.ApproveAsync(name);
        var patch = new JsonObject { ["mcp_config"] = new JsonObject { ["config"] = new JsonObject { ["command"] = "uvx", ["args"] = new JsonArray("mcp-unreviewed==9.9.9"), ["env"] = new JsonObject { ["GITHUB_TOKEN"] = "ghp_unreviewed_value" } } } };
        using var modified = await admin.ModifyServerAsync(name, patch);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        var (_, raw, served) = await reviewer.V01Async($"/v0.1/servers/{Ns}%2F{name}/versions/latest");

        Assert.Equal(HttpStatusCode.OK, neverStatus);
        Assert.Empty(neverList!["servers"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, neverGetStatus);
        var package = served!["server"]!["packages"]![0]!;
        Assert.Equal("npm", package["registryType"]!.GetValue<string>());
        Assert.Equal("@modelcontextprotocol/server-filesystem", package["identifier"]!.GetValue<string>());
        Assert.DoesNotContain("mcp-unreviewed", raw, StringComparison.Ordinal);
        RegistryApi.AssertNoSecret(raw);
        McpContract.AssertServerResponse(served);
    }

    [Fact]
    public async Task Latest_SemanticVersionsWithLeadingV_HighestIsLatestInEveryView()
    {
        var (admin, reviewer) = await ClientsAsync();
        var name = RegistryApi.UniqueName("semver");
        foreach (var version in new[] { "1.10.0", "v1.9.0", "1.2.0" })
        {
            await admin.AddServerOkAsync(ServerBodies.Stdio(name, version));
            await reviewer.ApproveAsync(name, version);
        }

        var (_, _, latest) = await reviewer.V01Async($"/v0.1/servers/{Ns}%2F{name}/versions/latest");
        var (_, _, exact) = await reviewer.V01Async($"/v0.1/servers/{Ns}%2F{name}/versions/v1.9.0");
        var (_, _, versions) = await reviewer.V01Async($"/v0.1/servers/{Ns}%2F{name}/versions");
        var (_, _, latestOnly) = await reviewer.V01Async($"/v0.1/servers?search={name}&version=latest");

        Assert.Equal("1.10.0", latest!["server"]!["version"]!.GetValue<string>());
        Assert.True(IsLatest(latest));
        Assert.False(IsLatest(exact!));
        Assert.Equal("v1.9.0", exact!["server"]!["version"]!.GetValue<string>());
        McpContract.AssertServerList(versions!);
        Assert.Equal(["1.2.0", "v1.9.0", "1.10.0"], versions!["servers"]!.AsArray().Select(s => s!["server"]!["version"]!.GetValue<string>()));
        Assert.Equal([false, false, true], versions["servers"]!.AsArray().Select(s => IsLatest(s!)));
        Assert.Equal("1.10.0", Assert.Single(latestOnly!["servers"]!.AsArray())!["server"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdatedSince_AfterADelete_ListsTheDeletedServerAsDeletedOnlyForMirrors()
    {
        var (admin, reviewer) = await ClientsAsync();
        var prefix = RegistryApi.UniqueName("mirror");
        foreach (var name in new[] { $"{prefix}-kept", $"{prefix}-gone" })
        {
            await admin.AddServerOkAsync(ServerBodies.Stdio(name));
            await reviewer.ApproveAsync(name);
        }

        await Task.Delay(50, Xunit.TestContext.Current.CancellationToken);
        var since = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(50, Xunit.TestContext.Current.CancellationToken);
        using var deleted = await admin.DeleteServerAsync($"{prefix}-gone");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        var (_, _, changed) = await reviewer.V01Async($"/v0.1/servers?search={prefix}&updated_since={Uri.EscapeDataString(since)}");
        var (_, _, current) = await reviewer.V01Async($"/v0.1/servers?search={prefix}");
        var (goneStatus, _, gone) = await reviewer.V01Async($"/v0.1/servers/{Ns}%2F{prefix}-gone/versions/latest");

        McpContract.AssertServerList(changed!);
        var entry = Assert.Single(changed!["servers"]!.AsArray())!;
        Assert.Equal($"{Ns}/{prefix}-gone", entry["server"]!["name"]!.GetValue<string>());
        Assert.Equal("deleted", entry["_meta"]!["io.modelcontextprotocol.registry/official"]!["status"]!.GetValue<string>());
        Assert.Equal([$"{Ns}/{prefix}-kept"], current!["servers"]!.AsArray().Select(s => s!["server"]!["name"]!.GetValue<string>()));
        Assert.Equal("active", current["servers"]![0]!["_meta"]!["io.modelcontextprotocol.registry/official"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, goneStatus);
        Assert.Equal("Server not found", gone!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task NotFound_UnknownNameOrVersion_404WithErrorOnly()
    {
        var (admin, reviewer) = await ClientsAsync();
        var name = RegistryApi.UniqueName("nf");
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));
        await reviewer.ApproveAsync(name);

        var (nameStatus, nameRaw, unknownName) = await reviewer.V01Async($"/v0.1/servers/{Ns}%2Fno-such-server/versions");
        var (versionStatus, _, unknownVersion) = await reviewer.V01Async($"/v0.1/servers/{Ns}%2F{name}/versions/9.9.9");
        var (otherNsStatus, _, _) = await reviewer.V01Async($"/v0.1/servers/com.other%2F{name}/versions/latest");
        var (slashStatus, _, unencoded) = await reviewer.V01Async($"/v0.1/servers/{Ns}/{name}/versions/v1");
        var (pathStatus, _, unknownPath) = await reviewer.V01Async("/v0.1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, nameStatus);
        Assert.Equal("""{"error":"Server not found"}""", nameRaw);
        Assert.Equal(HttpStatusCode.NotFound, versionStatus);
        Assert.Equal("Server version not found", unknownVersion!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, otherNsStatus);
        Assert.Equal(HttpStatusCode.OK, slashStatus);
        Assert.Equal($"{Ns}/{name}", unencoded!["server"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, pathStatus);
        Assert.NotNull(unknownPath!["error"]);
    }

    [Fact]
    public async Task Cors_PreflightAndGet_AnyOriginGetAndOptionsWithAuthorizationHeader()
    {
        using var anonymous = factory.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v0.1/servers");
        preflight.Headers.Add("Origin", "https://github.com");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");

        using var answer = await anonymous.SendAsync(preflight, Xunit.TestContext.Current.CancellationToken);
        using var get = await factory.ClientWithKey().GetAsync("/v0.1/servers", Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET, OPTIONS", answer.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("Authorization", answer.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        Assert.Contains("Content-Type", answer.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        Assert.Contains("apikey", answer.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("*", get.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Access_AnyRoleKeyInEitherHeader_ReadsUnknownKeyAndNoKey401()
    {
        var (admin, reviewer) = await ClientsAsync();
        var name = RegistryApi.UniqueName("acc");
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));
        await reviewer.ApproveAsync(name);
        var runtimeKey = await factory.CreateKeyAsync("runtime");
        using var bearer = factory.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", runtimeKey);
        using var viewer = factory.ClientWithKey(await factory.CreateKeyAsync("viewer"));
        using var unknown = factory.ClientWithKey("rck_not_a_real_key_0000000000000000");
        using var anonymous = factory.CreateClient();

        var (bearerStatus, _, bearerBody) = await bearer.V01Async($"/v0.1/servers?search={name}");
        var (viewerStatus, _, _) = await viewer.V01Async($"/v0.1/servers/{Ns}%2F{name}/versions");
        var (unknownStatus, _, unknownBody) = await unknown.V01Async("/v0.1/servers");
        var (anonymousStatus, _, anonymousBody) = await anonymous.V01Async("/v0.1/servers");

        Assert.Equal(HttpStatusCode.OK, bearerStatus);
        Assert.Single(bearerBody!["servers"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, viewerStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownStatus);
        Assert.NotNull(unknownBody!["error"]);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStatus);
        Assert.Contains("not public", anonymousBody!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoSecretValue_InAnyV01Response_RawBytesHoldNeitherSecretsNorMasks()
    {
        var (admin, reviewer) = await ClientsAsync();
        var prefix = RegistryApi.UniqueName("sec");
        foreach (var body in new[] { ServerBodies.Stdio($"{prefix}-stdio"), ServerBodies.Remote($"{prefix}-remote") })
        {
            await admin.AddServerOkAsync(body);
            await reviewer.ApproveAsync(body["saved_name"]!.GetValue<string>());
        }

        var responses = new List<(HttpStatusCode, string, JsonNode?)>
        {
            await reviewer.V01Async($"/v0.1/servers?search={prefix}"),
            await reviewer.V01Async($"/v0.1/servers?search={prefix}&updated_since=2000-01-01T00:00:00Z"),
            await reviewer.V01Async($"/v0.1/servers/{Ns}%2F{prefix}-stdio/versions"),
            await reviewer.V01Async($"/v0.1/servers/{Ns}%2F{prefix}-remote/versions/latest"),
            await reviewer.V01Async($"/v0.1/servers/{Ns}%2F{prefix}-stdio/versions/v1"),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Item1));
        Assert.All(responses, r => RegistryApi.AssertNoSecret(r.Item2));
        var remote = responses[3].Item3!["server"]!["remotes"]![0]!;
        Assert.Equal("streamable-http", remote["type"]!.GetValue<string>());
        Assert.True(remote["headers"]![0]!["isSecret"]!.GetValue<bool>());
        Assert.Equal(2, responses[0].Item3!["servers"]!.AsArray().Count);
    }

    [Fact]
    public async Task OpenApi_V01Operations_DocumentedWithPathParametersExamplesAndPlainErrors()
    {
        using var client = factory.CreateClient();
        var document = await (await client.GetAsync("/openapi/v1.json", Xunit.TestContext.Current.CancellationToken)).ReadJsonAsync();

        var get = document["paths"]!["/v0.1/servers/{serverName}/versions/{version}"]!["get"]!;
        var list = document["paths"]!["/v0.1/servers"]!["get"]!;

        Assert.Equal("v0.1-get-server-version", get["operationId"]!.GetValue<string>());
        Assert.Equal(["serverName", "version"], get["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "path").Select(p => p!["name"]!.GetValue<string>()));
        var notFound = get["responses"]!["404"]!["content"]!["application/json"]!["examples"]!.AsObject().Single().Value!["value"]!;
        Assert.Equal("Server version not found", notFound["error"]!.GetValue<string>());
        var page = list["responses"]!["200"]!["content"]!["application/json"]!["examples"]!["page"]!["value"]!;
        McpContract.AssertServerList(page);
        Assert.Contains(list["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "updated_since");
        Assert.NotNull(document["paths"]!["/mcp-registry/import-servers"]!["post"]!["requestBody"]);
    }

    private static bool IsLatest(JsonNode response) => response["_meta"]!["io.modelcontextprotocol.registry/official"]!["isLatest"]!.GetValue<bool>();

    private async Task<(HttpClient Admin, HttpClient Reviewer)> ClientsAsync() =>
        (factory.ClientWithKey(), factory.ClientWithKey(await factory.CreateKeyAsync("reviewer")));
}
