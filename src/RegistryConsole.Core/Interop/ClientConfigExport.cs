using System.Text.Json.Nodes;
using RegistryConsole.Core.Secrets;

namespace RegistryConsole.Core.Interop;

/// <summary>One server to write into a client's config file: its name there and its (masked) <c>mcp_config</c>.</summary>
public sealed record ExportServer(string Name, JsonObject McpConfig);

/// <summary>
/// Writes servers as the config file of an MCP client: Claude Desktop and Cursor (<c>{"mcpServers": {...}}</c>) or
/// VS Code (<c>{"inputs": [...], "servers": {...}}</c>). Pure. Secrets are never written: every secret slot (API.md §2.3)
/// becomes a placeholder whatever it holds — <c>${NAME}</c> for Claude Desktop, <c>${env:NAME}</c> for Cursor, and a
/// <c>promptString</c> input with <c>password: true</c> for VS Code.
/// </summary>
public static class ClientConfigExport
{
    public const string ClaudeDesktop = "claude-desktop";
    public const string VsCode = "vscode";
    public const string Cursor = "cursor";

    public static readonly IReadOnlyList<string> Formats = [ClaudeDesktop, VsCode, Cursor];

    public static JsonObject Build(string format, IEnumerable<ExportServer> servers)
    {
        var entries = new JsonObject();
        var inputs = new JsonArray();
        foreach (var server in servers)
        {
            entries[server.Name] = Entry(format, server, inputs);
        }

        return format == VsCode
            ? new JsonObject { ["inputs"] = inputs, ["servers"] = entries }
            : new JsonObject { ["mcpServers"] = entries };
    }

    private static JsonObject Entry(string format, ExportServer server, JsonArray inputs)
    {
        var config = server.McpConfig["config"] as JsonObject ?? [];
        var entry = new JsonObject();
        if (config["url"] is JsonValue url)
        {
            var sse = (config["type"] ?? config["transport"])?.ToString() == "sse";
            entry["type"] = sse ? "sse" : format == Cursor ? "streamable-http" : "http";
            entry["url"] = url.ToString();
            if (config["headers"] is JsonObject headers)
            {
                entry["headers"] = Values(format, server.Name, headers, SecretRules.IsSecretHeader, inputs, "header");
            }
        }
        else
        {
            if (format == VsCode)
            {
                entry["type"] = "stdio";
            }

            entry["command"] = config["command"]?.ToString();
            entry["args"] = (config["args"] as JsonArray ?? []).DeepClone();
            if (config["env"] is JsonObject env)
            {
                entry["env"] = Values(format, server.Name, env, SecretRules.IsSecretEnvKey, inputs, "environment variable");
            }
        }

        return entry;
    }

    private static JsonObject Values(string format, string serverName, JsonObject values, Func<string, bool> isSecret, JsonArray inputs, string what)
    {
        var result = new JsonObject();
        foreach (var (key, value) in values)
        {
            if (!isSecret(key))
            {
                result[key] = value?.DeepClone();
                continue;
            }

            var variable = EnvName(key);
            switch (format)
            {
                case VsCode:
                    var id = $"{serverName}-{key}";
                    inputs.Add(new JsonObject
                    {
                        ["type"] = "promptString",
                        ["id"] = id,
                        ["description"] = $"{key} ({what}) for {serverName}",
                        ["password"] = true,
                    });
                    result[key] = string.Equals(key, "Authorization", StringComparison.OrdinalIgnoreCase) ? $"Bearer ${{input:{id}}}" : $"${{input:{id}}}";
                    break;
                case Cursor:
                    result[key] = $"${{env:{variable}}}";
                    break;
                default:
                    result[key] = $"${{{variable}}}";
                    break;
            }
        }

        return result;
    }

    /// <summary>An environment variable name for a header name (<c>X-Api-Key</c> → <c>X_API_KEY</c>).</summary>
    private static string EnvName(string key) =>
        new(key.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
