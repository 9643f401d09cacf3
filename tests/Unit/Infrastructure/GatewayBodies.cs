using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>Small gateway bodies for tests.</summary>
public static class GatewayBodies
{
    /// <summary>An add-gateway body referencing <paramref name="servers"/>, with empty common overrides unless given.</summary>
    public static JsonObject Gateway(string name, JsonObject? commonOverrides = null, params JsonObject[] servers) => new()
    {
        ["gateway_saved_name"] = name,
        ["description"] = $"Gateway {name} for tests",
        ["servers_config"] = new JsonObject
        {
            ["common_overrides"] = commonOverrides ?? new JsonObject(),
            ["servers"] = new JsonArray(servers.Select(s => (JsonNode)s).ToArray()),
        },
    };

    /// <summary>
    /// An add-gateway body described as "Gateway for tests", referencing each of <paramref name="savedNames"/> (the
    /// default version) without overrides.
    /// </summary>
    public static JsonObject Referencing(string name, params string[] savedNames)
    {
        var body = Gateway(name, null, savedNames.Select(s => Entry(s)).ToArray());
        body["description"] = "Gateway for tests";
        return body;
    }

    /// <summary>One <c>servers_config.servers</c> entry; <paramref name="overrides"/> are added after the name and version.</summary>
    public static JsonObject Entry(string savedName, JsonObject? overrides = null, string? version = null)
    {
        var entry = new JsonObject { ["saved_name"] = savedName };
        if (version is not null)
        {
            entry["server_version"] = version;
        }

        foreach (var (key, value) in overrides ?? [])
        {
            entry[key] = value?.DeepClone();
        }

        return entry;
    }

    /// <summary>An enabled guardrail config named <paramref name="name"/> blocking <paramref name="block"/>.</summary>
    public static JsonObject Guardrail(string name, params string[] block) => new()
    {
        ["enabled"] = true,
        ["guardrail_name"] = name,
        ["block"] = new JsonArray(block.Select(b => (JsonNode)JsonValue.Create(b)).ToArray()),
    };

    /// <summary>Overrides with only <c>input_guardrails_config</c> set.</summary>
    public static JsonObject InputOverride(string name, params string[] block) => new() { ["input_guardrails_config"] = Guardrail(name, block) };
}
