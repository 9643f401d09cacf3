using System.Text.Json.Nodes;
using RegistryConsole.Core.Secrets;

namespace RegistryConsole.Tests.Unit.Core.Secrets;

public sealed class SecretDestinationsTests
{
    private static JsonObject Remote(string url, string? tokenUrl = null, string? authorizationUrl = null, string? revocationUrl = null)
    {
        var config = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["url"] = url,
                ["type"] = "http",
                ["headers"] = new JsonObject { ["Authorization"] = "********", ["X-Api-Key"] = "********", ["Accept"] = "application/json" },
            },
        };
        if (tokenUrl is not null || authorizationUrl is not null || revocationUrl is not null)
        {
            var oauth = new JsonObject
            {
                ["enabled"] = true,
                ["OAUTH_CLIENT_ID"] = "client",
                ["OAUTH_CLIENT_SECRET"] = "********",
                ["OAUTH_CUSTOM_HEADERS"] = new JsonObject { ["X-Token"] = "********", ["X-Trace"] = "on" },
            };
            if (tokenUrl is not null)
            {
                oauth["OAUTH_TOKEN_URL"] = tokenUrl;
            }

            if (authorizationUrl is not null)
            {
                oauth["OAUTH_AUTHORIZATION_URL"] = authorizationUrl;
            }

            if (revocationUrl is not null)
            {
                oauth["OAUTH_REVOCATION_URL"] = revocationUrl;
            }

            config["oauth_config"] = oauth;
        }

        return config;
    }

    private static JsonObject Stdio(string command, params string[] args) => new()
    {
        ["config"] = new JsonObject
        {
            ["command"] = command,
            ["args"] = new JsonArray(args.Select(a => (JsonNode)a).ToArray()),
            ["env"] = new JsonObject { ["GITHUB_TOKEN"] = "********", ["DB_PASSWORD"] = "********", ["LOG_LEVEL"] = "info" },
        },
    };

    private const string Headers = "mcp_config.config.headers.Authorization|mcp_config.config.headers.X-Api-Key";
    private const string OAuth = "mcp_config.oauth_config.OAUTH_CLIENT_SECRET|mcp_config.oauth_config.OAUTH_CUSTOM_HEADERS.X-Token";
    private const string Env = "mcp_config.config.env.GITHUB_TOKEN|mcp_config.config.env.DB_PASSWORD";

    public static TheoryData<string, JsonObject, JsonObject, string> Cases => new()
    {
        // Remote url: scheme, host or port move the secret headers; the path, query or letter case do not.
        { "same url", Remote("https://api.example.com/mcp"), Remote("https://api.example.com/mcp"), "" },
        { "path changes", Remote("https://api.example.com/mcp"), Remote("https://api.example.com/v2/mcp?x=1"), "" },
        { "host case changes", Remote("https://api.example.com/mcp"), Remote("https://API.Example.com/mcp"), "" },
        { "default port written", Remote("https://api.example.com/mcp"), Remote("https://api.example.com:443/mcp"), "" },
        { "host changes", Remote("https://api.example.com/mcp"), Remote("https://evil.example/mcp"), $"mcp_config.config.url={Headers}" },
        { "subdomain changes", Remote("https://api.example.com/mcp"), Remote("https://api.example.com.evil.example/mcp"), $"mcp_config.config.url={Headers}" },
        { "scheme changes", Remote("https://api.example.com/mcp"), Remote("http://api.example.com/mcp"), $"mcp_config.config.url={Headers}" },
        { "port changes", Remote("https://api.example.com/mcp"), Remote("https://api.example.com:8443/mcp"), $"mcp_config.config.url={Headers}" },
        // Without a token URL the token endpoint is discovered from the server: the OAuth secrets follow the url.
        {
            "host changes, OAuth without token URL", Remote("https://api.example.com/mcp", authorizationUrl: "https://auth.example.com/authorize"),
            Remote("https://evil.example/mcp", authorizationUrl: "https://auth.example.com/authorize"), $"mcp_config.config.url={Headers}|{OAuth}"
        },
        {
            "host changes, OAuth with token URL", Remote("https://api.example.com/mcp", tokenUrl: "https://auth.example.com/token"),
            Remote("https://evil.example/mcp", tokenUrl: "https://auth.example.com/token"), $"mcp_config.config.url={Headers}"
        },
        // OAuth URLs: their origin moves the client secret and the secret custom headers.
        {
            "token URL host changes", Remote("https://api.example.com/mcp", tokenUrl: "https://auth.example.com/token"),
            Remote("https://api.example.com/mcp", tokenUrl: "https://evil.example/token"), $"mcp_config.oauth_config.OAUTH_TOKEN_URL={OAuth}"
        },
        {
            "token URL path changes", Remote("https://api.example.com/mcp", tokenUrl: "https://auth.example.com/token"),
            Remote("https://api.example.com/mcp", tokenUrl: "https://auth.example.com/oauth2/token"), ""
        },
        {
            "token URL added", Remote("https://api.example.com/mcp", authorizationUrl: "https://auth.example.com/a"),
            Remote("https://api.example.com/mcp", authorizationUrl: "https://auth.example.com/a", tokenUrl: "https://evil.example/token"),
            $"mcp_config.oauth_config.OAUTH_TOKEN_URL={OAuth}"
        },
        {
            "authorization URL port changes", Remote("https://api.example.com/mcp", tokenUrl: "https://auth.example.com/t", authorizationUrl: "https://auth.example.com/a"),
            Remote("https://api.example.com/mcp", tokenUrl: "https://auth.example.com/t", authorizationUrl: "https://auth.example.com:9999/a"),
            $"mcp_config.oauth_config.OAUTH_AUTHORIZATION_URL={OAuth}"
        },
        {
            "revocation URL scheme changes", Remote("https://api.example.com/mcp", tokenUrl: "https://auth.example.com/t", revocationUrl: "https://auth.example.com/r"),
            Remote("https://api.example.com/mcp", tokenUrl: "https://auth.example.com/t", revocationUrl: "http://auth.example.com/r"),
            $"mcp_config.oauth_config.OAUTH_REVOCATION_URL={OAuth}"
        },
        {
            "url and token URL both change", Remote("https://api.example.com/mcp", tokenUrl: "https://auth.example.com/t"),
            Remote("https://evil.example/mcp", tokenUrl: "https://evil.example/t"),
            $"mcp_config.config.url={Headers};mcp_config.oauth_config.OAUTH_TOKEN_URL={OAuth}"
        },
        // Stdio command: every secret env value follows the program that receives it; args do not count.
        { "same command", Stdio("npx", "-y", "pkg@1.0.0"), Stdio("npx", "-y", "other@2.0.0"), "" },
        { "command changes", Stdio("npx", "-y", "pkg@1.0.0"), Stdio("/tmp/steal", "-y", "pkg@1.0.0"), $"mcp_config.config.command={Env}" },
        { "remote becomes stdio", Remote("https://api.example.com/mcp"), Stdio("npx"), $"mcp_config.config.command={Env}" },
        { "stdio becomes remote", Stdio("npx"), Remote("https://api.example.com/mcp"), $"mcp_config.config.url={Headers}" },
        // No secret goes to the moved destination: nothing to report.
        {
            "host changes, no secret header", new JsonObject { ["config"] = new JsonObject { ["url"] = "https://a.example/mcp" } },
            new JsonObject { ["config"] = new JsonObject { ["url"] = "https://b.example/mcp", ["headers"] = new JsonObject { ["Accept"] = "x" } } }, ""
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Changed_ReportsEachMovedDestinationWithTheSecretsThatGoThere(string name, JsonObject before, JsonObject after, string expected)
    {
        var actual = string.Join(";", SecretDestinations.Changed(before, after).Select(c => $"{c.DestinationPath}={string.Join("|", c.SecretPaths)}"));

        Assert.True(expected == actual, $"{name}: expected '{expected}', got '{actual}'");
    }

    [Fact]
    public void Changed_NewServer_NothingStoredSoNothingMoves()
    {
        Assert.Empty(SecretDestinations.Changed(null, Remote("https://evil.example/mcp")));
    }

    [Fact]
    public void Changed_CustomPrefix_PathsStartWithIt()
    {
        var change = Assert.Single(SecretDestinations.Changed(Stdio("npx"), Stdio("node"), "servers[2].mcp_config"));

        Assert.Equal("servers[2].mcp_config.config.command", change.DestinationPath);
        Assert.Equal(["servers[2].mcp_config.config.env.GITHUB_TOKEN", "servers[2].mcp_config.config.env.DB_PASSWORD"], change.SecretPaths);
    }

    [Fact]
    public void AffectedSecrets_EachSecretOnceWithTheFirstDestination()
    {
        var affected = SecretDestinations.AffectedSecrets(
            Remote("https://api.example.com/mcp", tokenUrl: "https://auth.example.com/t", authorizationUrl: "https://auth.example.com/a"),
            Remote("https://api.example.com/mcp", tokenUrl: "https://evil.example/t", authorizationUrl: "https://evil.example/a"));

        Assert.Equal(2, affected.Count);
        Assert.Equal("mcp_config.oauth_config.OAUTH_TOKEN_URL", affected["mcp_config.oauth_config.OAUTH_CLIENT_SECRET"]);
    }
}
