using System.Text.Json.Nodes;
using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Tests.Unit.Components;

/// <summary>Gateway DTOs as the service returns them.</summary>
public static class TestGateways
{
    public static GatewayDto With(string name, string version = "v1", bool active = true, params string[] servers) => new()
    {
        GatewaySavedName = name,
        GatewayVersion = version,
        Description = "The " + name + " gateway",
        ServersConfig = new GatewayServersConfigDto(
            new JsonObject { ["enable_server_info_validation"] = true },
            servers.Select(s => new JsonObject { ["saved_name"] = s, ["server_version"] = "v1" }).ToList()),
        GatewayId = "gw-" + name,
        ProjectName = "default",
        IsActive = active,
        Revision = 4,
        CreatedAt = new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2026, 2, 2, 9, 30, 0, DateTimeKind.Utc),
        CreatedBy = "alice",
        UpdatedBy = "bob",
    };

    public static GatewayDto FromBody(JsonObject body)
    {
        var config = body["servers_config"] as JsonObject;
        return With((string?)body["gateway_saved_name"] ?? "unnamed", (string?)body["gateway_version"] ?? "v1") with
        {
            Description = (string?)body["description"],
            Revision = 1,
            ServersConfig = new GatewayServersConfigDto(
                config?["common_overrides"] is JsonObject common ? (JsonObject)common.DeepClone() : [],
                (config?["servers"] as JsonArray)?.OfType<JsonObject>().Select(s => (JsonObject)s.DeepClone()).ToList() ?? []),
        };
    }

    /// <summary>A rough modify-gateway: restore, description, common key replace/clear, entry upsert and remove.</summary>
    public static GatewayDto Apply(GatewayDto gateway, JsonObject patch)
    {
        var common = (JsonObject)gateway.ServersConfig.CommonOverrides.DeepClone();
        var servers = gateway.ServersConfig.Servers.Select(s => (JsonObject)s.DeepClone()).ToList();
        if (patch["servers_config"] is JsonObject config)
        {
            foreach (var (key, value) in (config["common_overrides"] as JsonObject) ?? [])
            {
                if (value is null)
                {
                    common.Remove(key);
                }
                else
                {
                    common[key] = value.DeepClone();
                }
            }

            foreach (var entry in (config["servers"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var existing = servers.FirstOrDefault(s => (string?)s["saved_name"] == (string?)entry["saved_name"] && (string?)s["server_version"] == ((string?)entry["server_version"] ?? "v1"));
                if (entry["remove"] is JsonValue remove && remove.GetValue<bool>())
                {
                    servers.Remove(existing!);
                    continue;
                }

                if (existing is null)
                {
                    existing = new JsonObject { ["saved_name"] = (string?)entry["saved_name"], ["server_version"] = (string?)entry["server_version"] ?? "v1" };
                    servers.Add(existing);
                }

                foreach (var (key, value) in entry.Where(p => p.Key is not ("saved_name" or "server_version")).ToList())
                {
                    if (value is null)
                    {
                        existing.Remove(key);
                    }
                    else
                    {
                        existing[key] = value.DeepClone();
                    }
                }
            }
        }

        return gateway with
        {
            Revision = gateway.Revision + 1,
            IsActive = gateway.IsActive || patch.ContainsKey("is_active"),
            Description = patch.ContainsKey("description") ? (string?)patch["description"] : gateway.Description,
            ServersConfig = new GatewayServersConfigDto(common, servers),
        };
    }

    public static GatewayConfigDto EmptyConfig(GatewayDto gateway) => ConfigOf(gateway, []);

    public static GatewayConfigDto ConfigOf(GatewayDto gateway, IReadOnlyList<ExpandedServerDto> servers) => new()
    {
        GatewaySavedName = gateway.GatewaySavedName,
        GatewayVersion = gateway.GatewayVersion,
        GatewayId = gateway.GatewayId,
        ProjectName = gateway.ProjectName,
        IsActive = gateway.IsActive,
        Revision = gateway.Revision,
        CreatedAt = gateway.CreatedAt,
        UpdatedAt = gateway.UpdatedAt,
        CommonOverrides = gateway.ServersConfig.CommonOverrides,
        ExpandedServers = servers,
    };

    public static ExpandedServerDto Expanded(string savedName, JsonObject mcpConfig, IReadOnlyDictionary<string, string>? overridden = null, bool active = true) => new()
    {
        SavedName = savedName,
        ServerVersion = "v1",
        ServerName = "@modelcontextprotocol/server-" + savedName,
        RegistryId = "registry-1",
        IsActive = active,
        ReviewStatus = active ? "approved" : "pending",
        ServedRevision = active ? 2 : null,
        McpConfig = mcpConfig,
        GatewayOverrides = [],
        OverriddenKeys = overridden ?? new Dictionary<string, string>(),
    };
}
