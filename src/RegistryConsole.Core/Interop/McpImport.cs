using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Secrets;

namespace RegistryConsole.Core.Interop;

/// <summary>A value the imported config does not hold (a secret, a prompt, a placeholder): stored empty, to be filled before approval.</summary>
public sealed record ImportNeed(string Path, bool IsSecret, string? Description);

/// <summary>One imported entry: the add-server body it maps to (null when nothing runnable maps) and what happened to each part.</summary>
public sealed record ImportEntry(
    string Source,
    string? SavedName,
    JsonObject? Body,
    IReadOnlyList<string> Mapped,
    IReadOnlyList<ImportNeed> NeedsValue,
    IReadOnlyList<string> NotMapped);

/// <summary>
/// Reads what the ecosystem publishes: a <c>server.json</c> (one, an array, or a v0.1 list response), a Claude Desktop or
/// Cursor <c>{"mcpServers": {...}}</c> block, or a VS Code <c>mcp.json</c> (<c>servers</c> and <c>inputs</c>), and maps
/// each entry to an add-server body. Pure.
/// </summary>
public static partial class McpImport
{
    public const string Format = "a server.json object, an array of them, a v0.1 list response, {\"mcpServers\": {...}} or a VS Code mcp.json {\"servers\": {...}, \"inputs\": [...]}";

    private static readonly string[] StdioKeys = ["command", "args", "env", "type"];
    private static readonly string[] RemoteKeys = ["url", "headers", "type"];

    /// <summary>A value of an unexpected JSON type deep inside an entry (a string where a bool or object belongs) makes that entry unreadable, never the request a 500.</summary>
    private static ImportEntry Safely(Func<ImportEntry> read, string source)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return Unreadable(source);
        }
        catch (FormatException)
        {
            return Unreadable(source);
        }
    }

    /// <summary>The entries of <paramref name="input"/>, or null when it is none of the accepted formats.</summary>
    public static IReadOnlyList<ImportEntry>? Plan(JsonNode? input)
    {
        switch (input)
        {
            case JsonArray array:
                return array.Select((item, i) => item is JsonObject o ? Safely(() => FromServerJson(o, $"[{i}]"), $"[{i}]") : Unreadable($"[{i}]")).ToList();
            case JsonObject { } o when o["mcpServers"] is JsonObject servers:
                return servers.Select(s => Safely(() => FromClientEntry(s.Key, s.Value, $"mcpServers.{s.Key}", new Dictionary<string, JsonObject>()), $"mcpServers.{s.Key}")).ToList();
            case JsonObject { } o when o["servers"] is JsonObject servers:
                var inputs = (o["inputs"] as JsonArray ?? []).OfType<JsonObject>()
                    .Where(i => i["id"] is JsonValue)
                    .GroupBy(i => i["id"]!.ToString())
                    .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                return servers.Select(s => Safely(() => FromClientEntry(s.Key, s.Value, $"servers.{s.Key}", inputs), $"servers.{s.Key}")).ToList();
            case JsonObject { } o when o["servers"] is JsonArray list:
                return list.Select((item, i) => (item as JsonObject)?["server"] is JsonObject server
                    ? Safely(() => FromServerJson(server, $"servers[{i}]"), $"servers[{i}]")
                    : Unreadable($"servers[{i}]")).ToList();
            case JsonObject { } o when o["server"] is JsonObject server:
                return [Safely(() => FromServerJson(server, "server"), "server")];
            case JsonObject { } o when o["name"] is JsonValue:
                return [Safely(() => FromServerJson(o, "$"), "$")];
            default:
                return null;
        }
    }

    /// <summary>A saved_name from any name: invalid characters become '-', at most 128 characters, starting with a letter or digit.</summary>
    public static string SavedNameOf(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name.Trim())
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        var result = text.ToString().TrimStart('.', '_', '-');
        result = result.Length > 128 ? result[..128] : result;
        return result.Length == 0 ? "imported" : result;
    }

    private static ImportEntry Unreadable(string source) =>
        new(source, null, null, [], [], [$"{source}: not a server entry (expected a JSON object)"]);

    private static ImportEntry FromServerJson(JsonObject server, string source)
    {
        var mapped = new List<string>();
        var needs = new List<ImportNeed>();
        var notMapped = new List<string>();
        var name = server["name"] is JsonValue n ? n.ToString() : null;
        if (name is null)
        {
            return new ImportEntry(source, null, null, [], [], [$"{source}.name: missing; a server.json needs a name"]);
        }

        var ours = server["_meta"]?[ServerJsonMapper.MetaKey] as JsonObject;
        var savedName = ServerJsonSavedName(name, ours);
        var body = new JsonObject { ["saved_name"] = savedName };
        mapped.Add($"name '{name}' → saved_name '{savedName}'");
        MapDescriptiveFields(server, ours, body, mapped, notMapped);
        var config = ServerJsonConfig(server, ours, mapped, needs, notMapped);
        if (config is null)
        {
            notMapped.Add("nothing runnable: no package of npm, pypi, oci or nuget, and no remote");
            return new ImportEntry(source, savedName, null, mapped, needs, notMapped);
        }

        if (server["packages"] is JsonArray { Count: > 0 } && server["remotes"] is JsonArray { Count: > 0 })
        {
            notMapped.Add("remotes: a registry server runs one way; the package is imported");
        }

        body["mcp_config"] = new JsonObject { ["config"] = config };
        return new ImportEntry(source, savedName, body, mapped, needs, notMapped);
    }

    /// <summary>The saved_name of a server.json: the name after its namespace, or the one this console exported in <c>_meta</c>.</summary>
    private static string ServerJsonSavedName(string name, JsonObject? ours)
    {
        if (ours?["savedName"] is JsonValue sn && Identifiers.IsValid(sn.ToString()))
        {
            return sn.ToString();
        }

        return SavedNameOf(name.Contains('/', StringComparison.Ordinal) ? name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..] : name);
    }

    /// <summary>Version, title, description and source URL of a server.json.</summary>
    private static void MapDescriptiveFields(JsonObject server, JsonObject? ours, JsonObject body, List<string> mapped, List<string> notMapped)
    {
        var version = (ours?["serverVersion"] ?? server["version"]) is JsonValue v ? v.ToString() : null;
        if (version is not null && Identifiers.IsValid(version))
        {
            body["server_version"] = version;
            mapped.Add($"version → server_version '{version}'");
        }
        else if (version is not null)
        {
            notMapped.Add($"version '{version}' is not a valid server_version; v1 is used");
        }

        if (server["title"] is JsonValue title)
        {
            body["server_name"] = title.ToString();
            mapped.Add("title → server_name");
        }

        if ((ours?["description"] ?? server["description"]) is JsonValue description)
        {
            body["description"] = description.ToString();
            mapped.Add("description");
        }

        if ((server["repository"]?["url"] ?? server["websiteUrl"]) is JsonValue url)
        {
            body["source_url"] = url.ToString();
            mapped.Add(server["repository"] is null ? "websiteUrl → source_url" : "repository.url → source_url");
        }
    }

    /// <summary>How a server.json runs: the launch this console exported, else its first package, else its first remote.</summary>
    private static JsonObject? ServerJsonConfig(JsonObject server, JsonObject? ours, List<string> mapped, List<ImportNeed> needs, List<string> notMapped) =>
        ours?["launch"] is JsonObject launch
            ? FromLaunch(launch, mapped, needs)
            : server["packages"] is JsonArray { Count: > 0 } packages
                ? FromPackages(packages, mapped, needs, notMapped)
                : server["remotes"] is JsonArray { Count: > 0 } remotes
                    ? FromRemotes(remotes, mapped, needs, notMapped)
                    : null;

    private static JsonObject FromLaunch(JsonObject launch, List<string> mapped, List<ImportNeed> needs)
    {
        var config = new JsonObject
        {
            ["command"] = launch["command"]?.ToString(),
            ["args"] = (launch["args"] as JsonArray ?? []).DeepClone(),
        };
        AddEnv(config, launch["environmentVariables"] as JsonArray, needs);
        mapped.Add($"{ServerJsonMapper.MetaKey} launch → command, args and env");
        return config;
    }

    private static JsonObject? FromPackages(JsonArray packages, List<string> mapped, List<ImportNeed> needs, List<string> notMapped)
    {
        for (var i = 0; i < packages.Count; i++)
        {
            if (packages[i] is not JsonObject package)
            {
                continue;
            }

            var type = package["registryType"]?.ToString();
            var identifier = package["identifier"]?.ToString();
            var runtime = package["runtimeHint"]?.ToString();
            var defaultRuntime = DefaultRuntime(type);
            if (defaultRuntime is null || string.IsNullOrEmpty(identifier))
            {
                notMapped.Add($"packages[{i}]: registryType '{type}' cannot be run from a command here");
                continue;
            }

            var runtimeArgs = Arguments(package["runtimeArguments"] as JsonArray, $"packages[{i}].runtimeArguments", needs);
            var packageArgs = Arguments(package["packageArguments"] as JsonArray, $"packages[{i}].packageArguments", needs);
            AddDefaultRuntimeArguments(type!, runtimeArgs);
            var env = package["environmentVariables"] as JsonArray;
            var envNames = type == PackageLaunch.Oci ? (env ?? []).Select(e => e?["name"]?.ToString()).OfType<string>().ToList() : [];
            var launch = new PackageLaunch(type!, identifier, package["version"]?.ToString(), runtime ?? defaultRuntime, runtimeArgs, packageArgs, envNames);
            var (command, args) = launch.ToCommand();
            var config = new JsonObject { ["command"] = command, ["args"] = new JsonArray(args.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()) };
            AddEnv(config, env, needs);
            mapped.Add($"packages[{i}] ({type} {identifier}) → command '{command}' with {args.Count} argument(s)");
            for (var j = i + 1; j < packages.Count; j++)
            {
                notMapped.Add($"packages[{j}]: one package per server; packages[{i}] is imported");
            }

            return config;
        }

        return null;
    }

    private static string? DefaultRuntime(string? registryType) => registryType switch
    {
        PackageLaunch.Npm => "npx",
        PackageLaunch.Pypi => "uvx",
        PackageLaunch.Oci => "docker",
        PackageLaunch.Nuget => "dnx",
        _ => null,
    };

    /// <summary>Without runtime arguments of its own, npx and dnx run unprompted (-y) and docker interactively and removed after.</summary>
    private static void AddDefaultRuntimeArguments(string registryType, List<string> runtimeArgs)
    {
        if (registryType != PackageLaunch.Oci && runtimeArgs.Count == 0 && registryType is PackageLaunch.Npm or PackageLaunch.Nuget)
        {
            runtimeArgs.Add("-y");
        }

        if (registryType == PackageLaunch.Oci && runtimeArgs.Count == 0)
        {
            runtimeArgs.AddRange(["-i", "--rm"]);
        }
    }

    private static JsonObject? FromRemotes(JsonArray remotes, List<string> mapped, List<ImportNeed> needs, List<string> notMapped)
    {
        if (remotes[0] is not JsonObject remote || remote["url"]?.ToString() is not { } url)
        {
            notMapped.Add("remotes[0]: no url");
            return null;
        }

        var config = new JsonObject { ["url"] = url, ["type"] = remote["type"]?.ToString() == "sse" ? "sse" : "streamable_http" };
        if (url.Contains('{', StringComparison.Ordinal))
        {
            needs.Add(new ImportNeed("mcp_config.config.url", false, "the URL holds {variables} to fill in"));
        }

        if (remote["headers"] is JsonArray headers)
        {
            var map = new JsonObject();
            foreach (var header in headers.OfType<JsonObject>())
            {
                var name = header["name"]?.ToString();
                if (string.IsNullOrEmpty(name))
                {
                    continue;
                }

                map[name] = InputValue(header, SecretRules.IsSecretHeader(name), $"mcp_config.config.headers.{name}", needs);
            }

            config["headers"] = map;
        }

        mapped.Add($"remotes[0] → url ({config["type"]})");
        for (var j = 1; j < remotes.Count; j++)
        {
            notMapped.Add($"remotes[{j}]: one remote per server; remotes[0] is imported");
        }

        return config;
    }

    private static List<string> Arguments(JsonArray? arguments, string path, List<ImportNeed> needs)
    {
        var result = new List<string>();
        for (var i = 0; i < (arguments?.Count ?? 0); i++)
        {
            if (arguments![i] is not JsonObject argument)
            {
                continue;
            }

            var value = (argument["value"] ?? argument["default"])?.ToString();
            if (argument["type"]?.ToString() == "named" && argument["name"]?.ToString() is { } name)
            {
                result.Add(name);
                if (value is null)
                {
                    continue;
                }
            }

            if (value is null)
            {
                value = $"<{argument["valueHint"]?.ToString() ?? "value"}>";
                needs.Add(new ImportNeed($"{path}[{i}]", argument["isSecret"]?.GetValue<bool>() == true, argument["description"]?.ToString() ?? "an argument to fill in"));
            }

            result.Add(value);
        }

        return result;
    }

    private static void AddEnv(JsonObject config, JsonArray? variables, List<ImportNeed> needs)
    {
        var env = new JsonObject();
        foreach (var variable in (variables ?? []).OfType<JsonObject>())
        {
            var name = variable["name"]?.ToString();
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            var secret = variable["isSecret"]?.GetValue<bool>() == true || SecretRules.IsSecretEnvKey(name);
            env[name] = InputValue(variable, secret, $"mcp_config.config.env.{name}", needs);
        }

        if (env.Count > 0)
        {
            config["env"] = env;
        }
    }

    /// <summary>The value of a KeyValueInput; a secret or an input without a value is stored empty and reported.</summary>
    private static string InputValue(JsonObject input, bool secret, string path, List<ImportNeed> needs)
    {
        var value = (input["value"] ?? input["default"])?.ToString();
        if (secret || value is null || value.Contains('{', StringComparison.Ordinal))
        {
            needs.Add(new ImportNeed(path, secret, input["description"]?.ToString()));
            return string.Empty;
        }

        return value;
    }

    private static ImportEntry FromClientEntry(string key, JsonNode? node, string source, IReadOnlyDictionary<string, JsonObject> inputs)
    {
        var savedName = SavedNameOf(key);
        if (node is not JsonObject entry)
        {
            return Unreadable(source);
        }

        var mapped = new List<string> { $"'{key}' → saved_name '{savedName}'" };
        var needs = new List<ImportNeed>();
        var notMapped = new List<string>();
        var config = new JsonObject();
        var body = new JsonObject { ["saved_name"] = savedName };
        if (entry["command"] is JsonValue command)
        {
            MapClientCommand(entry, command, config, body, inputs, mapped, needs);
            notMapped.AddRange(entry.Where(p => !StdioKeys.Contains(p.Key)).Select(p => $"{source}.{p.Key}: not part of a registry server"));
        }
        else if (entry["url"] is JsonValue url)
        {
            MapClientRemote(entry, url, config, inputs, mapped, needs);
            notMapped.AddRange(entry.Where(p => !RemoteKeys.Contains(p.Key)).Select(p => $"{source}.{p.Key}: not part of a registry server"));
        }
        else
        {
            notMapped.Add($"{source}: neither 'command' nor 'url'");
            return new ImportEntry(source, savedName, null, mapped, needs, notMapped);
        }

        body["mcp_config"] = new JsonObject { ["config"] = config };
        return new ImportEntry(source, savedName, body, mapped, needs, notMapped);
    }

    /// <summary>A client entry that starts a command: command, args and env, and the package it runs as server_name.</summary>
    private static void MapClientCommand(
        JsonObject entry, JsonValue command, JsonObject config, JsonObject body, IReadOnlyDictionary<string, JsonObject> inputs, List<string> mapped, List<ImportNeed> needs)
    {
        config["command"] = command.ToString();
        var args = (entry["args"] as JsonArray ?? []).Select(a => a?.ToString() ?? string.Empty).ToList();
        config["args"] = new JsonArray(args.Select((a, i) => (JsonNode)JsonValue.Create(Resolve(a, false, $"mcp_config.config.args[{i}]", inputs, needs))!).ToArray());
        if (entry["env"] is JsonObject env)
        {
            config["env"] = Map(env, SecretRules.IsSecretEnvKey, "mcp_config.config.env", inputs, needs);
        }

        mapped.Add($"command '{command}' with {args.Count} argument(s)" + (entry["env"] is JsonObject e ? $" and {e.Count} env variable(s)" : string.Empty));
        if (PackageLaunch.Parse(command.ToString(), args) is { } launch)
        {
            body["server_name"] = launch.Identifier;
            mapped.Add($"package {launch.RegistryType} {launch.Identifier} → server_name");
        }
    }

    /// <summary>A client entry that reaches a remote server: url, transport type and headers.</summary>
    private static void MapClientRemote(
        JsonObject entry, JsonValue url, JsonObject config, IReadOnlyDictionary<string, JsonObject> inputs, List<string> mapped, List<ImportNeed> needs)
    {
        config["url"] = url.ToString();
        config["type"] = entry["type"]?.ToString() == "sse" ? "sse" : "streamable_http";
        if (entry["headers"] is JsonObject headers)
        {
            config["headers"] = Map(headers, SecretRules.IsSecretHeader, "mcp_config.config.headers", inputs, needs);
        }

        mapped.Add($"url ({config["type"]})");
    }

    private static JsonObject Map(JsonObject values, Func<string, bool> isSecret, string path, IReadOnlyDictionary<string, JsonObject> inputs, List<ImportNeed> needs) =>
        new(values.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(Resolve(p.Value?.ToString() ?? string.Empty, isSecret(p.Key), $"{path}.{p.Key}", inputs, needs)))));

    /// <summary>A value as given, or empty (reported) when it is a placeholder: <c>${input:x}</c>, <c>${env:X}</c>, <c>${X}</c>, <c>&lt;X&gt;</c>, or the mask.</summary>
    private static string Resolve(string value, bool secret, string path, IReadOnlyDictionary<string, JsonObject> inputs, List<ImportNeed> needs)
    {
        var input = InputReference().Match(value);
        if (input.Success)
        {
            var declared = inputs.GetValueOrDefault(input.Groups[1].Value);
            needs.Add(new ImportNeed(path, secret || declared?["password"]?.GetValue<bool>() == true, declared?["description"]?.ToString() ?? $"input '{input.Groups[1].Value}'"));
            return string.Empty;
        }

        if (Placeholder().IsMatch(value) || value == SecretRules.Mask)
        {
            needs.Add(new ImportNeed(path, secret, $"placeholder '{value}'"));
            return string.Empty;
        }

        return value;
    }

    [GeneratedRegex(@"\$\{input:([^}]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex InputReference();

    [GeneratedRegex(@"^(\$\{(env:)?[A-Za-z_][A-Za-z0-9_]*\}|<[^<>]+>)$|\$\{env:", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
