using System.Text.Json.Nodes;
using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Tests.Unit.Core.Gateways;

/// <summary>The precedence table of API.md §5.1 for the pure <see cref="GatewayExpansion"/>.</summary>
public sealed class GatewayExpansionTests
{
    private const string Input = GatewayExpansion.InputGuardrails;
    private const string Output = GatewayExpansion.OutputGuardrails;
    private const string Tool = GatewayExpansion.ToolGuardrails;
    private const string Validation = GatewayExpansion.ServerInfoValidation;

    /// <summary>
    /// One row per case: registry config, per-server overrides, common overrides (JSON, "null" for none),
    /// and the expected effective value of every overridable key (JSON, "absent" when the key must not exist).
    /// </summary>
    public static TheoryData<string, string, string, string, string, string, string, string> PrecedenceCases => new()
    {
        {
            "no override keeps every registry value",
            Registry, "null", "null",
            """{"enabled":true,"guardrail_name":"registry-in","block":["pii"]}""",
            """{"enabled":true,"guardrail_name":"registry-out","block":["toxicity"]}""",
            "absent",
            "true"
        },
        {
            "empty override objects at both levels keep every registry value",
            Registry, "{}", "{}",
            """{"enabled":true,"guardrail_name":"registry-in","block":["pii"]}""",
            """{"enabled":true,"guardrail_name":"registry-out","block":["toxicity"]}""",
            "absent",
            "true"
        },
        {
            "per-server override only replaces that key",
            Registry, """{"input_guardrails_config":{"enabled":true,"guardrail_name":"server-in","block":["nsfw"]}}""", "null",
            """{"enabled":true,"guardrail_name":"server-in","block":["nsfw"]}""",
            """{"enabled":true,"guardrail_name":"registry-out","block":["toxicity"]}""",
            "absent",
            "true"
        },
        {
            "common override only replaces that key",
            Registry, "null", """{"output_guardrails_config":{"enabled":false,"guardrail_name":"common-out"}}""",
            """{"enabled":true,"guardrail_name":"registry-in","block":["pii"]}""",
            """{"enabled":false,"guardrail_name":"common-out"}""",
            "absent",
            "true"
        },
        {
            "common wins over per-server for the same key",
            Registry,
            """{"input_guardrails_config":{"enabled":true,"guardrail_name":"server-in"}}""",
            """{"input_guardrails_config":{"enabled":true,"guardrail_name":"common-in","block":["bias"]}}""",
            """{"enabled":true,"guardrail_name":"common-in","block":["bias"]}""",
            """{"enabled":true,"guardrail_name":"registry-out","block":["toxicity"]}""",
            "absent",
            "true"
        },
        {
            "both levels on different keys: each applies to its own key",
            Registry,
            """{"tool_guardrails_config":{"enabled":true,"guardrail_name":"server-tool"}}""",
            """{"input_guardrails_config":{"enabled":false}}""",
            """{"enabled":false}""",
            """{"enabled":true,"guardrail_name":"registry-out","block":["toxicity"]}""",
            """{"enabled":true,"guardrail_name":"server-tool"}""",
            "true"
        },
        {
            "empty common object does not hide the per-server value",
            Registry,
            """{"input_guardrails_config":{"enabled":true,"guardrail_name":"server-in"}}""",
            """{"input_guardrails_config":{}}""",
            """{"enabled":true,"guardrail_name":"server-in"}""",
            """{"enabled":true,"guardrail_name":"registry-out","block":["toxicity"]}""",
            "absent",
            "true"
        },
        {
            "empty per-server object does not erase the registry value",
            Registry, """{"input_guardrails_config":{},"output_guardrails_config":{}}""", "null",
            """{"enabled":true,"guardrail_name":"registry-in","block":["pii"]}""",
            """{"enabled":true,"guardrail_name":"registry-out","block":["toxicity"]}""",
            "absent",
            "true"
        },
        {
            "explicit false per-server replaces a true registry value",
            Registry, """{"enable_server_info_validation":false}""", "null",
            """{"enabled":true,"guardrail_name":"registry-in","block":["pii"]}""",
            """{"enabled":true,"guardrail_name":"registry-out","block":["toxicity"]}""",
            "absent",
            "false"
        },
        {
            "explicit false in common wins over true per-server",
            Registry, """{"enable_server_info_validation":true}""", """{"enable_server_info_validation":false}""",
            """{"enabled":true,"guardrail_name":"registry-in","block":["pii"]}""",
            """{"enabled":true,"guardrail_name":"registry-out","block":["toxicity"]}""",
            "absent",
            "false"
        },
        {
            "whole-object replacement drops the registry block",
            Registry, """{"input_guardrails_config":{"enabled":true,"guardrail_name":"no-block"}}""", "null",
            """{"enabled":true,"guardrail_name":"no-block"}""",
            """{"enabled":true,"guardrail_name":"registry-out","block":["toxicity"]}""",
            "absent",
            "true"
        },
        {
            "override adds a key the registry does not have",
            """{"config":{"command":"npx"}}""", """{"tool_guardrails_config":{"enabled":false}}""", """{"enable_server_info_validation":true}""",
            "absent",
            "absent",
            """{"enabled":false}""",
            "true"
        },
    };

    private const string Registry = """
        {
          "config": {"command": "npx", "args": ["-y", "pkg"], "env": {"GITHUB_TOKEN": "secret"}},
          "tools": {"read_file": "Reads"},
          "denied_tools": ["delete_*"],
          "enable_server_info_validation": true,
          "input_guardrails_config": {"enabled": true, "guardrail_name": "registry-in", "block": ["pii"]},
          "output_guardrails_config": {"enabled": true, "guardrail_name": "registry-out", "block": ["toxicity"]}
        }
        """;

    [Theory]
    [MemberData(nameof(PrecedenceCases))]
    public void Apply_PrecedenceCase_GivesExpectedEffectiveValues(
        string scenario, string registry, string serverOverrides, string commonOverrides,
        string expectedInput, string expectedOutput, string expectedTool, string expectedValidation)
    {
        // Arrange
        var registryConfig = ParseObject(registry)!;

        // Act
        var effective = GatewayExpansion.Apply(registryConfig, ParseObject(serverOverrides), ParseObject(commonOverrides));

        // Assert
        AssertKey(scenario, effective, Input, expectedInput);
        AssertKey(scenario, effective, Output, expectedOutput);
        AssertKey(scenario, effective, Tool, expectedTool);
        AssertKey(scenario, effective, Validation, expectedValidation);
    }

    [Fact]
    public void Apply_OverridesOnEveryKey_LeavesNonOverridableKeysUntouched()
    {
        // Arrange
        var registryConfig = ParseObject(Registry)!;
        var all = ParseObject("""
            {"input_guardrails_config":{"enabled":false},"output_guardrails_config":{"enabled":false},
             "tool_guardrails_config":{"enabled":false},"enable_server_info_validation":false}
            """);

        // Act
        var effective = GatewayExpansion.Apply(registryConfig, all, all);

        // Assert
        foreach (var key in new[] { "config", "tools", "denied_tools" })
        {
            Assert.True(JsonNode.DeepEquals(registryConfig[key], effective[key]), $"{key} changed: {effective[key]?.ToJsonString()}");
        }

        Assert.Equal(["config", "tools", "denied_tools", Validation, Input, Output, Tool], effective.Select(p => p.Key));
    }

    [Fact]
    public void Apply_OverridesContainNonOverridableKeys_IgnoresThem()
    {
        // Arrange: the validators reject these on the way in; the pure function must not apply them either.
        var registryConfig = ParseObject(Registry)!;
        var sneaky = ParseObject("""{"config":{"command":"rm"},"tools":{},"denied_tools":[]}""");

        // Act
        var effective = GatewayExpansion.Apply(registryConfig, sneaky, sneaky);

        // Assert
        Assert.True(JsonNode.DeepEquals(registryConfig, effective), effective.ToJsonString());
    }

    [Fact]
    public void Apply_WithOverrides_DoesNotMutateAnyInput()
    {
        // Arrange
        var registryConfig = ParseObject(Registry)!;
        var serverOverrides = ParseObject("""{"input_guardrails_config":{"enabled":true,"guardrail_name":"s","block":["nsfw"]}}""")!;
        var commonOverrides = ParseObject("""{"output_guardrails_config":{"enabled":false},"enable_server_info_validation":false}""")!;
        var registryBefore = registryConfig.DeepClone();
        var serverBefore = serverOverrides.DeepClone();
        var commonBefore = commonOverrides.DeepClone();

        // Act
        var effective = GatewayExpansion.Apply(registryConfig, serverOverrides, commonOverrides);
        ((JsonArray)effective[Input]!["block"]!).Add("bias");
        ((JsonArray)effective["config"]!["args"]!).Add("--extra");

        // Assert
        Assert.NotSame(registryConfig, effective);
        Assert.True(JsonNode.DeepEquals(registryBefore, registryConfig), registryConfig.ToJsonString());
        Assert.True(JsonNode.DeepEquals(serverBefore, serverOverrides), serverOverrides.ToJsonString());
        Assert.True(JsonNode.DeepEquals(commonBefore, commonOverrides), commonOverrides.ToJsonString());
    }

    [Fact]
    public void OverriddenKeys_OverridesAtBothLevels_ReportsWinningLevelPerKey()
    {
        // Arrange
        var serverOverrides = ParseObject("""
            {"input_guardrails_config":{"enabled":true,"guardrail_name":"s"},"tool_guardrails_config":{"enabled":false},
             "output_guardrails_config":{}}
            """);
        var commonOverrides = ParseObject("""{"input_guardrails_config":{"enabled":false},"enable_server_info_validation":false}""");

        // Act
        var overridden = GatewayExpansion.OverriddenKeys(serverOverrides, commonOverrides);

        // Assert
        Assert.Equal(
            new Dictionary<string, string>
            {
                [Input] = "common_overrides",
                [Tool] = "gateway_overrides",
                [Validation] = "common_overrides",
            },
            overridden);
    }

    [Fact]
    public void OverriddenKeys_NoOverridesOrOnlyEmptyObjects_ReportsNothing()
    {
        // Arrange
        var empties = ParseObject("""{"input_guardrails_config":{},"output_guardrails_config":{},"tool_guardrails_config":{}}""");

        // Act
        var none = GatewayExpansion.OverriddenKeys(null, null);
        var onlyEmpty = GatewayExpansion.OverriddenKeys(empties, empties);

        // Assert
        Assert.Empty(none);
        Assert.Empty(onlyEmpty);
    }

    [Theory]
    [InlineData("null", false)]
    [InlineData("{}", false)]
    [InlineData("false", true)]
    [InlineData("true", true)]
    [InlineData("""{"enabled":false}""", true)]
    public void IsSet_Value_FollowsEmptyObjectAndFalseRules(string json, bool expected)
    {
        // Arrange
        var node = JsonNode.Parse(json);

        // Act
        var isSet = GatewayExpansion.IsSet(node);

        // Assert
        Assert.Equal(expected, isSet);
    }

    private static JsonObject? ParseObject(string json) => JsonNode.Parse(json) as JsonObject;

    private static void AssertKey(string scenario, JsonObject effective, string key, string expected)
    {
        if (expected == "absent")
        {
            Assert.False(effective.ContainsKey(key), $"{scenario}: {key} should be absent but is {effective[key]?.ToJsonString()}");
            return;
        }

        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), effective[key]),
            $"{scenario}: {key} expected {expected} but was {effective[key]?.ToJsonString() ?? "absent"}");
    }
}
