using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Core.Servers;

public sealed class ServerPatchTests
{
    private static readonly JsonObject Current = Obj("""
        {"saved_name":"fs","server_version":"v1","description":"old","server_name":null,
         "mcp_config":{"config":{"command":"npx","args":["a"]},"input_guardrails_config":{"name":"g"},"enable_server_info_validation":true}}
        """);

    [Fact]
    public void Apply_TopLevelNullClearsTheFieldButKeepsTheKey_McpConfigSectionsReplaceOneByOne()
    {
        var merged = ServerPatch.Apply(Current, Obj("""{"description":null,"mcp_config":{"config":{"url":"https://x"},"input_guardrails_config":null}}"""));

        Assert.True(merged.ContainsKey("description"));
        Assert.Null(merged["description"]);
        Assert.Equal("""{"config":{"url":"https://x"},"enable_server_info_validation":true}""", merged["mcp_config"]!.ToJsonString());
        Assert.Equal("old", Current["description"]!.GetValue<string>());
    }

    [Fact]
    public void Diff_OnlyChangedFieldsAndSections_AndApplyingItGivesTheEditBack()
    {
        var edited = (JsonObject)Current.DeepClone();
        edited["description"] = null;
        edited["mcp_config"]!["config"]!["args"] = new JsonArray("b");
        edited["mcp_config"]!.AsObject().Remove("input_guardrails_config");

        var patch = ServerPatch.Diff(Current, edited);

        Assert.Equal("""{"description":null,"mcp_config":{"config":{"command":"npx","args":["b"]},"input_guardrails_config":null}}""", patch.ToJsonString());
        Assert.True(JsonNode.DeepEquals(edited, ServerPatch.Apply(Current, patch)));
        Assert.Empty(ServerPatch.Diff(Current, (JsonObject)Current.DeepClone()));
    }

    [Fact]
    public void Read_IsActiveTrueIsARestoreAndNotAField_FalseOrARenameAreErrors()
    {
        var errors = new FieldErrors();
        var (changes, restore) = ServerPatch.Read(new ServerKey("fs", "v1"), Obj("""{"is_active":true,"description":"d"}"""), errors);
        Assert.True(errors.IsEmpty);
        Assert.True(restore);
        Assert.Equal("""{"description":"d"}""", changes.ToJsonString());

        var refused = new FieldErrors();
        ServerPatch.Read(new ServerKey("fs", "v1"), Obj("""{"is_active":false,"saved_name":"other"}"""), refused);
        Assert.Equal(["is_active", "saved_name"], refused.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();
}
