using System.Text.Json.Nodes;
using RegistryConsole.Core.Reviews;

namespace RegistryConsole.Tests.Unit.Core.Reviews;

using RegistryConsole.Tests.Unit.Infrastructure;

public sealed class ReviewFindingsTests
{
    /// <summary>A config that should raise nothing: pinned package, secret in a secret-named env, guardrails on, validation on.</summary>
    private static JsonObject Clean(string command = "npx", string[]? args = null) => new()
    {
        ["config"] = new JsonObject
        {
            ["command"] = command,
            ["args"] = new JsonArray((args ?? ["-y", "@modelcontextprotocol/server-filesystem@1.2.0", "/data"]).Select(a => (JsonNode)a).ToArray()),
            ["env"] = new JsonObject { ["LOG_LEVEL"] = "info", ["GITHUB_TOKEN"] = "********" },
        },
        ["tools"] = new JsonObject { ["read_file"] = "Reads a file" },
        ["denied_tools"] = new JsonArray(),
        ["enable_server_info_validation"] = true,
        ["input_guardrails_config"] = new JsonObject { ["enabled"] = true, ["guardrail_name"] = "base", ["block"] = new JsonArray("pii") },
    };

    private static JsonObject Remote(string url) => new()
    {
        ["config"] = new JsonObject { ["url"] = url, ["type"] = "http", ["headers"] = new JsonObject { ["Authorization"] = "********" } },
        ["enable_server_info_validation"] = true,
        ["tool_guardrails_config"] = new JsonObject { ["enabled"] = true, ["guardrail_name"] = "tools" },
    };

    private static List<string> Codes(JsonObject config) => ReviewFindings.Analyze(config).Select(f => f.Code).ToList();

    [Fact]
    public void Analyze_CleanStdioConfig_NoFindings()
    {
        Assert.Empty(ReviewFindings.Analyze(Clean()));
    }

    [Fact]
    public void Analyze_CleanRemoteConfig_NoFindings()
    {
        Assert.Empty(ReviewFindings.Analyze(Remote("https://mcp.example.com/mcp")));
    }

    [Theory]
    [InlineData("sh", "-c")]
    [InlineData("bash", "-c")]
    [InlineData("/bin/bash", "-c")]
    [InlineData("cmd", "/c")]
    [InlineData("cmd.exe", "/C")]
    [InlineData("pwsh", "-Command")]
    public void Analyze_ShellWrapper_FlagsCommandHigh(string shell, string flag)
    {
        var findings = ReviewFindings.Analyze(Clean(shell, [flag, "npx -y some-server"]));

        var finding = Assert.Single(findings);
        Assert.Equal("shell_wrapper", finding.Code);
        Assert.Equal(ReviewFindings.High, finding.Severity);
        Assert.Equal("mcp_config.config.command", finding.Path);
    }

    [Theory]
    [InlineData("bash", new[] { "script.sh" })]
    [InlineData("node", new[] { "-c", "server.js" })]
    public void Analyze_ShellWithoutInlineScriptOrNonShellWithFlag_NotFlagged(string command, string[] args)
    {
        Assert.DoesNotContain("shell_wrapper", Codes(Clean(command, args)));
    }

    [Theory]
    [InlineData("npx", new[] { "-y", "pkg" })]
    [InlineData("npx", new[] { "-y", "@scope/pkg" })]
    [InlineData("npx", new[] { "-y", "pkg@latest" })]
    [InlineData("npx", new[] { "-y", "@scope/pkg@latest" })]
    [InlineData("uvx", new[] { "pkg" })]
    [InlineData("uvx", new[] { "mcp-server-fetch" })]
    public void Analyze_UnpinnedRunner_FlagsArgsMedium(string runner, string[] args)
    {
        var finding = Assert.Single(ReviewFindings.Analyze(Clean(runner, args)));

        Assert.Equal("unpinned_package", finding.Code);
        Assert.Equal(ReviewFindings.Medium, finding.Severity);
        Assert.Equal("mcp_config.config.args", finding.Path);
    }

    [Theory]
    [InlineData("npx", new[] { "-y", "pkg@1.2.3" })]
    [InlineData("npx", new[] { "-y", "@scope/pkg@1.0.0" })]
    [InlineData("npx", new[] { "@scope/pkg@1.0.0", "--port", "8080" })]
    [InlineData("uvx", new[] { "mcp-server-fetch==1.2.3" })]
    [InlineData("node", new[] { "server.js" })]
    public void Analyze_PinnedPackageOrNoRunner_NotFlagged(string command, string[] args)
    {
        Assert.Empty(ReviewFindings.Analyze(Clean(command, args)));
    }

    [Fact]
    public void Analyze_PlainHttpUrl_FlagsUrlHigh()
    {
        var finding = Assert.Single(ReviewFindings.Analyze(Remote("http://mcp.example.com/mcp")));

        Assert.Equal("insecure_url", finding.Code);
        Assert.Equal(ReviewFindings.High, finding.Severity);
        Assert.Equal("mcp_config.config.url", finding.Path);
    }

    [Theory]
    [InlineData("OAUTH_TOKEN_URL")]
    [InlineData("OAUTH_AUTHORIZATION_URL")]
    public void Analyze_PlainHttpOAuthUrl_FlagsThatKey(string key)
    {
        var config = Remote("https://mcp.example.com/mcp");
        config["oauth_config"] = new JsonObject
        {
            ["enabled"] = true,
            ["OAUTH_TOKEN_URL"] = "https://auth.example.com/token",
            ["OAUTH_AUTHORIZATION_URL"] = "https://auth.example.com/authorize",
        };
        config["oauth_config"]![key] = "http://auth.example.com/x";

        var finding = Assert.Single(ReviewFindings.Analyze(config));

        Assert.Equal("insecure_url", finding.Code);
        Assert.Equal($"mcp_config.oauth_config.{key}", finding.Path);
    }

    [Theory]
    [InlineData(new[] { "-y", "pkg@1.0.0", "ghp_abcdefghijklmnop1234" }, 2)]
    [InlineData(new[] { "-y", "pkg@1.0.0", "--token", "abcdefgh123" }, 3)]
    [InlineData(new[] { "-y", "pkg@1.0.0", "--api-key", "abcdefgh123" }, 3)]
    [InlineData(new[] { "-y", "pkg@1.0.0", "--token=abcdefgh123" }, 2)]
    [InlineData(new[] { "-y", "pkg@1.0.0", "sk-abcdefghijklmnopqrst" }, 2)]
    public void Analyze_SecretLookingArgument_FlagsThatArgument(string[] args, int index)
    {
        var finding = Assert.Single(ReviewFindings.Analyze(Clean("npx", args)));

        Assert.Equal("secret_literal", finding.Code);
        Assert.Equal(ReviewFindings.High, finding.Severity);
        Assert.Equal($"mcp_config.config.args[{index}]", finding.Path);
    }

    [Theory]
    [InlineData("-y pkg@1.0.0 --token short")]
    [InlineData("-y pkg@1.0.0 --port abcdefgh123")]
    [InlineData("-y pkg@1.0.0 ********")]
    public void Analyze_ArgumentThatIsNoSecret_NotFlagged(string args)
    {
        Assert.Empty(ReviewFindings.Analyze(Clean("npx", args.Split(' '))));
    }

    [Fact]
    public void Analyze_SecretLiteralInNonSecretEnvName_FlagsThatEnv()
    {
        var config = Clean();
        config["config"]!["env"]!["GITHUB"] = "ghp_abcdefghijklmnop1234";

        var finding = Assert.Single(ReviewFindings.Analyze(config));

        Assert.Equal("secret_literal", finding.Code);
        Assert.Equal("mcp_config.config.env.GITHUB", finding.Path);
    }

    [Fact]
    public void Analyze_SecretInSecretNamedEnv_NotFlagged()
    {
        var config = Clean();
        config["config"]!["env"]!["GITHUB_TOKEN"] = "ghp_abcdefghijklmnop1234";

        Assert.Empty(ReviewFindings.Analyze(config));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public void Analyze_EveryGuardrailDisabled_FlagsGuardrails(bool? enabled)
    {
        var config = Clean();
        config.Remove("input_guardrails_config");
        if (enabled is { } value)
        {
            config["input_guardrails_config"] = new JsonObject { ["enabled"] = value, ["guardrail_name"] = "base" };
            config["output_guardrails_config"] = new JsonObject { ["enabled"] = value };
            config["tool_guardrails_config"] = new JsonObject();
        }

        var finding = Assert.Single(ReviewFindings.Analyze(config));

        Assert.Equal("guardrails_disabled", finding.Code);
        Assert.Equal(ReviewFindings.Medium, finding.Severity);
    }

    [Theory]
    [InlineData("input_guardrails_config")]
    [InlineData("output_guardrails_config")]
    [InlineData("tool_guardrails_config")]
    public void Analyze_AnyOneGuardrailEnabled_NotFlagged(string guardrail)
    {
        var config = Clean();
        config.Remove("input_guardrails_config");
        config[guardrail] = new JsonObject { ["enabled"] = true, ["guardrail_name"] = "base" };

        Assert.Empty(ReviewFindings.Analyze(config));
    }

    [Theory]
    [InlineData("delete_file")]
    [InlineData("drop_table")]
    [InlineData("exec_command")]
    [InlineData("execute_sql")]
    [InlineData("write_file")]
    [InlineData("remove_item")]
    [InlineData("rm")]
    [InlineData("kill_process")]
    [InlineData("run_shell")]
    [InlineData("deleteRepository")]
    [InlineData("rmdir")]
    [InlineData("overwrite_file")]
    [InlineData("HTTPDelete")]
    public void Analyze_DestructiveToolWithoutDeniedTools_FlagsDeniedTools(string tool)
    {
        var config = Clean();
        config["tools"]![tool] = "does things";

        var finding = Assert.Single(ReviewFindings.Analyze(config));

        Assert.Equal("destructive_tools_allowed", finding.Code);
        Assert.Equal("mcp_config.denied_tools", finding.Path);
        Assert.Contains(tool, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_DestructiveToolWithoutDeniedToolsKey_FlagsDeniedTools()
    {
        var config = Clean();
        config.Remove("denied_tools");
        config["tools"]!["delete_file"] = "Deletes a file";

        Assert.Equal(["destructive_tools_allowed"], Codes(config));
    }

    [Fact]
    public void Analyze_DestructiveToolWithDeniedTools_NotFlagged()
    {
        var config = Clean();
        config["tools"]!["delete_file"] = "Deletes a file";
        config["denied_tools"] = new JsonArray("delete_*");

        Assert.Empty(ReviewFindings.Analyze(config));
    }

    [Theory]
    [InlineData("get_information")]
    [InlineData("list_permissions")]
    [InlineData("format_document")]
    [InlineData("search_terms")]
    [InlineData("list_skills")]
    [InlineData("transform_data")]
    [InlineData("perform_search")]
    public void Analyze_ToolWhoseNameOnlyContainsADestructiveWord_NotFlagged(string tool)
    {
        var config = Clean();
        config["tools"]![tool] = "harmless";

        Assert.Empty(ReviewFindings.Analyze(config));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public void Analyze_ServerInfoValidationOff_FlagsLow(bool? value)
    {
        var config = Clean();
        config.Remove("enable_server_info_validation");
        if (value is not null)
        {
            config["enable_server_info_validation"] = value;
        }

        var finding = Assert.Single(ReviewFindings.Analyze(config));

        Assert.Equal("server_info_validation_off", finding.Code);
        Assert.Equal(ReviewFindings.Low, finding.Severity);
        Assert.Equal("mcp_config.enable_server_info_validation", finding.Path);
    }

    [Fact]
    public void Analyze_SeveralProblems_ReportsEach()
    {
        var config = new JsonObject
        {
            ["config"] = new JsonObject { ["command"] = "bash", ["args"] = new JsonArray("-c", "npx -y pkg --token=abcdefgh123") },
            ["tools"] = new JsonObject { ["delete_everything"] = "x" },
        };

        var codes = Codes(config);

        Assert.Equal(
            ["destructive_tools_allowed", "guardrails_disabled", "secret_literal", "server_info_validation_off", "shell_wrapper"],
            codes.Order());
    }
}
