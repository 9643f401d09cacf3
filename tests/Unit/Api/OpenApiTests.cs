using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class OpenApiTests : IDisposable
{
    private static readonly string[] SecuredPrefixes = ["/mcp-registry/", "/mcp-gateway/", "/admin/"];

    // The handlers read their bodies themselves, so the method is what says an endpoint takes one.
    private static readonly string[] MethodsWithBody = ["POST", "PUT", "PATCH"];

    private readonly ApiFactory _factory = new();

    [Fact]
    public async Task Document_EveryMappedApiEndpoint_HasExamplesAnd401AndApiKeySecurity()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var document = await GetDocumentAsync(ct);
        var endpoints = MappedApiEndpoints();

        var problems = new List<string>();
        foreach (var (path, method, name) in endpoints)
        {
            var where = $"{method} {path} ({name ?? "no endpoint name"})";
            if (document["paths"]?[path]?[method.ToLowerInvariant()] is not JsonObject operation)
            {
                problems.Add($"{where}: missing from the document");
                continue;
            }

            if (name is null || operation["operationId"]?.GetValue<string>() != name)
            {
                problems.Add($"{where}: operationId is not the endpoint name; give the endpoint .WithName(...)");
            }

            if (operation["security"] is not JsonArray security || !security.Any(r => r is JsonObject o && o.ContainsKey("apikey")))
            {
                problems.Add($"{where}: no apikey security requirement");
            }

            if (operation["responses"]?["401"] is null)
            {
                problems.Add($"{where}: no 401 response");
            }

            var success = (operation["responses"] as JsonObject)?.FirstOrDefault(r => r.Key.StartsWith('2')).Value;
            if (CountExamples(success, "application/json") == 0)
            {
                problems.Add($"{where}: no example for the success response; add an entry to ApiDocs");
            }

            if (MethodsWithBody.Contains(method) && CountExamples(operation["requestBody"], "application/json") == 0)
            {
                problems.Add($"{where}: no example for the request body; add one to its ApiDocs entry");
            }
        }

        Assert.True(endpoints.Count >= 10, $"Expected the registry and admin endpoints, found {endpoints.Count}");
        Assert.True(problems.Count == 0, "Undocumented API operations:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task Document_ApiKeySecurityScheme_IsTheApikeyHeader()
    {
        var document = await GetDocumentAsync(Xunit.TestContext.Current.CancellationToken);

        var scheme = document["components"]?["securitySchemes"]?["apikey"];

        Assert.NotNull(scheme);
        Assert.Equal("apiKey", scheme["type"]?.GetValue<string>());
        Assert.Equal("header", scheme["in"]?.GetValue<string>());
        Assert.Equal("apikey", scheme["name"]?.GetValue<string>());
    }

    [Fact]
    public async Task Document_RequestedTwice_EveryReferencedSchemaIsAComponent()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;

        // Twice: schemas are generated per document, and a second document must be as complete as the first.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var document = await GetDocumentAsync(ct);
            var components = document["components"]?["schemas"]?.AsObject().Select(p => p.Key).ToHashSet() ?? [];
            var references = System.Text.RegularExpressions.Regex.Matches(document.ToJsonString(), "#/components/schemas/([A-Za-z0-9_.-]+)")
                .Select(m => m.Groups[1].Value)
                .ToHashSet();

            Assert.Contains("ServerDto", components);
            Assert.Empty(references.Except(components));
        }
    }

    [Fact]
    public async Task Document_ErrorExamples_FollowTheOneErrorShape()
    {
        var document = await GetDocumentAsync(Xunit.TestContext.Current.CancellationToken);

        var checkedExamples = 0;
        foreach (var (status, response) in AllResponses(document).Where(r => r.Status.StartsWith('4')))
        {
            foreach (var example in Examples(response, "application/problem+json"))
            {
                Assert.Equal(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), example["status"]!.GetValue<int>());
                Assert.Equal(example["status"]!.GetValue<int>(), example["code"]!.GetValue<int>());
                Assert.Equal(example["title"]!.GetValue<string>(), example["error"]!.GetValue<string>());
                Assert.Equal(example["detail"]!.GetValue<string>(), example["message"]!.GetValue<string>());
                Assert.False(string.IsNullOrEmpty(example["request_id"]?.GetValue<string>()));
                if (example["errors"] is JsonObject errors)
                {
                    // Field errors on validation failures; bulk-add-servers also lists clashing indexes on 409.
                    Assert.True(status is "400" or "409", $"errors on a {status} example");
                    Assert.All(errors, e => Assert.NotEmpty(e.Value!.AsArray()));
                }

                checkedExamples++;
            }
        }

        Assert.True(checkedExamples > 20, $"Expected error examples on every operation, found {checkedExamples}");
    }

    [Fact]
    public async Task RequestExamples_OfWriteEndpoints_AreAcceptedByTheApi()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var document = await GetDocumentAsync(ct);
        using var client = _factory.ClientWithKey();

        JsonNode? addedExample = null;
        foreach (var example in RequestExamples(document, "/mcp-registry/add-server", "post"))
        {
            var response = await client.PostAsync("/mcp-registry/add-server", HttpTestExtensions.Json(example), ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"add-server example: {await response.Content.ReadAsStringAsync(ct)}");
            addedExample ??= await response.ReadJsonAsync();
        }

        foreach (var example in RequestExamples(document, "/mcp-registry/bulk-add-servers", "post"))
        {
            var response = await client.PostAsync("/mcp-registry/bulk-add-servers", HttpTestExtensions.Json(example), ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"bulk-add-servers example: {await response.Content.ReadAsStringAsync(ct)}");
        }

        // The modify examples are written against the 'github' server of the first add-server example.
        foreach (var example in RequestExamples(document, "/mcp-registry/modify-server", "patch"))
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, "/mcp-registry/modify-server").WithServer("github").WithJson(example.ToJsonString());
            var response = await client.SendAsync(request, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"modify-server example {example.ToJsonString()}: {await response.Content.ReadAsStringAsync(ct)}");
        }

        foreach (var example in RequestExamples(document, "/admin/api-keys", "post"))
        {
            var response = await client.PostAsync("/admin/api-keys", HttpTestExtensions.Json(example), ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"create-api-key example: {await response.Content.ReadAsStringAsync(ct)}");
        }

        foreach (var example in RequestExamples(document, "/admin/users", "post"))
        {
            var response = await client.PostAsync("/admin/users", HttpTestExtensions.Json(example), ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"create-user example: {await response.Content.ReadAsStringAsync(ct)}");
        }

        // The documented answer has the fields of the real one.
        var documented = Examples(document["paths"]!["/mcp-registry/add-server"]!["post"]!["responses"]!["201"], "application/json").First();
        Assert.NotNull(addedExample);
        Assert.Equal(Keys(addedExample), Keys(documented));
        Assert.Equal(Keys(addedExample["data"]!), Keys(documented["data"]!));
    }

    [Fact]
    public void ApiExplorer_EveryApiEndpoint_SeesItsSuccessTypeHeadersQueryAndBody()
    {
        var descriptions = _factory.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Where(d => SecuredPrefixes.Any(p => ("/" + d.RelativePath).StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(d => $"{d.HttpMethod} /{d.RelativePath}");
        List<string> Parameters(string endpoint, BindingSource source) =>
            descriptions[endpoint].ParameterDescriptions.Where(p => p.Source == source).Select(p => p.Name).ToList();

        Assert.Equal(MappedApiEndpoints().Select(e => $"{e.Method} {e.Path}").Order(), descriptions.Keys.Order());
        Assert.All(descriptions, d => Assert.Contains(d.Value.SupportedResponseTypes, r => r.StatusCode is >= 200 and < 300 && r.Type is { } type && type != typeof(void)));
        Assert.Equal(typeof(RegistryConsole.Core.Gateways.GatewayDto), descriptions["GET /mcp-gateway/get-gateway"].SupportedResponseTypes.Single(r => r.StatusCode == 200).Type);
        Assert.Equal(["X-Enkrypt-MCP-Registry-Server", "X-Enkrypt-MCP-Registry-Server-Version", "If-Match"], Parameters("PATCH /mcp-registry/modify-server", BindingSource.Header));
        Assert.Equal(typeof(RegistryConsole.Api.ModifyServerBody), descriptions["PATCH /mcp-registry/modify-server"].ParameterDescriptions.Single(p => p.Source == BindingSource.Body).Type);
        Assert.Equal(["page", "per_page", "is_active", "search", "review_status", "sort", "order"], Parameters("GET /mcp-registry/list-servers", BindingSource.Query));
        Assert.Equal(["X-Enkrypt-MCP-Gateway", "X-Enkrypt-MCP-Gateway-Version"], Parameters("GET /mcp-gateway/export-gateway", BindingSource.Header));
    }

    [Fact]
    public async Task Document_SuccessAndBodySchemas_AreComponentsOfTheHandlersTypes()
    {
        var document = await GetDocumentAsync(Xunit.TestContext.Current.CancellationToken);

        var operations = document["paths"]!.AsObject()
            .Where(p => SecuredPrefixes.Any(prefix => p.Key.StartsWith(prefix, StringComparison.Ordinal)))
            .SelectMany(p => p.Value!.AsObject().Select(o => (Where: $"{o.Key} {p.Key}", Operation: o.Value!)))
            .ToList();

        foreach (var (where, operation) in operations)
        {
            foreach (var success in operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')))
            {
                Assert.True(success.Value?["content"]?["application/json"]?["schema"]?["$ref"] is not null, $"{where} {success.Key}: the schema is not the handler's type");
            }

            if (operation["requestBody"] is { } body)
            {
                Assert.True(body["content"]?["application/json"]?["schema"]?["$ref"] is not null, $"{where}: the body schema is not a type");
            }
        }

        var getGateway = document["paths"]!["/mcp-gateway/get-gateway"]!["get"]!;
        Assert.Equal("#/components/schemas/GatewayDto", getGateway["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var serverHeader = getGateway["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "X-Enkrypt-MCP-Gateway")!;
        Assert.True(serverHeader["required"]!.GetValue<bool>());
        Assert.Equal("string", serverHeader["schema"]!["type"]!.GetValue<string>());
    }

    public void Dispose() => _factory.Dispose();

    private async Task<JsonNode> GetDocumentAsync(CancellationToken cancellationToken)
    {
        using var client = _factory.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>Every mapped API endpoint, discovered from routing so that a new endpoint without docs fails the first test.</summary>
    private List<(string Path, string Method, string? Name)> MappedApiEndpoints() =>
        _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && SecuredPrefixes.Any(p => raw.StartsWith(p, StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                (e.RoutePattern.RawText!, m, e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)))
            .ToList();

    private static IEnumerable<(string Status, JsonNode? Response)> AllResponses(JsonNode document) =>
        document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject())
            .SelectMany(o => o.Value?["responses"]?.AsObject() ?? [])
            .Select(r => (r.Key, r.Value));

    private static List<JsonNode> RequestExamples(JsonNode document, string path, string method)
    {
        var examples = Examples(document["paths"]?[path]?[method]?["requestBody"], "application/json").ToList();
        Assert.NotEmpty(examples);
        return examples;
    }

    private static IEnumerable<JsonNode> Examples(JsonNode? bodyOrResponse, string mediaType) =>
        (bodyOrResponse?["content"]?[mediaType]?["examples"] as JsonObject ?? [])
            .Select(e => e.Value?["value"])
            .OfType<JsonNode>();

    private static int CountExamples(JsonNode? bodyOrResponse, string mediaType) => Examples(bodyOrResponse, mediaType).Count();

    private static List<string> Keys(JsonNode node) => node.AsObject().Select(p => p.Key).ToList();
}
