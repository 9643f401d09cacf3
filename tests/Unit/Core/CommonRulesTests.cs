using RegistryConsole.Core.Common;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Core;

public sealed class CommonRulesTests
{
    [Theory]
    [InlineData(1, 20, 0L)]
    [InlineData(3, 20, 40L)]
    [InlineData(int.MaxValue, 100, 214748364600L)]
    public void PageRequestSkip_AnyPage_CountsRowsBeforeItWithoutOverflow(int page, int perPage, long expected)
    {
        var skip = new PageRequest(page, perPage).Skip;

        Assert.Equal(expected, skip);
    }

    [Theory]
    [InlineData(0, 20, "page")]
    [InlineData(1, 0, "per_page")]
    [InlineData(1, 101, "per_page")]
    public void PageRequestRulesCheck_OutOfRange_IsValidationAtParameter(int page, int perPage, string path)
    {
        var error = PageRequestRules.Check(new PageRequest(page, perPage));

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.Validation, error.Kind);
        Assert.True(error.FieldErrors!.ContainsKey(path));
    }

    [Theory]
    [InlineData(2, 1, 2)]
    [InlineData(1, 20, 1)]
    [InlineData(0, 20, 0)]
    [InlineData(41, 20, 3)]
    [InlineData(40, 20, 2)]
    public void PageTotalPages_Totals_RoundUp(int total, int perPage, int expected)
    {
        var page = new Page<int>([], 1, perPage, total);

        Assert.Equal(expected, page.TotalPages);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("v1", true)]
    [InlineData("1", true)]
    [InlineData("my_server.v-2", true)]
    [InlineData("", false)]
    [InlineData("_x", false)]
    [InlineData(".x", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData(null, false)]
    public void IdentifiersIsValid_Names_FollowTheRule(string? value, bool expected)
    {
        Assert.Equal(expected, Identifiers.IsValid(value));
    }

    [Fact]
    public void IdentifiersIsValid_Length_Is1To128()
    {
        Assert.True(Identifiers.IsValid(new string('a', 128)));
        Assert.False(Identifiers.IsValid(new string('a', 129)));
    }

    [Theory]
    [InlineData("$.mcp_config.denied_tool", "mcp_config.denied_tool")]
    [InlineData("$.servers[3].saved_name", "servers[3].saved_name")]
    [InlineData("$['odd key'].x", "odd key.x")]
    [InlineData("$", "")]
    [InlineData(null, "")]
    public void JsonPathFromSystemTextJson_Paths_BecomeOurs(string? path, string expected)
    {
        Assert.Equal(expected, JsonPath.FromSystemTextJson(path));
    }

    [Theory]
    [InlineData("servers[1]", "saved_name", "servers[1].saved_name")]
    [InlineData("mcp_config", "[0]", "mcp_config[0]")]
    [InlineData("", "x", "x")]
    [InlineData("x", "", "x")]
    public void JsonPathCombine_Parts_JoinWithDotsExceptIndexes(string prefix, string path, string expected)
    {
        Assert.Equal(expected, JsonPath.Combine(prefix, path));
    }

    [Theory]
    [InlineData("\"3\"", true, 3)]
    [InlineData("W/\"3\"", true, 3)]
    [InlineData("*", true, null)]
    [InlineData("", true, null)]
    [InlineData(null, true, null)]
    [InlineData("\"abc\"", false, null)]
    [InlineData("\"-1\"", false, null)]
    public void ETagsTryParse_IfMatchValues_GiveTheRevision(string? ifMatch, bool ok, int? revision)
    {
        var parsed = RegistryConsole.Api.IfMatchHeader.TryParse(ifMatch, out var value);

        Assert.Equal(ok, parsed);
        Assert.Equal(revision, value);
    }

    [Theory]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("db_password", true)]
    [InlineData("PASSWD", true)]
    [InlineData("OPENAI_API_KEY", true)]
    [InlineData("MyApiKey", true)]
    [InlineData("SSH_PRIVATE_KEY", true)]
    [InlineData("GOOGLE_CREDENTIALS", true)]
    [InlineData("CLIENT_SECRET", true)]
    [InlineData("LOG_LEVEL", false)]
    [InlineData("PORT", false)]
    public void SecretRulesIsSecretEnvKey_Keys_FollowTheMarkers(string key, bool expected)
    {
        Assert.Equal(expected, SecretRules.IsSecretEnvKey(key));
    }

    [Theory]
    [InlineData("Authorization", true)]
    [InlineData("proxy-authorization", true)]
    [InlineData("X-Api-Key", true)]
    [InlineData("X-Access-Token", true)]
    [InlineData("Accept", false)]
    [InlineData("User-Agent", false)]
    public void SecretRulesIsSecretHeader_Names_FollowTheRule(string name, bool expected)
    {
        Assert.Equal(expected, SecretRules.IsSecretHeader(name));
    }

    [Fact]
    public void SecretRulesMasked_OAuthCustomHeaders_MasksCredentialHeadersOnly()
    {
        var config = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse("""
            {"config":{"url":"https://x.example.com"},
             "oauth_config":{"OAUTH_CUSTOM_HEADERS":{"Authorization":"Basic abc","X-Trace":"on","X-Retries":3}}}
            """)!;

        var masked = SecretRules.Masked(config);

        var headers = masked["oauth_config"]!["OAUTH_CUSTOM_HEADERS"]!;
        Assert.Equal(SecretRules.Mask, headers["Authorization"]!.GetValue<string>());
        Assert.Equal("on", headers["X-Trace"]!.GetValue<string>());
        Assert.Equal(3, headers["X-Retries"]!.GetValue<int>());
    }
}
