using System.Net;
using System.Text;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>
/// Several bad parts in one request: the answer names the first in the order headers, If-Match, query, body, as the
/// handlers read them by hand before the binders; and every bad query value is named at once.
/// </summary>
public sealed class RequestBindingApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.ClientWithKey();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task ModifyServer_NoServerHeaderBadIfMatchAndTextBody_AnswersTheServerHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, RegistryApi.ModifyServerPath) { Content = new StringContent("{}", Encoding.UTF8, "text/plain") };
        request.Headers.TryAddWithoutValidation("If-Match", "not-a-revision");

        using var response = await _client.SendAsync(request, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "X-Enkrypt-MCP-Registry-Server");
        Assert.Equal("X-Enkrypt-MCP-Registry-Server: is required: the server's saved_name", problem["detail"]!.GetValue<string>());
        Assert.Equal(["X-Enkrypt-MCP-Registry-Server"], problem.ErrorPaths());
    }

    [Fact]
    public async Task ModifyServer_BadIfMatchAndMalformedBody_Answers412BeforeTheBody()
    {
        var name = RegistryApi.UniqueName("order");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));

        using var response = await _client.ModifyServerAsync(name, "{\"description\": ", ifMatch: "W/\"x\"");

        var problem = await ProblemAssert.AssertProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal("If-Match does not name a revision of this resource", problem["detail"]!.GetValue<string>());
        Assert.Empty(problem.ErrorPaths());
        Assert.Equal("1", (await _client.GetServerOkAsync(name))["revision"]!.ToString());
    }

    [Fact]
    public async Task BulkAdd_BadDryRunAndEmptyBody_AnswersTheQueryFirst()
    {
        using var response = await _client.PostAsync(RegistryApi.BulkAddPath + "?dry_run=maybe", new StringContent(string.Empty, Encoding.UTF8, "application/json"), Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "dry_run");
        Assert.Equal("dry_run: must be true or false", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListServers_ThreeBadQueryValues_NamesEachInOneProblem()
    {
        using var response = await _client.ListServersAsync("?page=first&per_page=ten&is_active=maybe");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "page", "per_page", "is_active");
        Assert.Equal(["page", "per_page", "is_active"], problem.ErrorPaths());
        Assert.Equal("must be a whole number", problem["errors"]!["per_page"]![0]!.GetValue<string>());
        Assert.Equal("must be true or false", problem["errors"]!["is_active"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task GetServer_EmptyVersionHeader_ReadsTheDefaultVersion()
    {
        var name = RegistryApi.UniqueName("empty-version");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));
        using var request = new HttpRequestMessage(HttpMethod.Get, RegistryApi.GetServerPath);
        request.Headers.TryAddWithoutValidation("X-Enkrypt-MCP-Registry-Server", name);
        request.Headers.TryAddWithoutValidation("X-Enkrypt-MCP-Registry-Server-Version", string.Empty);

        using var response = await _client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("v1", (await response.ReadJsonAsync())["server_version"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokeApiKey_BlankId_Answers400NamingId()
    {
        using var response = await _client.DeleteAsync(RegistryApi.ApiKeysPath + "?id=%20", Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "id");
        Assert.Equal("id: is required", problem["detail"]!.GetValue<string>());
    }
}
