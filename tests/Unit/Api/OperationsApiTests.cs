using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class OperationsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.ClientWithKey();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Request-Id", out var values) ? values.Single() : null;

    [Theory]
    [InlineData(RegistryApi.ListServersPath, true, HttpStatusCode.OK)]
    [InlineData(RegistryApi.ListServersPath, false, HttpStatusCode.Unauthorized)]
    [InlineData("/healthz", false, HttpStatusCode.OK)]
    [InlineData("/no-such-endpoint", true, HttpStatusCode.NotFound)]
    public async Task AnyRequest_WithRequestId_EchoesIt(string path, bool withKey, HttpStatusCode status)
    {
        using var client = factory.ClientWithKey(withKey ? ApiFactory.AdminKey : null);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Request-Id", "caller-trace-0042");

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("caller-trace-0042", RequestIdOf(response));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData(RegistryApi.ListServersPath)]
    public async Task AnyResponse_CarriesSecurityHeaders(string path)
    {
        using var response = await _client.GetAsync(path, Ct);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task UnknownConsolePath_Returns404ConsolePageNotJson()
    {
        using var anonymous = factory.ClientWithKey(null);

        using var response = await anonymous.GetAsync("/no-such-console-page", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyRequest_WithoutRequestId_GetsAFreshOne()
    {
        using var first = await _client.ListServersAsync();
        using var second = await _client.ListServersAsync();

        var firstId = RequestIdOf(first);
        var secondId = RequestIdOf(second);
        Assert.False(string.IsNullOrWhiteSpace(firstId));
        Assert.False(string.IsNullOrWhiteSpace(secondId));
        Assert.NotEqual(firstId, secondId);
        Assert.Matches("^[0-9a-f]{32}$", firstId);
    }

    [Fact]
    public async Task ErrorResponse_RequestIdInBody_MatchesHeader()
    {
        using var response = await _client.GetServerAsync(RegistryApi.UniqueName("reqid"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(RequestIdOf(response), problem["request_id"].Str());
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\there")]
    public async Task AnyRequest_UnsafeRequestId_IsReplaced(string incoming)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, RegistryApi.ListServersPath);
        request.Headers.TryAddWithoutValidation("X-Request-Id", incoming);

        using var response = await _client.SendAsync(request, Ct);

        var id = RequestIdOf(response);
        Assert.False(string.IsNullOrWhiteSpace(id));
        Assert.NotEqual(incoming, id);
    }

    [Fact]
    public async Task AnyRequest_OverlongRequestId_IsReplaced()
    {
        var incoming = new string('r', 129);
        using var request = new HttpRequestMessage(HttpMethod.Get, RegistryApi.ListServersPath);
        request.Headers.Add("X-Request-Id", incoming);

        using var response = await _client.SendAsync(request, Ct);

        Assert.NotEqual(incoming, RequestIdOf(response));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task HealthEndpoints_WithoutKey_Return200(string path)
    {
        using var anonymous = factory.ClientWithKey(null);

        using var response = await anonymous.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", text);
    }

    [Fact]
    public async Task UnknownRoute_Returns404InTheErrorShape()
    {
        using var response = await _client.GetAsync("/mcp-registry/no-such-action", Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Resource not found", problem["title"].Str());
    }

    [Fact]
    public async Task KnownRouteWrongMethod_Returns405InTheErrorShape()
    {
        using var response = await _client.GetAsync(RegistryApi.AddServerPath, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Equal("Method not allowed", problem["title"].Str());
        Assert.DoesNotContain("Internal", problem["detail"].Str(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OpenApiDocument_ListsEveryRegistryAndAdminEndpoint()
    {
        using var anonymous = factory.ClientWithKey(null);

        using var response = await anonymous.GetAsync("/openapi/v1.json", Ct);
        var document = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { RegistryApi.AddServerPath, RegistryApi.BulkAddPath, RegistryApi.GetServerPath, RegistryApi.ModifyServerPath, RegistryApi.DeleteServerPath, RegistryApi.ListServersPath, RegistryApi.ListGatewaysPath, RegistryApi.ApiKeysPath })
        {
            Assert.True(paths.ContainsKey(path), $"the OpenAPI document lacks {path}");
        }
    }

    [Fact]
    public async Task GetServer_UnreadableStoredRow_Returns500WithoutInternals()
    {
        // A database of its own: the broken row would make every list of the shared one fail.
        using var isolated = new ApiFactory();
        using var client = isolated.ClientWithKey();
        var name = RegistryApi.UniqueName("broken");
        await client.AddServerOkAsync(ServerBodies.Stdio(name));
        await using (var connection = TestProvider.Connect(isolated.ConnectionString))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE registry_servers SET \"McpConfigJson\" = '{not json' WHERE \"SavedName\" = @name";
            command.With("name", name);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
        }

        using var response = await client.GetServerAsync(name);

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        var text = problem.ToJsonString();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("registry_servers", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{not json", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyEndpoint_OverTheRateLimit_Returns429WithRetryAfter()
    {
        using var limited = factory.WithWebHostBuilder(builder => builder.ConfigureAppConfiguration((_, config) =>
            config.AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimiting:PermitsPerMinute"] = "3" })));
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Add("apikey", ApiFactory.AdminKey);
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.ListServersAsync();
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var response = await client.ListServersAsync();

        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task AnyEndpoint_OneKeyOverTheRateLimit_LeavesAnotherKeyItsOwnBudget()
    {
        var otherKey = await factory.CreateKeyAsync("viewer");
        using var limited = factory.WithWebHostBuilder(builder => builder.ConfigureAppConfiguration((_, config) =>
            config.AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimiting:PermitsPerMinute"] = "2" })));
        using var admin = limited.CreateClient();
        admin.DefaultRequestHeaders.Add("apikey", ApiFactory.AdminKey);
        using var other = limited.CreateClient();
        other.DefaultRequestHeaders.Add("apikey", otherKey);
        var adminCodes = new List<HttpStatusCode>();
        var otherCodes = new List<HttpStatusCode>();

        for (var i = 0; i < 3; i++)
        {
            using var response = await admin.ListServersAsync();
            adminCodes.Add(response.StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            using var response = await other.ListServersAsync();
            otherCodes.Add(response.StatusCode);
        }

        HttpStatusCode[] expected = [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests];
        Assert.Equal(expected, adminCodes);
        Assert.Equal(expected, otherCodes);
    }
}
