using System.Text.Json.Nodes;
using RegistryConsole.Core.Interop;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Core.Interop;

/// <summary>The one mapping from a registry server to a server.json, as a table of launch commands and the package each becomes.</summary>
public sealed class ServerJsonMapperTests
{
    [Theory]
    [InlineData("npx", "-y @modelcontextprotocol/server-filesystem@1.2.3 /data /tmp", "npm", "@modelcontextprotocol/server-filesystem", "1.2.3", "npx", "https://registry.npmjs.org", "/data /tmp")]
    [InlineData("npx", "mcp-server-fetch", "npm", "mcp-server-fetch", null, "npx", "https://registry.npmjs.org", "")]
    [InlineData("npx", "-y mcp-server-fetch@latest", "npm", "mcp-server-fetch", null, "npx", "https://registry.npmjs.org", "")]
    [InlineData("uvx", "mcp-server-time==0.6.2 --local-timezone UTC", "pypi", "mcp-server-time", "0.6.2", "uvx", "https://pypi.org", "--local-timezone UTC")]
    [InlineData("uvx", "mcp-server-git@2025.1.14", "pypi", "mcp-server-git", "2025.1.14", "uvx", "https://pypi.org", "")]
    [InlineData("docker", "run -i --rm -e GITHUB_TOKEN ghcr.io/github/github-mcp-server:v0.4.0 stdio", "oci", "ghcr.io/github/github-mcp-server:v0.4.0", null, "docker", null, "stdio")]
    [InlineData("docker", "run -i --rm mcp/fetch@sha256:0123abcd", "oci", "mcp/fetch@sha256:0123abcd", null, "docker", null, "")]
    [InlineData("dnx", "NuGet.Mcp.Server@0.1.2-preview --yes", "nuget", "NuGet.Mcp.Server", "0.1.2-preview", "dnx", "https://api.nuget.org/v3/index.json", "--yes")]
    [InlineData("/usr/local/bin/npx", "-y @scope/pkg@2.0.0", "npm", "@scope/pkg", "2.0.0", "npx", "https://registry.npmjs.org", "")]
    public void ToServerJson_PackageRunner_MapsToPackage(string command, string args, string registryType, string identifier, string? version, string runtimeHint, string? baseUrl, string packageArgs)
    {
        var server = ServerJsonMapper.ToServerJson(Entry(Stdio(command, args)), "com.example");

        var package = Assert.Single(server["packages"]!.AsArray())!;
        Assert.Equal(registryType, package["registryType"]!.GetValue<string>());
        Assert.Equal(identifier, package["identifier"]!.GetValue<string>());
        Assert.Equal(version, package["version"]?.GetValue<string>());
        Assert.Equal(runtimeHint, package["runtimeHint"]!.GetValue<string>());
        Assert.Equal(baseUrl, package["registryBaseUrl"]?.GetValue<string>());
        Assert.Equal("stdio", package["transport"]!["type"]!.GetValue<string>());
        Assert.Equal(packageArgs, string.Join(' ', (package["packageArguments"] as JsonArray ?? []).Select(a => a!["value"]!.GetValue<string>())));
        Assert.All(package["packageArguments"] as JsonArray ?? [], a => Assert.Equal("positional", a!["type"]!.GetValue<string>()));
        Assert.Null(server["_meta"]![ServerJsonMapper.MetaKey]!["launch"]);
        AssertContract(server);
    }

    [Theory]
    [InlineData("node", "/opt/server.js --port 3000")]
    [InlineData("python", "-m mcp_server")]
    [InlineData("npx", "--package=foo -c bar")]
    [InlineData("uvx", "--from git+https://github.com/x/y mcp-y")]
    [InlineData("docker", "run -i --rm mcp/fetch")]
    [InlineData("docker", "compose up")]
    [InlineData("npx", "./local-server")]
    public void ToServerJson_CommandOfNoPackage_ServedUnderOwnMetaNeverAsPackage(string command, string args)
    {
        var server = ServerJsonMapper.ToServerJson(Entry(Stdio(command, args)), "com.example");

        Assert.Null(server["packages"]);
        Assert.Null(server["remotes"]);
        var launch = server["_meta"]![ServerJsonMapper.MetaKey]!["launch"]!;
        Assert.Equal(command, launch["command"]!.GetValue<string>());
        Assert.Equal(args.Split(' '), launch["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        AssertContract(server);
    }

    [Fact]
    public void ToServerJson_Env_SecretsHaveNoValueOthersKeepTheirs()
    {
        var config = Stdio("npx", "-y pkg@1.0.0");
        config["config"]!["env"] = new JsonObject { ["GITHUB_TOKEN"] = "ghp_plain_secret", ["LOG_LEVEL"] = "info", ["DB_PASSWORD"] = "********" };

        var server = ServerJsonMapper.ToServerJson(Entry(config), "com.example");
        var env = server["packages"]![0]!["environmentVariables"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>());

        Assert.True(env["GITHUB_TOKEN"]!["isSecret"]!.GetValue<bool>());
        Assert.Null(env["GITHUB_TOKEN"]!["value"]);
        Assert.True(env["DB_PASSWORD"]!["isSecret"]!.GetValue<bool>());
        Assert.Null(env["DB_PASSWORD"]!["value"]);
        Assert.Equal("info", env["LOG_LEVEL"]!["value"]!.GetValue<string>());
        Assert.Null(env["LOG_LEVEL"]!["isSecret"]);
        Assert.DoesNotContain("ghp_plain_secret", server.ToJsonString(), StringComparison.Ordinal);
        AssertContract(server);
    }

    [Fact]
    public void ToServerJson_DockerEnvFlagWithoutEnvEntry_DeclaresTheVariable()
    {
        var server = ServerJsonMapper.ToServerJson(Entry(Stdio("docker", "run -i --rm -e API_TOKEN -v /a:/b ghcr.io/o/i:1.0")), "com.example");

        var package = server["packages"]![0]!;
        Assert.Equal(["-i", "--rm", "-v", "/a:/b"], package["runtimeArguments"]!.AsArray().Select(a => a!["value"]!.GetValue<string>()));
        var variable = Assert.Single(package["environmentVariables"]!.AsArray())!;
        Assert.Equal("API_TOKEN", variable["name"]!.GetValue<string>());
        Assert.True(variable["isSecret"]!.GetValue<bool>());
        AssertContract(server);
    }

    [Theory]
    [InlineData("streamable_http", "streamable-http")]
    [InlineData("http", "streamable-http")]
    [InlineData(null, "streamable-http")]
    [InlineData("sse", "sse")]
    public void ToServerJson_Remote_MapsToRemoteWithHeadersAsInputs(string? type, string expected)
    {
        var config = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["url"] = "https://mcp.example.com/mcp",
                ["type"] = type,
                ["headers"] = new JsonObject { ["Authorization"] = "Bearer real-token", ["X-Tenant"] = "acme" },
            },
        };
        if (type is null)
        {
            config["config"]!.AsObject().Remove("type");
        }

        var server = ServerJsonMapper.ToServerJson(Entry(config), "com.example");

        var remote = Assert.Single(server["remotes"]!.AsArray())!;
        Assert.Equal(expected, remote["type"]!.GetValue<string>());
        Assert.Equal("https://mcp.example.com/mcp", remote["url"]!.GetValue<string>());
        var headers = remote["headers"]!.AsArray().ToDictionary(h => h!["name"]!.GetValue<string>());
        Assert.True(headers["Authorization"]!["isSecret"]!.GetValue<bool>());
        Assert.Null(headers["Authorization"]!["value"]);
        Assert.Equal("acme", headers["X-Tenant"]!["value"]!.GetValue<string>());
        Assert.Null(server["packages"]);
        Assert.DoesNotContain("real-token", server.ToJsonString(), StringComparison.Ordinal);
        AssertContract(server);
    }

    [Theory]
    [InlineData("https://github.com/modelcontextprotocol/servers", "github", null)]
    [InlineData("https://gitlab.com/acme/mcp", "gitlab", null)]
    [InlineData("https://docs.example.com/mcp", null, "https://docs.example.com/mcp")]
    [InlineData(null, null, null)]
    public void ToServerJson_SourceUrl_RepositoryForGithubAndGitlabElseWebsite(string? sourceUrl, string? source, string? website)
    {
        var server = ServerJsonMapper.ToServerJson(Entry(Stdio("npx", "-y pkg@1.0.0")) with { SourceUrl = sourceUrl }, "com.example");

        Assert.Equal(source, server["repository"]?["source"]?.GetValue<string>());
        Assert.Equal(source is null ? null : sourceUrl, server["repository"]?["url"]?.GetValue<string>());
        Assert.Equal(website, server["websiteUrl"]?.GetValue<string>());
        AssertContract(server);
    }

    [Fact]
    public void ToServerJson_NamesAndText_NamespacedTitleAndDescriptionCutWithFullTextKept()
    {
        var longDescription = new string('d', 150);
        var entry = Entry(Stdio("npx", "-y pkg@1.0.0")) with { ServerName = "GitHub " + new string('t', 120), Description = longDescription };

        var server = ServerJsonMapper.ToServerJson(entry, "com.example");

        Assert.Equal("com.example/fs", server["name"]!.GetValue<string>());
        Assert.Equal("2.0.0", server["version"]!.GetValue<string>());
        Assert.Equal(100, server["description"]!.GetValue<string>().Length);
        Assert.EndsWith("…", server["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(longDescription, server["_meta"]![ServerJsonMapper.MetaKey]!["description"]!.GetValue<string>());
        Assert.Equal(100, server["title"]!.GetValue<string>().Length);
        Assert.StartsWith("GitHub ", server["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("fs", server["_meta"]![ServerJsonMapper.MetaKey]!["savedName"]!.GetValue<string>());
        AssertContract(server);
    }

    [Fact]
    public void ToServerJson_NoDescription_FallsBackToServerNameThenSavedName()
    {
        var withName = ServerJsonMapper.ToServerJson(Entry(Stdio("npx", "pkg")) with { Description = null, ServerName = "Files" }, "com.example");
        var bare = ServerJsonMapper.ToServerJson(Entry(Stdio("npx", "pkg")) with { Description = " ", ServerName = null }, "com.example");

        Assert.Equal("Files", withName["description"]!.GetValue<string>());
        Assert.Equal("fs", bare["description"]!.GetValue<string>());
        Assert.Null(bare["title"]);
        AssertContract(withName);
        AssertContract(bare);
    }

    [Theory]
    [InlineData("default", "local.default")]
    [InlineData("Team A_prod", "local.team-a-prod")]
    public void RegistryNamespaces_DefaultFor_IsAValidReverseDnsNamespace(string project, string expected)
    {
        Assert.Equal(expected, RegistryNamespaces.DefaultFor(project));
        Assert.True(RegistryNamespaces.IsValid(expected));
    }

    [Theory]
    [InlineData("com.example", true)]
    [InlineData("io.github.acme-corp", true)]
    [InlineData("example", false)]
    [InlineData("com..example", false)]
    [InlineData("com.example/", false)]
    [InlineData("-com.example", false)]
    public void RegistryNamespaces_IsValid_ReverseDnsOnly(string value, bool valid) => Assert.Equal(valid, RegistryNamespaces.IsValid(value));

    [Theory]
    [InlineData("1.2.0,1.10.0,1.9.9", "1.10.0")]
    [InlineData("v1.0.0,v2.0.0-beta.1,v1.5.0", "v2.0.0-beta.1")]
    [InlineData("2.0.0-rc.1,2.0.0", "2.0.0")]
    [InlineData("v1,v2,v10", "v10")]
    [InlineData("stable,1.0.0,edge", "edge")]
    public void VersionOrder_Latest_HighestSemverElseMostRecentlyApproved(string versions, string expected)
    {
        // Approved in the order given: the last one is the most recent.
        var items = versions.Split(',').Select((v, i) => (Version: v, At: new DateTime(2026, 1, 1).AddDays(i))).Select(x => new Item(x.Version, x.At)).ToList();

        Assert.Equal(expected, VersionOrder.Latest(items, i => i.Version, i => i.At)!.Version);
    }

    private sealed record Item(string Version, DateTime At);

    private static JsonObject Stdio(string command, string args) => new()
    {
        ["config"] = new JsonObject
        {
            ["command"] = command,
            ["args"] = new JsonArray(args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
        },
    };

    private static CatalogEntry Entry(JsonObject mcpConfig) => new("fs", "2.0.0", "Filesystem", "Reads and writes files", null, null, mcpConfig);

    private static void AssertContract(JsonObject server)
    {
        var problems = new List<string>();
        McpContract.CheckServer(server, problems);
        Assert.True(problems.Count == 0, string.Join("; ", problems) + "\n" + server.ToJsonString());
    }
}
