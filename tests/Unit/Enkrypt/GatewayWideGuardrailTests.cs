using System.Text.Json.Nodes;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Tests.Unit.Enkrypt;

/// <summary>
/// <c>server_tools_guardrails_config</c> in Core's expansion (what is served, what the console marks) and in the
/// console's common-overrides editor schema.
/// </summary>
public sealed class GatewayWideGuardrailTests
{
    private static JsonObject Guardrail(string name) => new() { ["enabled"] = true, ["guardrail_name"] = name, ["block"] = new JsonArray("pii") };

    [Fact]
    public void ServedCommonOverrides_OnlyOlderToolKey_AlsoServedUnderGatewayWideKey()
    {
        var stored = new JsonObject { [GatewayExpansion.ToolGuardrails] = Guardrail("older") };

        var served = GatewayExpansion.ServedCommonOverrides(stored);

        Assert.True(JsonNode.DeepEquals(stored[GatewayExpansion.ToolGuardrails], served[GatewayExpansion.ServerToolsGuardrails]));
        Assert.Null(stored[GatewayExpansion.ServerToolsGuardrails]);
    }

    [Theory]
    [InlineData("""{"server_tools_guardrails_config": {"guardrail_name": "newer"}, "tool_guardrails_config": {"guardrail_name": "older"}}""", "newer")]
    [InlineData("""{"server_tools_guardrails_config": {}, "tool_guardrails_config": {"guardrail_name": "older"}}""", "older")]
    [InlineData("""{"input_guardrails_config": {"guardrail_name": "in"}}""", null)]
    [InlineData("""{"tool_guardrails_config": {}}""", null)]
    public void ServedCommonOverrides_GatewayWideKey_SetWinsEmptyFallsBackToOlderKey(string stored, string? expected)
    {
        var served = GatewayExpansion.ServedCommonOverrides(JsonNode.Parse(stored)!.AsObject());

        var value = served[GatewayExpansion.ServerToolsGuardrails] as JsonObject;
        Assert.Equal(expected, value?["guardrail_name"]?.GetValue<string>());
    }

    [Fact]
    public void OverriddenKeys_GatewayWideKeyInCommon_MarkedAsCommonOverride()
    {
        var common = GatewayExpansion.ServedCommonOverrides(new JsonObject { [GatewayExpansion.ServerToolsGuardrails] = Guardrail("newer") });

        var overridden = GatewayExpansion.OverriddenKeys(new JsonObject { [GatewayExpansion.InputGuardrails] = Guardrail("in") }, common);

        Assert.Equal("common_overrides", overridden[GatewayExpansion.ServerToolsGuardrails]);
        Assert.Equal("gateway_overrides", overridden[GatewayExpansion.InputGuardrails]);
        Assert.False(overridden.ContainsKey(GatewayExpansion.ToolGuardrails));
    }

    [Fact]
    public void Apply_GatewayWideKeyInCommon_NeverEntersAServersMcpConfig()
    {
        var registry = new JsonObject { ["config"] = new JsonObject { ["command"] = "npx" } };
        var common = GatewayExpansion.ServedCommonOverrides(new JsonObject { [GatewayExpansion.ToolGuardrails] = Guardrail("older") });

        var effective = GatewayExpansion.Apply(registry, null, common);

        Assert.Null(effective[GatewayExpansion.ServerToolsGuardrails]);
        Assert.Equal("older", effective[GatewayExpansion.ToolGuardrails]!["guardrail_name"]!.GetValue<string>());
    }

    [Fact]
    public void CommonOverridesSchema_KnowsGatewayWideKey_PerServerSchemaDoesNot()
    {
        var common = JsonNode.Parse(JsonEditorSchemas.For(JsonEditorSchemas.CommonOverrides)!)!;
        var perServer = JsonNode.Parse(JsonEditorSchemas.For(JsonEditorSchemas.Overrides)!)!;

        var commonKeys = common["definitions"]![JsonEditorSchemas.CommonOverrides]!["properties"]!.AsObject().Select(p => p.Key);
        var serverKeys = perServer["definitions"]![JsonEditorSchemas.Overrides]!["properties"]!.AsObject().Select(p => p.Key);

        Assert.Equal($"#/definitions/{JsonEditorSchemas.CommonOverrides}", (string?)common["$ref"]);
        Assert.Equal(
            GatewayExpansion.OverridableKeys.Concat(GatewayExpansion.CommonOnlyKeys).Order(StringComparer.Ordinal),
            commonKeys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(GatewayExpansion.ServerToolsGuardrails, serverKeys);
        Assert.False(common["definitions"]![JsonEditorSchemas.CommonOverrides]!["additionalProperties"]!.GetValue<bool>());
        Assert.Equal("#/definitions/guardrails", (string?)common["definitions"]![JsonEditorSchemas.CommonOverrides]!["properties"]![GatewayExpansion.ServerToolsGuardrails]!["anyOf"]![0]!["$ref"]);
    }
}
