using RegistryConsole.Components.Shared;

namespace RegistryConsole.Tests.Unit.Components.Shared;

public sealed class JsonLineLocatorTests
{
    private const string Body = """
        {
          "saved_name": "fs",
          "mcp_config": {
            "config": {
              "command": "",
              "args": ["-y", "pkg"]
            },
            "denied_tools": [
              "delete_*",
              { "name": "" }
            ],
            "oauth_config": { "OAUTH_TOKEN_URL": "ftp://x" }
          }
        }
        """;

    [Theory]
    [InlineData("saved_name", 2)]
    [InlineData("mcp_config", 3)]
    [InlineData("mcp_config.config.command", 5)]
    [InlineData("mcp_config.config.args[1]", 6)]
    [InlineData("mcp_config.denied_tools[0]", 9)]
    [InlineData("mcp_config.denied_tools[1].name", 10)]
    [InlineData("mcp_config.oauth_config.OAUTH_TOKEN_URL", 12)]
    public void LineOf_PathInText_IsTheLineOfItsKeyOrItem(string path, int line) =>
        Assert.Equal(line, JsonLineLocator.LineOf(Body, path));

    [Theory]
    [InlineData("mcp_config.config.url", 4)]
    [InlineData("mcp_config.tools.read_file", 3)]
    [InlineData("server_version", 1)]
    [InlineData("", 1)]
    public void LineOf_PathMissing_FallsBackToNearestAncestor(string path, int line) =>
        Assert.Equal(line, JsonLineLocator.LineOf(Body, path));

    [Fact]
    public void LineOf_ArrayRoot_FindsTheItem()
    {
        const string array = "[\n  {\"saved_name\": \"a\"},\n  {\n    \"saved_name\": \"\"\n  }\n]";

        Assert.Equal(4, JsonLineLocator.LineOf(array, "[1].saved_name"));
        Assert.Equal(3, JsonLineLocator.LineOf(array, "[1].mcp_config"));
    }

    [Theory]
    [InlineData("mcp_config", 3, 13)]
    [InlineData("mcp_config.config", 4, 7)]
    [InlineData("mcp_config.config.command", 5, 5)]
    [InlineData("mcp_config.denied_tools", 8, 11)]
    [InlineData("mcp_config.denied_tools[1]", 10, 10)]
    [InlineData("mcp_config.oauth_config", 12, 12)]
    public void LinesOf_PathInText_SpansTheKeyAndItsWholeValue(string path, int first, int last) =>
        Assert.Equal((first, last), JsonLineLocator.LinesOf(Body, path));

    [Fact]
    public void LinesOf_PathMissingOrTextBroken_MarksNothingOrOnlyTheKey()
    {
        Assert.Null(JsonLineLocator.LinesOf(Body, "mcp_config.tools"));
        Assert.Null(JsonLineLocator.LinesOf("not json", "config"));
        Assert.Equal((2, 2), JsonLineLocator.LinesOf("{\n  \"config\": {\n    \"command\": ", "config"));
    }

    [Fact]
    public void LineOf_BrokenJson_UsesWhatParsed()
    {
        const string broken = "{\n  \"config\": {\n    \"command\": \"npx\",\n    \"args\": [";

        Assert.Equal(3, JsonLineLocator.LineOf(broken, "config.command"));
        Assert.Equal(1, JsonLineLocator.LineOf("not json", "config"));
    }
}

public sealed class JsonSyntaxErrorTests
{
    [Theory]
    [InlineData("{\n  \"a\": 1\n  \"b\": 2\n}", "line 3, column 3: expected a comma or a closing bracket")]
    [InlineData("{\"a\" 1}", "line 1, column 6: expected a colon after the property name")]
    [InlineData("{\"a\": 1,}", "line 1, column 9: a comma before a closing bracket is not allowed")]
    [InlineData("{\"a\": [1, 2}", "a closing bracket does not match the one it closes")]
    [InlineData("{\"a\": ", "the text ends before every bracket is closed")]
    [InlineData("{\"a\": nope}", "expected a value")]
    public void SyntaxError_ReadsAsLineColumnAndPlainWords(string text, string expected)
    {
        var ex = Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.Nodes.JsonNode.Parse(text));

        var message = RegistryConsole.Components.Shared.JsonText.SyntaxError(ex);

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.StartsWith("line ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", message, StringComparison.Ordinal);
    }
}
