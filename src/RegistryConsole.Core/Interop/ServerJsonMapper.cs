using System.Text.Json.Nodes;
using RegistryConsole.Core.Secrets;

namespace RegistryConsole.Core.Interop;

/// <summary>A served server as the mapping reads it: the approved snapshot, its <c>mcp_config</c> masked.</summary>
public sealed record CatalogEntry(
    string SavedName,
    string ServerVersion,
    string? ServerName,
    string? Description,
    string? SourceUrl,
    string? SourceVersion,
    JsonObject McpConfig);

/// <summary>
/// The one mapping from a registry server to an MCP Registry <c>server.json</c> (ServerDetail of the 2025-12-01 contract).
/// Pure: no database, no clock. Secret values never appear: secret env variables and headers become inputs with
/// <c>isSecret: true</c> and no value, whatever the input holds.
/// </summary>
public static class ServerJsonMapper
{
    /// <summary>Our own <c>_meta</c> key: saved name and version, the full description, and a launch config that maps to no package.</summary>
    public const string MetaKey = "io.github.registryconsole/server";

    public const int MaxDescription = 100;
    public const int MaxTitle = 100;

    public static JsonObject ToServerJson(CatalogEntry entry, string registryNamespace)
    {
        var ours = new JsonObject { ["savedName"] = entry.SavedName, ["serverVersion"] = entry.ServerVersion };
        var description = FirstNonEmpty(entry.Description, entry.ServerName, entry.SavedName)!;
        var server = new JsonObject
        {
            ["name"] = $"{registryNamespace}/{entry.SavedName}",
            ["description"] = Cut(description, MaxDescription),
        };
        if (description.Length > MaxDescription)
        {
            ours["description"] = description;
        }

        if (!string.IsNullOrWhiteSpace(entry.ServerName))
        {
            server["title"] = Cut(entry.ServerName.Trim(), MaxTitle);
        }

        AddSource(server, entry.SourceUrl);

        server["version"] = entry.ServerVersion;
        var config = entry.McpConfig["config"] as JsonObject ?? [];
        AddLaunch(server, ours, config);

        if (entry.McpConfig["oauth_config"] is JsonObject oauth && oauth["enabled"]?.GetValue<bool>() == true)
        {
            ours["oauth"] = new JsonObject { ["grantType"] = oauth["OAUTH_GRANT_TYPE"]?.DeepClone() };
        }

        server["_meta"] = new JsonObject { [MetaKey] = ours };
        return server;
    }

    /// <summary><c>repository</c> for a GitHub or GitLab source URL, else null.</summary>
    /// <summary>The repository when the source URL names one, else the URL as the website.</summary>
    private static void AddSource(JsonObject server, string? sourceUrl)
    {
        if (RepositoryOf(sourceUrl) is { } repository)
        {
            server["repository"] = repository;
        }
        else if (IsHttpUrl(sourceUrl))
        {
            server["websiteUrl"] = sourceUrl;
        }
    }

    /// <summary>How the server runs: a remote, a package, or (when no package can be named) the launch config under our own key.</summary>
    private static void AddLaunch(JsonObject server, JsonObject ours, JsonObject config)
    {
        if (config["url"]?.GetValue<string>() is { } url)
        {
            server["remotes"] = new JsonArray(Remote(url, config));
        }
        else if (config["command"]?.GetValue<string>() is { } command)
        {
            var args = (config["args"] as JsonArray ?? []).Select(a => a?.GetValue<string>() ?? string.Empty).ToList();
            var env = EnvironmentVariables(config["env"] as JsonObject);
            if (PackageLaunch.Parse(command, args) is { } launch)
            {
                server["packages"] = new JsonArray(Package(launch, env));
            }
            else
            {
                // Never invent a package: the launch config is served as it is, under our own key.
                ours["launch"] = new JsonObject
                {
                    ["command"] = command,
                    ["args"] = new JsonArray(args.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
                    ["environmentVariables"] = env,
                };
            }
        }
    }

    public static JsonObject? RepositoryOf(string? sourceUrl)
    {
        if (!Uri.TryCreate(sourceUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return null;
        }

        var source = uri.Host.ToLowerInvariant() switch
        {
            "github.com" or "www.github.com" => "github",
            "gitlab.com" or "www.gitlab.com" => "gitlab",
            _ => null,
        };
        return source is null ? null : new JsonObject { ["url"] = sourceUrl, ["source"] = source };
    }

    private static JsonObject Package(PackageLaunch launch, JsonArray env)
    {
        var package = new JsonObject { ["registryType"] = launch.RegistryType };
        if (PackageLaunch.BaseUrlOf(launch.RegistryType) is { } baseUrl)
        {
            package["registryBaseUrl"] = baseUrl;
        }

        package["identifier"] = launch.Identifier;
        if (launch.Version is not null)
        {
            package["version"] = launch.Version;
        }

        package["runtimeHint"] = launch.RuntimeHint;
        package["transport"] = new JsonObject { ["type"] = "stdio" };
        if (launch.RuntimeArguments.Count > 0)
        {
            package["runtimeArguments"] = Positional(launch.RuntimeArguments);
        }

        if (launch.PackageArguments.Count > 0)
        {
            package["packageArguments"] = Positional(launch.PackageArguments);
        }

        // docker run -e NAME takes the value from the environment: declare the name even when env does not set it.
        foreach (var name in launch.EnvironmentNames.Where(n => !env.Any(e => e!["name"]!.GetValue<string>() == n)))
        {
            env.Add(Input(name, SecretRules.IsSecretEnvKey(name), value: null, isRequired: true));
        }

        if (env.Count > 0)
        {
            package["environmentVariables"] = env;
        }

        return package;
    }

    private static JsonObject Remote(string url, JsonObject config)
    {
        var type = (config["type"] ?? config["transport"])?.GetValue<string>() == "sse" ? "sse" : "streamable-http";
        var remote = new JsonObject { ["type"] = type, ["url"] = url };
        if (config["headers"] is JsonObject headers && headers.Count > 0)
        {
            remote["headers"] = new JsonArray(headers
                .Select(h => (JsonNode)Input(h.Key, SecretRules.IsSecretHeader(h.Key), h.Value?.GetValue<string>(), isRequired: true))
                .ToArray());
        }

        return remote;
    }

    private static JsonArray EnvironmentVariables(JsonObject? env) =>
        new((env ?? []).Select(e => (JsonNode)Input(e.Key, SecretRules.IsSecretEnvKey(e.Key), e.Value?.GetValue<string>(), isRequired: true)).ToArray());

    /// <summary>A KeyValueInput: a secret has no value (the user supplies it), anything else keeps the approved value.</summary>
    private static JsonObject Input(string name, bool isSecret, string? value, bool isRequired)
    {
        var input = new JsonObject { ["name"] = name };
        if (isSecret)
        {
            input["isSecret"] = true;
            input["isRequired"] = isRequired;
        }
        else if (value is not null)
        {
            input["value"] = value;
        }
        else
        {
            input["isRequired"] = isRequired;
        }

        return input;
    }

    private static JsonArray Positional(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode)new JsonObject { ["type"] = "positional", ["value"] = v }).ToArray());

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    /// <summary>At most <paramref name="max"/> characters, ending in an ellipsis when cut.</summary>
    public static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
}
