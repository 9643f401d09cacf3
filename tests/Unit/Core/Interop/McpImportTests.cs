using System.Text.Json.Nodes;
using RegistryConsole.Core.Interop;

namespace RegistryConsole.Tests.Unit.Core.Interop;

/// <summary>What each accepted format maps to, and what export writes, without a database.</summary>
public sealed class McpImportTests
{
    [Theory]
    [InlineData("""{"name":"io.github.a/one","description":"d","version":"1.0.0","remotes":[{"type":"streamable-http","url":"https://a.example/mcp"}]}""", "one")]
    [InlineData("""[{"name":"io.github.a/one","description":"d","version":"1.0.0","remotes":[{"type":"sse","url":"https://a.example/sse"}]}]""", "one")]
    [InlineData("""{"servers":[{"server":{"name":"io.github.a/one","description":"d","version":"1.0.0","remotes":[{"type":"sse","url":"https://a.example/sse"}]}}]}""", "one")]
    [InlineData("""{"mcpServers":{"one":{"url":"https://a.example/mcp"}}}""", "one")]
    [InlineData("""{"servers":{"one":{"type":"http","url":"https://a.example/mcp"}},"inputs":[]}""", "one")]
    public void Plan_EachFormat_OneEntryWithABody(string json, string savedName)
    {
        var entry = Assert.Single(McpImport.Plan(JsonNode.Parse(json))!);

        Assert.Equal(savedName, entry.SavedName);
        Assert.NotNull(entry.Body);
        Assert.StartsWith("https://a.example/", entry.Body["mcp_config"]!["config"]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"foo": 1}""")]
    [InlineData("42")]
    [InlineData("""{"mcpServers": []}""")]
    public void Plan_UnknownShape_Null(string json) => Assert.Null(McpImport.Plan(JsonNode.Parse(json)));

    [Fact]
    public void Plan_ServedServerJson_RoundTripsThroughTheMapper()
    {
        var config = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["command"] = "docker",
                ["args"] = new JsonArray("run", "-i", "--rm", "-e", "API_TOKEN", "ghcr.io/acme/srv:2.0.0", "--verbose"),
                ["env"] = new JsonObject { ["API_TOKEN"] = "********", ["MODE"] = "ro" },
            },
        };
        var served = ServerJsonMapper.ToServerJson(new CatalogEntry("srv", "2.0.0", "Acme", new string('x', 120), "https://github.com/acme/srv", null, config), "com.acme");

        var entry = Assert.Single(McpImport.Plan(served)!);

        var body = entry.Body!;
        Assert.Equal("srv", body["saved_name"]!.GetValue<string>());
        Assert.Equal("2.0.0", body["server_version"]!.GetValue<string>());
        Assert.Equal(new string('x', 120), body["description"]!.GetValue<string>());
        Assert.Equal("https://github.com/acme/srv", body["source_url"]!.GetValue<string>());
        Assert.Equal(["run", "-i", "--rm", "-e", "API_TOKEN", "-e", "MODE", "ghcr.io/acme/srv:2.0.0", "--verbose"],
            body["mcp_config"]!["config"]!["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("", body["mcp_config"]!["config"]!["env"]!["API_TOKEN"]!.GetValue<string>());
        Assert.Equal("ro", body["mcp_config"]!["config"]!["env"]!["MODE"]!.GetValue<string>());
        Assert.True(Assert.Single(entry.NeedsValue).IsSecret);
    }

    [Fact]
    public void Plan_UnmappableLaunchServed_ComesBackAsTheSameCommand()
    {
        var config = new JsonObject { ["config"] = new JsonObject { ["command"] = "node", ["args"] = new JsonArray("/opt/server.js") } };
        var served = ServerJsonMapper.ToServerJson(new CatalogEntry("local", "v1", null, "Local", null, null, config), "com.acme");

        var body = Assert.Single(McpImport.Plan(served)!).Body!;

        Assert.Equal("node", body["mcp_config"]!["config"]!["command"]!.GetValue<string>());
        Assert.Equal(["/opt/server.js"], body["mcp_config"]!["config"]!["args"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Theory]
    [InlineData("my server!", "my-server-")]
    [InlineData("@scope/pkg", "scope-pkg")]
    [InlineData("___", "imported")]
    public void SavedNameOf_AnyName_ValidIdentifier(string name, string expected)
    {
        Assert.Equal(expected, McpImport.SavedNameOf(name));
        Assert.True(RegistryConsole.Core.Common.Identifiers.IsValid(expected));
    }
}
