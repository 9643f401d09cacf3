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

    [Fact]
    public void LineOf_BrokenJson_UsesWhatParsed()
    {
        const string broken = "{\n  \"config\": {\n    \"command\": \"npx\",\n    \"args\": [";

        Assert.Equal(3, JsonLineLocator.LineOf(broken, "config.command"));
        Assert.Equal(1, JsonLineLocator.LineOf("not json", "config"));
    }
}
