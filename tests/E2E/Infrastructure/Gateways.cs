using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.E2E.Infrastructure;

/// <summary>Gateway bodies for seeding.</summary>
public static class GatewayBodies
{
    /// <summary>An input guardrail config a gateway puts over a server's own.</summary>
    public static JsonObject InputGuardrail(string guardrailName, params string[] block) => new()
    {
        ["enabled"] = true,
        ["guardrail_name"] = guardrailName,
        ["block"] = new JsonArray(block.Select(b => (JsonNode?)JsonValue.Create(b)).ToArray()),
    };

    /// <summary>A gateway serving one server (v1), with <paramref name="inputGuardrail"/> as that server's override if given.</summary>
    public static JsonObject WithServer(string gatewayName, string serverName, JsonObject? inputGuardrail = null)
    {
        var entry = new JsonObject { ["saved_name"] = serverName, ["server_version"] = "v1" };
        if (inputGuardrail is not null)
        {
            entry["input_guardrails_config"] = inputGuardrail;
        }

        return new JsonObject
        {
            ["gateway_saved_name"] = gatewayName,
            ["gateway_version"] = "v1",
            ["description"] = $"Seeded by the end-to-end tests ({gatewayName})",
            ["servers_config"] = new JsonObject { ["common_overrides"] = new JsonObject(), ["servers"] = new JsonArray(entry) },
        };
    }
}
