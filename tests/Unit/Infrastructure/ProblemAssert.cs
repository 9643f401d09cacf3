using System.Net;
using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>The one assertion for error answers: checks the one error shape of API.md §1.3.</summary>
public static class ProblemAssert
{
    private static readonly string[] RequiredFields = ["type", "title", "status", "detail", "code", "error", "message", "request_id"];

    /// <summary>
    /// Asserts the status, <c>application/problem+json</c>, every field of the error shape, and that
    /// <c>errors</c> holds each of <paramref name="errorPaths"/>. Returns the body for further checks.
    /// </summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, params string[] errorPaths)
    {
        var text = await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var body = JsonNode.Parse(text)!.AsObject();
        foreach (var field in RequiredFields)
        {
            Assert.True(body.ContainsKey(field), $"the problem body lacks '{field}': {text}");
        }

        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        Assert.Equal((int)status, body["code"]!.GetValue<int>());
        Assert.Equal(body["title"]!.GetValue<string>(), body["error"]!.GetValue<string>());
        Assert.Equal(body["detail"]!.GetValue<string>(), body["message"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["request_id"]?.GetValue<string>()), "request_id is empty");

        if (errorPaths.Length > 0)
        {
            var errors = Assert.IsType<JsonObject>(body["errors"], exactMatch: false);
            foreach (var path in errorPaths)
            {
                Assert.True(errors.ContainsKey(path), $"errors lacks '{path}'; it has: {string.Join(", ", errors.Select(e => e.Key))}");
                Assert.NotEmpty(errors[path]!.AsArray());
            }
        }

        return body;
    }

    /// <summary>The keys of <c>errors</c> of a problem body (empty when it has none).</summary>
    public static IReadOnlyList<string> ErrorPaths(this JsonNode problem) =>
        problem["errors"] is JsonObject errors ? errors.Select(e => e.Key).ToList() : [];

    /// <summary>The <c>errors</c> member of a problem answer, keyed by JSON path (empty when there is none).</summary>
    public static async Task<IReadOnlyDictionary<string, string[]>> ReadErrorsAsync(this HttpResponseMessage response)
    {
        var body = await response.ReadJsonAsync();
        return body["errors"] is JsonObject errors
            ? errors.ToDictionary(e => e.Key, e => e.Value!.AsArray().Select(m => m!.GetValue<string>()).ToArray())
            : new Dictionary<string, string[]>();
    }
}
