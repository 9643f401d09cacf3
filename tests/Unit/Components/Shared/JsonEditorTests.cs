using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components.Shared;

public sealed class JsonEditorTests : ConsoleTestContext
{
    private const string Config = "{\n  \"command\": \"\",\n  \"args\": []\n}";

    [Fact]
    public void JsonEditor_WithErrors_ShowsThemWithTheirLines()
    {
        var cut = Render<JsonEditor>(p => p
            .Add(e => e.Value, Config)
            .Add(e => e.Label, "config")
            .Add(e => e.Errors, [new JsonEditorError("command", "must not be empty")]));

        var errors = cut.Find("[data-testid=json-editor-errors]").TextContent;
        Assert.Contains("Line 2 (command): must not be empty", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonEditor_Ready_RegistersItsSchemaAndMarkersThroughTheOneScript()
    {
        var cut = Render<JsonEditor>(p => p
            .Add(e => e.Value, Config)
            .Add(e => e.Schema, JsonEditorSchemas.Config)
            .Add(e => e.Errors, [new JsonEditorError("args", "is only for stdio servers")]));

        cut.WaitForAssertion(() => Assert.NotEmpty(JSInterop.Invocations["registryConsole.jsonEditor.setMarkers"]));
        var attach = JSInterop.Invocations["registryConsole.jsonEditor.attach"].Single();
        Assert.Equal(JsonEditorSchemas.Config, attach.Arguments[1]);
        var markers = JsonSerializer.Serialize(JSInterop.Invocations["registryConsole.jsonEditor.setMarkers"][^1].Arguments[1]);
        Assert.Contains("\"line\":3", markers, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonEditor_Highlights_BecomeMonacoDecorationsOnTheKeysLines()
    {
        const string expanded = "{\n  \"config\": {\n    \"command\": \"npx\"\n  },\n  \"input_guardrails_config\": {\n    \"enabled\": true,\n    \"block\": [\"pii\"]\n  },\n  \"enable_server_info_validation\": false\n}";
        var decorations = JSInterop.Setup<string[]>("blazorMonaco.editor.deltaDecorations", _ => true);
        decorations.SetResult(["d1", "d2"]);

        var cut = Render<JsonEditor>(p => p
            .Add(e => e.Value, expanded)
            .Add(e => e.ReadOnly, true)
            .Add(e => e.Highlights,
            [
                new JsonHighlight("input_guardrails_config", "Input guardrails ← common override", "common"),
                new JsonHighlight("enable_server_info_validation", "Server-info validation ← per-server override", "server"),
                new JsonHighlight("output_guardrails_config", "not in the text", "server"),
            ]));

        cut.WaitForAssertion(() => Assert.Single(Decorations()));
        var sent = JsonSerializer.Serialize(Decorations()[0].Arguments[2]);
        var items = JsonNode.Parse(sent)!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal(5, (int)items[0]!["range"]!["startLineNumber"]!);
        Assert.Equal(8, (int)items[0]!["range"]!["endLineNumber"]!);
        Assert.True((bool)items[0]!["options"]!["isWholeLine"]!);
        Assert.Equal("rc-highlight rc-highlight-common", (string?)items[0]!["options"]!["className"]);
        Assert.Equal("Input guardrails ← common override", (string?)items[0]!["options"]!["hoverMessage"]![0]!["value"]);
        Assert.Equal(9, (int)items[1]!["range"]!["startLineNumber"]!);
        Assert.Equal("rc-highlight-gutter rc-highlight-gutter-server", (string?)items[1]!["options"]!["linesDecorationsClassName"]);

        // The same marks on the next render change nothing; none at all clears the ones set.
        cut.Render(p => p.Add(e => e.Highlights, [
            new JsonHighlight("input_guardrails_config", "Input guardrails ← common override", "common"),
            new JsonHighlight("enable_server_info_validation", "Server-info validation ← per-server override", "server"),
            new JsonHighlight("output_guardrails_config", "not in the text", "server"),
        ]));
        Assert.Single(Decorations());
        cut.Render(p => p.Add(e => e.Highlights, []));
        cut.WaitForAssertion(() => Assert.Equal(2, Decorations().Count));
        Assert.Equal(["d1", "d2"], (string[])Decorations()[1].Arguments[1]!);
    }

    private IReadOnlyList<JSRuntimeInvocation> Decorations() => JSInterop.Invocations["blazorMonaco.editor.deltaDecorations"];

    [Fact]
    public void JsonEditor_NoHighlights_NeverCallsMonacoDecorations()
    {
        var cut = Render<JsonEditor>(p => p.Add(e => e.Value, Config).Add(e => e.ReadOnly, true));

        cut.WaitForAssertion(() => Assert.NotEmpty(JSInterop.Invocations["registryConsole.jsonEditor.attach"]));
        Assert.Empty(JSInterop.Invocations["blazorMonaco.editor.deltaDecorations"]);
    }

    [Fact]
    public void JsonEditor_ReadOnly_RendersTheEditorHost()
    {
        var cut = Render<JsonEditor>(p => p.Add(e => e.Value, "{}").Add(e => e.ReadOnly, true).Add(e => e.Height, "120px"));

        Assert.Contains("height: 120px", cut.Find(".json-editor").GetAttribute("style"), StringComparison.Ordinal);
        Assert.NotNull(cut.Find(".monaco-editor-container"));
    }

    [Fact]
    public void Schemas_ComeFromCoreLists()
    {
        var guardrails = JsonNode.Parse(JsonEditorSchemas.For(JsonEditorSchemas.OutputGuardrails)!)!;
        var detectors = guardrails["definitions"]!["output_guardrails"]!["properties"]!["block"]!["items"]!["enum"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
        var oauth = guardrails["definitions"]!["oauth_config"]!["properties"]!.AsObject();

        Assert.Equal(GuardrailConfigValidator.Detectors.Concat(GuardrailConfigValidator.OutputOnlyDetectors), detectors);
        Assert.Contains("OAUTH_CLIENT_SECRET", oauth.Select(p => p.Key));
        Assert.Contains("OAUTH_TOKEN_EXPIRY_BUFFER", oauth.Select(p => p.Key));
        Assert.Equal("integer", (string?)oauth["OAUTH_TOKEN_EXPIRY_BUFFER"]!["type"]);
        Assert.Null(JsonEditorSchemas.For("nope"));
    }

    [Fact]
    public void OverridesSchema_AllowsExactlyTheOverridableKeys()
    {
        var schema = JsonNode.Parse(JsonEditorSchemas.For(JsonEditorSchemas.Overrides)!)!;
        var overrides = schema["definitions"]!["overrides"]!;

        Assert.Equal("#/definitions/overrides", (string?)schema["$ref"]);
        Assert.False(overrides["additionalProperties"]!.GetValue<bool>());
        Assert.Equal(
            RegistryConsole.Core.Gateways.GatewayExpansion.OverridableKeys.Order(StringComparer.Ordinal),
            overrides["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }
}
