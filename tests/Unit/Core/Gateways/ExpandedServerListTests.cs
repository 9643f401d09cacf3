using System.Text.Json;
using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Tests.Unit.Core.Gateways;

/// <summary>
/// A cached gateway config keeps its expanded servers as the JSON they are served as: what a runtime receives, the
/// ETag it polls with and what the console enumerates must be exactly what the plain list gives.
/// </summary>
public sealed class ExpandedServerListTests
{
    private static readonly IReadOnlyList<ExpandedServerDto> Servers =
    [
        new()
        {
            SavedName = "github",
            ServerVersion = "v1",
            ServerName = "@vendor/github",
            Description = "Issues — and \"quotes\" <b>",
            RegistryId = "reg-1",
            IsActive = true,
            ReviewStatus = "approved",
            ServedRevision = 3,
            McpConfig = new JsonObject { ["config"] = new JsonObject { ["command"] = "npx", ["env"] = new JsonObject { ["TOKEN"] = "secret-value" } }, ["denied_tools"] = new JsonArray("delete_*") },
            GatewayOverrides = new JsonObject { ["denied_tools"] = new JsonArray("delete_*") },
            OverriddenKeys = new Dictionary<string, string> { ["denied_tools"] = "server" },
        },
        new()
        {
            SavedName = "never-approved",
            ServerVersion = "v2",
            RegistryId = "reg-1",
            IsActive = false,
            ReviewStatus = "pending",
            McpConfig = [],
            GatewayOverrides = [],
        },
    ];

    [Fact]
    public void Serialize_ConfigWithTheCompactList_WritesExactlyTheBytesOfThePlainList()
    {
        var plain = Config(Servers);
        var compact = Config(new ExpandedServerList(Servers));

        Assert.Equal(JsonSerializer.Serialize(plain, JsonDefaults.Options), JsonSerializer.Serialize(compact, JsonDefaults.Options));
        Assert.Equal(plain.ETag, compact.ETag);
    }

    [Fact]
    public void Enumerate_CompactList_GivesBackEveryServerWithItsOverriddenKeys()
    {
        var compact = new ExpandedServerList(Servers);

        Assert.Equal(2, compact.Count);
        Assert.Equal(Servers.Select(Json), compact.Select(Json));
        Assert.Equal("server", compact[0].OverriddenKeys["denied_tools"]);
        Assert.Empty(compact[1].OverriddenKeys);
    }

    [Fact]
    public void Deserialize_ConfigJson_ReadsThePlainList()
    {
        var json = JsonSerializer.Serialize(Config(new ExpandedServerList(Servers)), JsonDefaults.Options);

        var read = JsonSerializer.Deserialize<GatewayConfigDto>(json, JsonDefaults.Options)!;

        Assert.Equal(Servers.Select(Json), read.ExpandedServers.Select(Json));
    }

    [Fact]
    public async Task Enumerate_ManyConcurrentReaders_EachSeesTheWholeConfig()
    {
        var compact = new ExpandedServerList(Servers);

        var seen = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => string.Join("|", compact.Select(s => s.McpConfig.ToJsonString())), TestContext.Current.CancellationToken)));

        Assert.Single(seen.Distinct());
        Assert.Contains("secret-value", seen[0], StringComparison.Ordinal);
    }

    private static string Json(ExpandedServerDto server) => JsonSerializer.Serialize(server, JsonDefaults.Options);

    private static GatewayConfigDto Config(IReadOnlyList<ExpandedServerDto> servers) => new()
    {
        GatewaySavedName = "gw",
        GatewayVersion = "v1",
        GatewayId = "gw-id",
        ProjectName = "default",
        Revision = 7,
        CommonOverrides = new JsonObject { ["enable_server_info_validation"] = true },
        ExpandedServers = servers,
    };
}
