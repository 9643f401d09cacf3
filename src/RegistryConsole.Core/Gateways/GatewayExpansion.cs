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

    /// <summary>
    /// The newer Enkrypt gateway contract's gateway-wide guardrail for server info and tool listings. Set in
    /// <c>common_overrides</c> only; never applied to a server's <c>mcp_config</c> (the runtime reads it from
    /// <c>common_overrides</c>).
    /// </summary>
    public const string ServerToolsGuardrails = "server_tools_guardrails_config";

    /// <summary>The keys a per-server entry and <c>common_overrides</c> may both set (API.md §5).</summary>
    public static readonly IReadOnlyList<string> OverridableKeys = [InputGuardrails, OutputGuardrails, ToolGuardrails, ServerInfoValidation];

    /// <summary>The keys only <c>common_overrides</c> may set.</summary>
    public static readonly IReadOnlyList<string> CommonOnlyKeys = [ServerToolsGuardrails];

    /// <summary>
    /// The <c>common_overrides</c> a runtime is served: as stored, and when only the older <c>tool_guardrails_config</c>
    /// is set, also under <see cref="ServerToolsGuardrails"/>, so both generations of the runtime get tool guardrails.
    /// </summary>
    public static JsonObject ServedCommonOverrides(JsonObject stored)
    {
        var served = (JsonObject)stored.DeepClone();
        if (!IsSet(served[ServerToolsGuardrails]) && IsSet(served[ToolGuardrails]))
        {
            served[ServerToolsGuardrails] = served[ToolGuardrails]!.DeepClone();
        }

        return served;
    }

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

    /// <summary>
    /// The keys whose effective value comes from the gateway, and from which level. <paramref name="commonOverrides"/>
    /// is the served form (<see cref="ServedCommonOverrides"/>), so the gateway-wide key shows when a runtime gets it.
    /// </summary>
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

        foreach (var key in CommonOnlyKeys.Where(k => IsSet(commonOverrides?[k])))
        {
            result[key] = "common_overrides";
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
