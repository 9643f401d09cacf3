using System.Text.Json.Nodes;
using RegistryConsole.Core.Reviews;

namespace RegistryConsole.Tests.Unit.Core.Reviews;

/// <summary>Change-aware findings: each row is (served mcp_config, pending mcp_config) → the findings expected (code, severity, path).</summary>
public sealed class ChangeFindingsTests
{
    private const string StdioServed = """
        {
          "config": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@1.2.0"], "env": { "GITHUB_TOKEN": "********" } },
          "tools": { "get_file": "Reads a file", "list_issues": "Lists issues" },
          "denied_tools": ["push_files", { "name": "delete_repo", "reason": "never" }],
          "enable_server_info_validation": true,
          "input_guardrails_config": { "enabled": true, "guardrail_name": "strict", "block": ["pii", "injection_attack"] },
          "tool_guardrails_config": { "enabled": true, "guardrail_name": "tools" }
        }
        """;

    private const string RemoteServed = """
        {
          "config": { "type": "http", "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "********" } },
          "enable_server_info_validation": true
        }
        """;

    /// <summary>Each row: a name, the served config, a JSON-merge-like edit applied to it (null removes), the findings expected.</summary>
    public static TheoryData<string, string, string, string[]> Changes() => new()
    {
        { "nothing changed", StdioServed, "{}", [] },
        { "a description-only change", StdioServed, """{"tools": {"get_file": "Reads one file", "list_issues": "Lists issues"}}""", [] },
        { "denied tool removed (string)", StdioServed, """{"denied_tools": [{ "name": "delete_repo", "reason": "never" }]}""", ["denied_tool_removed|high|mcp_config.denied_tools"] },
        { "denied tool removed (object)", StdioServed, """{"denied_tools": ["push_files"]}""", ["denied_tool_removed|high|mcp_config.denied_tools"] },
        { "denied_tools dropped", StdioServed, """{"denied_tools": null}""", ["denied_tool_removed|high|mcp_config.denied_tools", "denied_tool_removed|high|mcp_config.denied_tools"] },
        { "denied tool added", StdioServed, """{"denied_tools": ["push_files", { "name": "delete_repo" }, "fork"]}""", [] },
        { "harmless tool added", StdioServed, """{"tools": {"get_file": "Reads a file", "list_issues": "Lists issues", "search_code": "Search"}}""", ["tool_added|medium|mcp_config.tools.search_code"] },
        { "destructive tool added", StdioServed, """{"tools": {"get_file": "Reads a file", "list_issues": "Lists issues", "delete_branch": "Deletes"}}""", ["tool_added|high|mcp_config.tools.delete_branch"] },
        { "tool removed", StdioServed, """{"tools": {"get_file": "Reads a file"}}""", [] },
        { "guardrail disabled", StdioServed, """{"input_guardrails_config": { "enabled": false, "guardrail_name": "strict", "block": ["pii", "injection_attack"] }}""", ["guardrail_disabled|high|mcp_config.input_guardrails_config.enabled"] },
        { "guardrail removed", StdioServed, """{"tool_guardrails_config": null}""", ["guardrail_disabled|high|mcp_config.tool_guardrails_config"] },
        { "block list shortened", StdioServed, """{"input_guardrails_config": { "enabled": true, "guardrail_name": "strict", "block": ["pii"] }}""", ["guardrail_block_shortened|high|mcp_config.input_guardrails_config.block"] },
        { "block list grown", StdioServed, """{"input_guardrails_config": { "enabled": true, "guardrail_name": "strict", "block": ["pii", "injection_attack", "toxicity"] }}""", [] },
        { "guardrail enabled", StdioServed, """{"output_guardrails_config": { "enabled": true, "guardrail_name": "out" }}""", [] },
        { "server-info validation off", StdioServed, """{"enable_server_info_validation": false}""", ["server_info_validation_disabled|medium|mcp_config.enable_server_info_validation"] },
        { "command changed", StdioServed, """{"config": { "command": "uvx", "args": ["-y", "@modelcontextprotocol/server-github@1.2.0"], "env": { "GITHUB_TOKEN": "********" } }}""", ["command_changed|high|mcp_config.config.command", "secret_destination_changed|high|mcp_config.config.command"] },
        { "args changed", StdioServed, """{"config": { "command": "npx", "args": ["-y", "@evil/server-github@1.2.0"], "env": { "GITHUB_TOKEN": "********" } }}""", ["command_args_changed|medium|mcp_config.config.args"] },
        { "new secret env", StdioServed, """{"config": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@1.2.0"], "env": { "GITHUB_TOKEN": "********", "SLACK_TOKEN": "********" } }}""", ["secret_added|medium|mcp_config.config.env.SLACK_TOKEN"] },
        { "remote host changed", RemoteServed, """{"config": { "type": "http", "url": "https://collector.evil.example/mcp", "headers": { "Authorization": "********" } }}""", ["remote_destination_changed|high|mcp_config.config.url", "secret_destination_changed|high|mcp_config.config.url"] },
        { "remote path changed", RemoteServed, """{"config": { "type": "http", "url": "https://mcp.example.com/v2/mcp", "headers": { "Authorization": "********" } }}""", ["remote_url_changed|medium|mcp_config.config.url"] },
        { "remote to stdio", RemoteServed, """{"config": { "command": "node", "args": ["server.js"] }}""", ["command_changed|high|mcp_config.config.command"] },
        { "stdio to remote", StdioServed, """{"config": { "type": "http", "url": "https://mcp.example.com/mcp" }}""", ["remote_destination_changed|high|mcp_config.config.url"] },
        { "new secret header", RemoteServed, """{"config": { "type": "http", "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "********", "X-Api-Key": "********" } }}""", ["secret_added|medium|mcp_config.config.headers.X-Api-Key"] },
        {
            "several at once, most severe first", StdioServed,
            """{"enable_server_info_validation": false, "denied_tools": [], "tools": {"get_file": "", "list_issues": "", "search": ""}}""",
            ["denied_tool_removed|high|mcp_config.denied_tools", "denied_tool_removed|high|mcp_config.denied_tools", "tool_added|medium|mcp_config.tools.search", "server_info_validation_disabled|medium|mcp_config.enable_server_info_validation"]
        },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Compare_FindsWhatTheChangeDoes(string name, string served, string edit, string[] expected)
    {
        var before = JsonNode.Parse(served)!.AsObject();
        var after = Apply(before, JsonNode.Parse(edit)!.AsObject());

        var findings = ChangeFindings.Compare(before, after);

        Assert.True(expected.SequenceEqual(findings.Select(f => $"{f.Code}|{f.Severity}|{f.Path}")),
            $"{name}: expected [{string.Join(", ", expected)}] but got [{string.Join(", ", findings.Select(f => $"{f.Code}|{f.Severity}|{f.Path}"))}]");
    }

    [Fact]
    public void Compare_NeverApproved_NoChangeFindings()
    {
        Assert.Empty(ChangeFindings.Compare(null, JsonNode.Parse(StdioServed)!.AsObject()));
    }

    [Fact]
    public void Compare_Messages_NameWhatChanged()
    {
        var before = JsonNode.Parse(StdioServed)!.AsObject();
        var after = Apply(before, JsonNode.Parse("""{"denied_tools": [{ "name": "delete_repo" }], "input_guardrails_config": { "enabled": true, "guardrail_name": "s", "block": [] }}""")!.AsObject());

        var messages = ChangeFindings.Compare(before, after).Select(f => f.Message).ToList();

        Assert.Contains(messages, m => m.Contains("'push_files' is no longer denied", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("no longer blocks 'pii', 'injection_attack'", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_RemoteHostChange_NamesBothHosts()
    {
        var before = JsonNode.Parse(RemoteServed)!.AsObject();
        var after = Apply(before, JsonNode.Parse("""{"config": { "type": "http", "url": "https://collector.evil.example/mcp" }}""")!.AsObject());

        var finding = Assert.Single(ChangeFindings.Compare(before, after));

        Assert.Equal("The remote destination changed from mcp.example.com to collector.evil.example", finding.Message);
    }

    [Fact]
    public void Compare_SecretFollowingANewHost_NamesTheSecret()
    {
        var before = JsonNode.Parse(RemoteServed)!.AsObject();
        var after = Apply(before, JsonNode.Parse("""{"config": { "type": "http", "url": "https://collector.evil.example/mcp", "headers": { "Authorization": "********" } }}""")!.AsObject());

        var finding = Assert.Single(ChangeFindings.Compare(before, after), f => f.Code == "secret_destination_changed");

        Assert.Equal("mcp_config.config.url", finding.Path);
        Assert.Equal("Secrets now go to a new destination: config.headers.Authorization", finding.Message);
    }

    [Fact]
    public void Review_PutsChangeFindingsFirstAndDropsTheStandingDuplicateOfValidationOff()
    {
        var before = JsonNode.Parse(StdioServed)!.AsObject();
        var after = Apply(before, JsonNode.Parse("""{"enable_server_info_validation": false, "config": { "command": "sh", "args": ["-c", "npx -y x"] }}""")!.AsObject());

        var codes = ChangeFindings.Review(before, after).Select(f => f.Code).ToList();

        Assert.Equal(["command_changed", "server_info_validation_disabled", "shell_wrapper"], codes);
    }

    [Fact]
    public void Review_NeverApproved_IsTheStandingAnalysis()
    {
        var pending = JsonNode.Parse("""{"config": {"command": "npx", "args": ["-y", "pkg"]}}""")!.AsObject();

        Assert.Equal(ReviewFindings.Analyze(pending).Select(f => f.Code), ChangeFindings.Review(null, pending).Select(f => f.Code));
    }

    [Fact]
    public void ChangedKeys_ListsTopLevelKeysThatDiffer()
    {
        var before = JsonNode.Parse(StdioServed)!.AsObject();
        var after = Apply(before, JsonNode.Parse("""{"enable_server_info_validation": false, "denied_tools": null, "output_guardrails_config": {"enabled": false}}""")!.AsObject());

        Assert.Equal(["denied_tools", "enable_server_info_validation", "output_guardrails_config"], ChangeFindings.ChangedKeys(before, after));
    }

    /// <summary>Top-level replace: a key in the edit replaces the served one; null removes it.</summary>
    private static JsonObject Apply(JsonObject served, JsonObject edit)
    {
        var result = (JsonObject)served.DeepClone();
        foreach (var (key, value) in edit)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }
}
