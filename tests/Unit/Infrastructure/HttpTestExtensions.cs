using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>The request and response plumbing <see cref="RegistryApi"/> is built on: JSON bodies and the resource headers.</summary>
public static class HttpTestExtensions
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static HttpRequestMessage WithServer(this HttpRequestMessage request, string savedName, string? version = null)
    {
        request.Headers.Add(RegistryApi.ServerHeader, savedName);
        if (version is not null)
        {
            request.Headers.Add(RegistryApi.ServerVersionHeader, version);
        }

        return request;
    }

    public static HttpRequestMessage WithGateway(this HttpRequestMessage request, string gatewayName, string? version = null)
    {
        request.Headers.Add(RegistryApi.GatewayHeader, gatewayName);
        if (version is not null)
        {
            request.Headers.Add(RegistryApi.GatewayVersionHeader, version);
        }

        return request;
    }

    public static HttpRequestMessage WithIfMatch(this HttpRequestMessage request, string etag)
    {
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    public static HttpRequestMessage WithJson(this HttpRequestMessage request, string json)
    {
        request.Content = Json(json);
        return request;
    }

    public static MediaTypeHeaderValue ProblemJson { get; } = new("application/problem+json");
}
