using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>
/// The rules of the MCP Registry contract (openapi.yaml 2025-12-01, server.schema.json) that a served object must meet:
/// required fields, patterns, lengths and enums. Each failure names the JSON path.
/// </summary>
public static partial class McpContract
{
    private static readonly string[] RegistryTypes = ["npm", "pypi", "oci", "nuget", "mcpb"];
    private static readonly string[] Statuses = ["active", "deprecated", "deleted"];
    private static readonly string[] OfficialKeys = ["status", "publishedAt", "updatedAt", "isLatest"];

    public static void AssertServerList(JsonNode list)
    {
        var servers = Assert.IsType<JsonArray>(list["servers"]);
        Assert.All(servers, s => AssertServerResponse(s!));
        var count = list["metadata"]?["count"];
        Assert.NotNull(count);
        Assert.Equal(servers.Count, count.GetValue<int>());
    }

    public static void AssertServerResponse(JsonNode response)
    {
        var problems = new List<string>();
        CheckServer(Assert.IsType<JsonObject>(response["server"]), problems);
        if (response["_meta"]?["io.modelcontextprotocol.registry/official"] is JsonObject official)
        {
            Require(Statuses.Contains(official["status"]?.GetValue<string>()), "_meta.official.status", problems);
            Require(IsDateTime(official["publishedAt"]), "_meta.official.publishedAt", problems);
            Require(IsDateTime(official["updatedAt"]), "_meta.official.updatedAt", problems);
            Require(official["isLatest"] is JsonValue v && v.TryGetValue<bool>(out _), "_meta.official.isLatest", problems);
            Require(official.All(p => OfficialKeys.Contains(p.Key)), "_meta.official: additionalProperties false", problems);
        }
        else
        {
            problems.Add("_meta.io.modelcontextprotocol.registry/official missing");
        }

        Assert.True(problems.Count == 0, "Contract broken: " + string.Join("; ", problems) + "\n" + response.ToJsonString());
    }

    public static void CheckServer(JsonObject server, List<string> problems)
    {
        var name = server["name"]?.GetValue<string>();
        Require(name is { Length: >= 3 and <= 200 } && NamePattern().IsMatch(name), "server.name", problems);
        var description = server["description"]?.GetValue<string>();
        Require(description is { Length: >= 1 and <= 100 }, "server.description (1..100)", problems);
        if (server["title"] is { } title)
        {
            Require(title.GetValue<string>() is { Length: >= 1 and <= 100 }, "server.title (1..100)", problems);
        }

        var version = server["version"]?.GetValue<string>();
        Require(version is { Length: >= 1 and <= 255 } && version != "latest" && !IsRange(version), "server.version", problems);
        if (server["repository"] is { } repository)
        {
            Require(IsUri(repository["url"]) && repository["source"] is JsonValue, "server.repository url+source", problems);
        }

        if (server["websiteUrl"] is { } website)
        {
            Require(IsUri(website), "server.websiteUrl", problems);
        }

        foreach (var (package, i) in (server["packages"] as JsonArray ?? []).Select((p, i) => (p!, i)))
        {
            var path = $"server.packages[{i}]";
            Require(RegistryTypes.Contains(package["registryType"]?.GetValue<string>()), $"{path}.registryType", problems);
            Require(package["identifier"]?.GetValue<string>() is { Length: > 0 }, $"{path}.identifier", problems);
            Require(package["transport"]?["type"]?.GetValue<string>() is "stdio" or "streamable-http" or "sse", $"{path}.transport", problems);
            if (package["version"] is { } packageVersion)
            {
                Require(packageVersion.GetValue<string>() is { Length: > 0 } pv && pv != "latest" && !IsRange(pv), $"{path}.version", problems);
            }

            if (package["registryBaseUrl"] is { } baseUrl)
            {
                Require(IsUri(baseUrl), $"{path}.registryBaseUrl", problems);
            }

            if (package["registryType"]?.GetValue<string>() == "oci")
            {
                var image = package["identifier"]!.GetValue<string>();
                Require(image.Contains("@sha256:", StringComparison.Ordinal) || image[(image.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal), $"{path}.identifier has a tag or digest", problems);
            }

            CheckArguments(package["runtimeArguments"], $"{path}.runtimeArguments", problems);
            CheckArguments(package["packageArguments"], $"{path}.packageArguments", problems);
            CheckInputs(package["environmentVariables"], $"{path}.environmentVariables", problems);
        }

        foreach (var (remote, i) in (server["remotes"] as JsonArray ?? []).Select((r, i) => (r!, i)))
        {
            Require(remote["type"]?.GetValue<string>() is "streamable-http" or "sse", $"server.remotes[{i}].type", problems);
            Require(IsUri(remote["url"]), $"server.remotes[{i}].url", problems);
            CheckInputs(remote["headers"], $"server.remotes[{i}].headers", problems);
        }

        if (server["_meta"] is { } meta)
        {
            Require(meta is JsonObject, "server._meta is an object", problems);
        }
    }

    private static void CheckArguments(JsonNode? arguments, string path, List<string> problems)
    {
        foreach (var (argument, i) in (arguments as JsonArray ?? []).Select((a, i) => (a!, i)))
        {
            var type = argument["type"]?.GetValue<string>();
            Require(type is "positional" or "named", $"{path}[{i}].type", problems);
            Require(type != "positional" || argument["value"] is not null || argument["valueHint"] is not null, $"{path}[{i}] value or valueHint", problems);
            Require(type != "named" || argument["name"] is not null, $"{path}[{i}].name", problems);
        }
    }

    private static void CheckInputs(JsonNode? inputs, string path, List<string> problems)
    {
        foreach (var (input, i) in (inputs as JsonArray ?? []).Select((a, i) => (a!, i)))
        {
            Require(input["name"]?.GetValue<string>() is { Length: > 0 }, $"{path}[{i}].name", problems);
            Require(input["isSecret"]?.GetValue<bool>() != true || input["value"] is null && input["default"] is null, $"{path}[{i}]: a secret carries no value", problems);
        }
    }

    private static void Require(bool condition, string what, List<string> problems)
    {
        if (!condition)
        {
            problems.Add(what);
        }
    }

    private static bool IsUri(JsonNode? node) => node?.GetValue<string>() is { } s && Uri.TryCreate(s, UriKind.Absolute, out _);

    private static bool IsDateTime(JsonNode? node) =>
        node?.GetValue<string>() is { } s && s.EndsWith('Z') && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsRange(string version) => version.IndexOfAny(['^', '~', '>', '<', '*']) >= 0 || version.EndsWith(".x", StringComparison.Ordinal);

    [GeneratedRegex("^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$")]
    private static partial Regex NamePattern();
}
