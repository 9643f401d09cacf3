using System.Globalization;
using System.Text.Json.Nodes;
using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Components.Shared;

/// <summary>How the console names the gateway-overridable keys, their values in short form and where a value comes from.</summary>
public static class OverridePresentation
{
    public const string Registry = "registry";

    /// <summary>The value in one line: <c>prod-strict-input · 5 detectors · enabled</c>, <c>on</c>, <c>not set</c>.</summary>
    public static string Brief(JsonNode? value) => value switch
    {
        null => "not set",
        JsonObject guard when guard.Count == 0 => "not set",
        JsonObject guard => string.Join(" · ", GuardrailParts(guard)),
        JsonValue v when v.TryGetValue<bool>(out var on) => on ? "on" : "off",
        _ => value.ToJsonString(),
    };

    /// <summary>"common override", "per-server override" or "registry" for a level of <see cref="GatewayExpansion.OverriddenKeys"/>.</summary>
    public static string SourceLabel(string? level) => level switch
    {
        "common_overrides" => "common override",
        "gateway_overrides" => "per-server override",
        _ => Registry,
    };

    /// <summary>
    /// The overridden keys of an expanded server (<see cref="ExpandedServerDto.OverriddenKeys"/>) as marks inside its JSON
    /// editor: "Input guardrails ← common override", coloured by level (<c>common</c> or <c>server</c>).
    /// </summary>
    public static IReadOnlyList<JsonHighlight> Highlights(IReadOnlyDictionary<string, string> overriddenKeys) =>
    [
        .. overriddenKeys.Select(k => new JsonHighlight(
            k.Key, $"{KeyLabel(k.Key)} ← {SourceLabel(k.Value)}", k.Value == "common_overrides" ? "common" : "server")),
    ];

    /// <summary>A readable name for an overridable key.</summary>
    public static string KeyLabel(string key) => key switch
    {
        GatewayExpansion.InputGuardrails => "Input guardrails",
        GatewayExpansion.OutputGuardrails => "Output guardrails",
        GatewayExpansion.ToolGuardrails => "Tool guardrails",
        GatewayExpansion.ServerInfoValidation => "Server-info validation",
        GatewayExpansion.ServerToolsGuardrails => "Server tools guardrails",
        _ => key,
    };

    private static IEnumerable<string> GuardrailParts(JsonObject guard)
    {
        if (guard["guardrail_name"] is JsonValue name && name.TryGetValue<string>(out var text) && text.Length > 0)
        {
            yield return text;
        }

        if (guard["block"] is JsonArray block)
        {
            yield return block.Count == 1 ? "1 detector" : $"{block.Count.ToString(CultureInfo.InvariantCulture)} detectors";
        }

        yield return guard["enabled"] is JsonValue e && e.TryGetValue<bool>(out var on) && on ? "enabled" : "disabled";
    }
}
