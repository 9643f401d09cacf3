using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Enkrypt;

/// <summary>
/// Our model of what Enkrypt's runtime reads from a get-gateway-config response, written from its documented mapping
/// (docs/auth-providers.md, "Override resolution"): servers with <c>is_active: false</c> are dropped; a guardrail key is
/// taken from <c>common_overrides</c>, else the entry's <c>gateway_overrides</c>, else its <c>mcp_config</c> (an empty
/// object counts as not set); <c>server_tools_guardrails_config</c> (newer runtime) only from <c>common_overrides</c>;
/// <c>enable_server_info_validation</c> (older runtime) with "present, even false" semantics.
/// </summary>
public static class EnkryptRuntimeView
{
    /// <summary>The entries of <c>expanded_servers</c> the runtime keeps.</summary>
    public static List<JsonObject> RunnableServers(JsonNode config) =>
        config["expanded_servers"]!.AsArray().Select(s => s!.AsObject())
            .Where(s => !(s["is_active"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.False))
            .ToList();

    /// <summary>The guardrail config a runtime applies to <paramref name="server"/> for <paramref name="key"/>; null when none.</summary>
    public static JsonObject? Guardrail(JsonNode config, JsonObject server, string key) =>
        Set(config["common_overrides"]?[key]) ?? Set(server["gateway_overrides"]?[key]) ?? Set(server["mcp_config"]?[key]);

    /// <summary>The newer runtime's gateway-wide tool and server-info guardrail: <c>common_overrides</c> only.</summary>
    public static JsonObject? ServerToolsGuardrail(JsonNode config) => Set(config["common_overrides"]?["server_tools_guardrails_config"]);

    /// <summary>The older runtime's <c>enable_server_info_validation</c>: the first level that has the key at all.</summary>
    public static bool ServerInfoValidation(JsonNode config, JsonObject server)
    {
        foreach (var level in new[] { config["common_overrides"], server["gateway_overrides"], server["mcp_config"] })
        {
            if (level is JsonObject obj && obj["enable_server_info_validation"] is JsonValue value)
            {
                return value.GetValue<bool>();
            }
        }

        return false;
    }

    /// <summary>What the playground needs to start a server from get-server: command, args and env as strings.</summary>
    public static (string Command, List<string> Args, Dictionary<string, string> Env) StdioLaunch(JsonNode server)
    {
        var config = server["mcp_config"]!["config"]!.AsObject();
        var command = config["command"]!.GetValue<string>();
        var args = config["args"]?.AsArray().Select(a => a!.GetValue<string>()).ToList() ?? [];
        var env = config["env"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()) ?? [];
        return (command, args, env);
    }

    private static JsonObject? Set(JsonNode? value) => value is JsonObject obj && obj.Count > 0 ? obj : null;
}
