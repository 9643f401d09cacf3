using System.Net;
using System.Text.Json.Nodes;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>POST /mcp-registry/import-servers and the two exports (API.md §8).</summary>
public sealed class McpImportExportApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_DryRunOfClaudeDesktopBlock_ReportsPerEntryAndStoresNothing()
    {
        using var editor = factory.ClientWithKey(await factory.CreateKeyAsync("editor"));
        var name = RegistryApi.UniqueName("dry");
        var block = JsonNode.Parse($$"""
            { "mcpServers": {
                "{{name}}": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
                              "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_PERSONAL_ACCESS_TOKEN}", "LOG_LEVEL": "info" }, "disabled": false },
                "{{name}}-web": { "url": "https://mcp.example.com/sse", "type": "sse", "headers": { "X-Api-Key": "<YOUR_KEY>" } },
                "{{name}}-bad": { "cwd": "/tmp" } } }
            """)!;

        using var response = await editor.ImportAsync(block, dryRun: true);
        var report = await response.ReadJsonAsync();
        var list = await editor.ListServersOkAsync($"?search={name}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, report["count"]!.GetValue<int>());
        var entries = report["data"]!.AsArray().ToDictionary(e => e!["saved_name"]!.GetValue<string>());
        var github = entries[name]!;
        Assert.Equal("needs_value", github["status"]!.GetValue<string>());
        Assert.Equal("mcp_config.config.env.GITHUB_PERSONAL_ACCESS_TOKEN", Assert.Single(github["needs_value"]!.AsArray())!["path"]!.GetValue<string>());
        Assert.True(github["needs_value"]![0]!["is_secret"]!.GetValue<bool>());
        Assert.Equal("", github["body"]!["mcp_config"]!["config"]!["env"]!["GITHUB_PERSONAL_ACCESS_TOKEN"]!.GetValue<string>());
        Assert.Equal("info", github["body"]!["mcp_config"]!["config"]!["env"]!["LOG_LEVEL"]!.GetValue<string>());
        Assert.Equal("@modelcontextprotocol/server-github", github["body"]!["server_name"]!.GetValue<string>());
        Assert.Contains(github["not_mapped"]!.AsArray(), m => m!.GetValue<string>().Contains("disabled", StringComparison.Ordinal));
        var web = entries[$"{name}-web"]!;
        Assert.Equal("sse", web["body"]!["mcp_config"]!["config"]!["type"]!.GetValue<string>());
        Assert.True(web["needs_value"]![0]!["is_secret"]!.GetValue<bool>());
        var bad = entries[$"{name}-bad"]!;
        Assert.Equal("not_mapped", bad["status"]!.GetValue<string>());
        Assert.Null(bad["body"]);
        Assert.Equal(0, list.Total());
    }

    [Fact]
    public async Task Import_EntryThatMapsToNothing_NothingStored400()
    {
        using var editor = factory.ClientWithKey(await factory.CreateKeyAsync("editor"));
        var name = RegistryApi.UniqueName("allnone");
        var block = JsonNode.Parse($$"""{ "mcpServers": { "{{name}}": { "command": "node", "args": ["/opt/s.js"] }, "{{name}}-x": { "cwd": "/" } } }""")!;

        using var response = await editor.ImportAsync(block);
        var problem = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"mcpServers.{name}-x", problem["errors"]!.AsObject().Select(p => p.Key));
        Assert.Equal(0, (await editor.ListServersOkAsync($"?search={name}")).Total());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Import_EntryThatBreaksAFieldRule_ProblemIsKeyedByThatEntryNotByItsPlaceInTheBatch(bool dryRun)
    {
        using var editor = factory.ClientWithKey(await factory.CreateKeyAsync("editor"));
        var name = RegistryApi.UniqueName("keyed");
        // A dry run reports an entry that maps to nothing beside the others, so the batch it checks starts one entry later
        // (an import stops at such an entry before any check, so it gets none). The last entry has an env name no server may have.
        var none = dryRun ? $$"""   "{{name}}-none": { "cwd": "/" },""" : string.Empty;
        var block = JsonNode.Parse($$"""
            { "mcpServers": {
                {{none}}
                "{{name}}-ok": { "command": "uvx", "args": ["mcp-server-time==0.6.2"] },
                "{{name}}-bad": { "command": "npx", "args": ["-y", "x"], "env": { "1BAD": "v" } } } }
            """)!;

        using var response = await editor.ImportAsync(block, dryRun);
        var problem = await response.ReadJsonAsync();

        Assert.Equal(dryRun ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
        var keys = problem["errors"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains($"mcpServers.{name}-bad.mcp_config.config.env.1BAD", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("servers[", StringComparison.Ordinal));
        Assert.Equal(0, (await editor.ListServersOkAsync($"?search={name}")).Total());
    }

    [Fact]
    public async Task Import_ValuesOfTheWrongJsonTypeDeepInAnEntry_400NamingTheEntryNever500()
    {
        using var editor = factory.ClientWithKey(await factory.CreateKeyAsync("editor"));
        var name = RegistryApi.UniqueName("wrongtype");
        // isSecret as a string, repository as a string: each used to throw while reading, before any validation (500).
        var serverJson = JsonNode.Parse($$"""
            { "name": "com.example/{{name}}", "version": "1.0.0", "description": "d", "repository": "https://github.com/example/x",
              "packages": [ { "registryType": "npm", "identifier": "@example/x", "version": "1.0.0",
                "environmentVariables": [ { "name": "API_TOKEN", "isSecret": "true" } ] } ] }
            """)!;

        using var response = await editor.ImportAsync(serverJson);
        var problem = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem["errors"]);
        Assert.DoesNotContain("Exception", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, (await editor.ListServersOkAsync($"?search={name}")).Total());
    }

    [Fact]
    public async Task Import_EachFormat_StoresEveryServerPendingEvenWithoutRequiredApproval()
    {
        using var admin = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("imp");
        var formats = new JsonNode[]
        {
            JsonNode.Parse($$"""{ "mcpServers": { "{{name}}-claude": { "command": "uvx", "args": ["mcp-server-time==0.6.2"] } } }""")!,
            JsonNode.Parse($$"""
                { "inputs": [ { "type": "promptString", "id": "tok", "description": "API token", "password": true } ],
                  "servers": { "{{name}}-vscode": { "type": "http", "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer ${input:tok}" } } } }
                """)!,
            JsonNode.Parse($$"""
                { "name": "io.github.example/{{name}}-one", "description": "One server.json", "version": "1.4.0", "title": "Weather",
                  "repository": { "url": "https://github.com/example/weather", "source": "github" },
                  "packages": [ { "registryType": "pypi", "identifier": "mcp-weather", "version": "1.4.0", "transport": { "type": "stdio" },
                    "environmentVariables": [ { "name": "WEATHER_API_KEY", "isSecret": true }, { "name": "UNITS", "value": "metric" } ] } ] }
                """)!,
            JsonNode.Parse($$"""
                [ { "name": "com.acme/{{name}}-arr", "description": "Array item", "version": "2.0.0",
                    "packages": [ { "registryType": "oci", "identifier": "ghcr.io/acme/srv:2.0.0", "transport": { "type": "stdio" } } ] } ]
                """)!,
            JsonNode.Parse($$"""
                { "servers": [ { "server": { "name": "com.acme/{{name}}-list", "description": "From a v0.1 list", "version": "3.1.0",
                    "remotes": [ { "type": "sse", "url": "https://sse.acme.com/sse" } ] }, "_meta": {} } ], "metadata": { "count": 1 } }
                """)!,
        };
        await admin.PatchSettingsOkAsync(new JsonObject { ["require_approval"] = false });
        var imported = new List<JsonNode>();
        try
        {
            foreach (var format in formats)
            {
                using var response = await admin.ImportAsync(format);
                var body = await response.ReadJsonAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
                Assert.Equal(1, body["count"]!.GetValue<int>());
                imported.Add(body["data"]![0]!);
            }
        }
        finally
        {
            await admin.PatchSettingsOkAsync(new JsonObject { ["require_approval"] = true });
        }

        Assert.All(imported, s => Assert.Equal("pending", s["review_status"]!.GetValue<string>()));
        Assert.All(imported, s => Assert.Null(s["approved_revision"]));
        var byName = imported.ToDictionary(s => s["saved_name"]!.GetValue<string>());
        Assert.Equal("uvx", byName[$"{name}-claude"]["mcp_config"]!["config"]!["command"]!.GetValue<string>());
        Assert.Equal("streamable_http", byName[$"{name}-vscode"]["mcp_config"]!["config"]!["type"]!.GetValue<string>());
        var one = byName[$"{name}-one"];
        Assert.Equal("1.4.0", one["server_version"]!.GetValue<string>());
        Assert.Equal("Weather", one["server_name"]!.GetValue<string>());
        Assert.Equal("https://github.com/example/weather", one["source_url"]!.GetValue<string>());
        Assert.Equal(["mcp-weather==1.4.0"], one["mcp_config"]!["config"]!["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("metric", one["mcp_config"]!["config"]!["env"]!["UNITS"]!.GetValue<string>());
        Assert.Equal(["run", "-i", "--rm", "ghcr.io/acme/srv:2.0.0"], byName[$"{name}-arr"]["mcp_config"]!["config"]!["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("sse", byName[$"{name}-list"]["mcp_config"]!["config"]!["type"]!.GetValue<string>());
        Assert.Equal("3.1.0", byName[$"{name}-list"]["server_version"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("claude-desktop")]
    [InlineData("vscode")]
    [InlineData("cursor")]
    public async Task ExportServer_EachFormat_NoSecretAndRoundTripsThroughImport(string format)
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer"));
        using var viewer = factory.ClientWithKey(await factory.CreateKeyAsync("viewer"));
        var name = RegistryApi.UniqueName("exp");
        var stdio = ServerBodies.Stdio(name);
        var remote = ServerBodies.Remote($"{name}-r");
        foreach (var body in new[] { stdio, remote })
        {
            await admin.AddServerOkAsync(body);
            await reviewer.ApproveAsync(body["saved_name"]!.GetValue<string>());
        }

        var (status, raw) = await viewer.ExportServerAsync(name, format);
        var (remoteStatus, remoteRaw) = await admin.ExportServerAsync($"{name}-r", format);
        RegistryApi.AssertNoSecret(raw);
        RegistryApi.AssertNoSecret(remoteRaw);

        // Round trip: the exported file imports as the same servers under new names, secrets to be filled in.
        var exported = JsonNode.Parse(raw)!;
        var exportedRemote = JsonNode.Parse(remoteRaw)!;
        var entries = format == "vscode" ? "servers" : "mcpServers";
        Rename(exported[entries]!.AsObject(), name, $"{name}-copy");
        Rename(exportedRemote[entries]!.AsObject(), $"{name}-r", $"{name}-rcopy");
        if (format == "vscode")
        {
            exported["servers"]![$"{name}-rcopy"] = exportedRemote["servers"]![$"{name}-rcopy"]!.DeepClone();
            exported["inputs"]!.AsArray().Add(exportedRemote["inputs"]![0]!.DeepClone());
        }
        else
        {
            exported[entries]![$"{name}-rcopy"] = exportedRemote[entries]![$"{name}-rcopy"]!.DeepClone();
        }

        using var dryRun = await admin.ImportAsync(exported, dryRun: true);
        var report = await dryRun.ReadJsonAsync();
        using var import = await admin.ImportAsync(exported);
        var created = await import.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, remoteStatus);
        Assert.True(import.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        var copies = created["data"]!.AsArray().ToDictionary(s => s!["saved_name"]!.GetValue<string>());
        var copy = copies[$"{name}-copy"]!["mcp_config"]!["config"]!;
        var original = stdio["mcp_config"]!["config"]!;
        Assert.Equal(original["command"]!.GetValue<string>(), copy["command"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(original["args"], copy["args"]));
        Assert.Equal("info", copy["env"]!["LOG_LEVEL"]!.GetValue<string>());
        Assert.True(copy["env"]!.AsObject().ContainsKey("GITHUB_TOKEN"));
        var remoteCopy = copies[$"{name}-rcopy"]!["mcp_config"]!["config"]!;
        Assert.Equal("https://mcp.example.com/mcp", remoteCopy["url"]!.GetValue<string>());
        Assert.True(remoteCopy["headers"]!.AsObject().ContainsKey("Authorization"));
        var needs = report["data"]!.AsArray().SelectMany(e => e!["needs_value"]!.AsArray()).Select(n => n!["path"]!.GetValue<string>()).ToList();
        Assert.Contains("mcp_config.config.env.GITHUB_TOKEN", needs);
        Assert.Contains("mcp_config.config.headers.Authorization", needs);
        Assert.All(report["data"]!.AsArray().SelectMany(e => e!["needs_value"]!.AsArray()), n => Assert.True(n!["is_secret"]!.GetValue<bool>()));
        if (format == "vscode")
        {
            var input = exported["inputs"]![0]!;
            Assert.Equal("promptString", input["type"]!.GetValue<string>());
            Assert.True(input["password"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task ExportServer_PendingChangeAndNeverApproved_ServesApprovedSnapshotOr409()
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer"));
        var name = RegistryApi.UniqueName("snap");
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));
        var (neverStatus, _) = await admin.ExportServerAsync(name, "cursor");
        await reviewer.ApproveAsync(name);
        using var modified = await admin.ModifyServerAsync(name, new JsonObject { ["mcp_config"] = new JsonObject { ["config"] = new JsonObject { ["command"] = "uvx", ["args"] = new JsonArray("mcp-unreviewed==1.0.0") } } });
        var (status, raw) = await admin.ExportServerAsync(name, "cursor");
        var (badStatus, _) = await admin.ExportServerAsync(name, "zed");

        Assert.Equal(HttpStatusCode.Conflict, neverStatus);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("npx", JsonNode.Parse(raw)!["mcpServers"]![name]!["command"]!.GetValue<string>());
        Assert.Equal("${env:GITHUB_TOKEN}", JsonNode.Parse(raw)!["mcpServers"]![name]!["env"]!["GITHUB_TOKEN"]!.GetValue<string>());
        Assert.DoesNotContain("mcp-unreviewed", raw, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
    }

    [Theory]
    [InlineData("claude-desktop")]
    [InlineData("vscode")]
    [InlineData("cursor")]
    public async Task ExportGateway_AsAdmin_ActiveServersOnlyWithPlaceholdersAndRoundTrips(string format)
    {
        using var admin = factory.ClientWithKey();
        using var reviewer = factory.ClientWithKey(await factory.CreateKeyAsync("reviewer"));
        var name = RegistryApi.UniqueName("gwx");
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));
        await reviewer.ApproveAsync(name);
        await admin.AddServerOkAsync(ServerBodies.Remote($"{name}-p"));
        var gateway = new JsonObject
        {
            ["gateway_saved_name"] = $"{name}-gw",
            ["servers_config"] = new JsonObject { ["servers"] = new JsonArray(new JsonObject { ["saved_name"] = name }, new JsonObject { ["saved_name"] = $"{name}-p" }) },
        };
        using var added = await admin.PostAsync("/mcp-gateway/add-gateway", HttpTestExtensions.Json(gateway), Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        // An admin would see secrets in get-gateway-config; the export never does.
        var (status, raw) = await admin.ExportGatewayAsync($"{name}-gw", format);
        RegistryApi.AssertNoSecret(raw);
        var exported = JsonNode.Parse(raw)!;
        var servers = exported[format == "vscode" ? "servers" : "mcpServers"]!.AsObject();
        Rename(servers, name, $"{name}-fromgw");
        using var import = await admin.ImportAsync(exported);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([$"{name}-fromgw"], servers.Select(p => p.Key));
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
    }

    private static void Rename(JsonObject servers, string from, string to)
    {
        var value = servers[from]!.DeepClone();
        servers.Remove(from);
        servers[to] = value;
    }
}
