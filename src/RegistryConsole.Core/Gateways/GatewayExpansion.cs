using System.Text.Json.Nodes;

namespace RegistryConsole.Core.Gateways;

/// <summary>
/// What a gateway runtime consumes for one server (API.md §5.1): the registry's <c>mcp_config</c> with the
/// gateway's overrides applied. Pure: no database, no secrets handling.
/// </summary>
public static class GatewayExpansion
{
    public const string InputGuardrails = "input_guardrails_config";
    public const string OutputGuardrails = "output_guardrails_config";
    public const string ToolGuardrails = "tool_guardrails_config";
    public const string ServerInfoValidation = "enable_server_info_validation";

    public static readonly IReadOnlyList<string> OverridableKeys = [InputGuardrails, OutputGuardrails, ToolGuardrails, ServerInfoValidation];

    /// <summary>
    /// Applies overrides key by key: <paramref name="commonOverrides"/> wins over <paramref name="serverOverrides"/>,
    /// which wins over the registry value. A value replaces the whole key; <c>{}</c> and <c>null</c> count as not set,
    /// an explicit <c>false</c> counts as set.
    /// </summary>
    public static JsonObject Apply(JsonObject registryConfig, JsonObject? serverOverrides, JsonObject? commonOverrides)
    {
        var effective = (JsonObject)registryConfig.DeepClone();
        foreach (var key in OverridableKeys)
        {
            var chosen = IsSet(commonOverrides?[key]) ? commonOverrides![key]
                : IsSet(serverOverrides?[key]) ? serverOverrides![key]
                : null;
            if (chosen is not null)
            {
                effective[key] = chosen.DeepClone();
            }
        }

        return effective;
    }

    /// <summary>The overridable keys whose effective value comes from the gateway, and from which level.</summary>
    public static IReadOnlyDictionary<string, string> OverriddenKeys(JsonObject? serverOverrides, JsonObject? commonOverrides)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in OverridableKeys)
        {
            if (IsSet(commonOverrides?[key]))
            {
                result[key] = "common_overrides";
            }
            else if (IsSet(serverOverrides?[key]))
            {
                result[key] = "gateway_overrides";
            }
        }

        return result;
    }

    public static bool IsSet(JsonNode? value) => value switch
    {
        null => false,
        JsonObject obj => obj.Count > 0,
        _ => true,
    };
}
