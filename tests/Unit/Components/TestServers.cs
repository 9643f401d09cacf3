using System.Text.Json.Nodes;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components;

/// <summary>Server DTOs as the service returns them (secrets already masked).</summary>
public static class TestServers
{
    public static ServerDto Stdio(string savedName, string version = "v1", bool active = true, string review = ReviewStatuses.Pending) => new()
    {
        SavedName = savedName,
        ServerVersion = version,
        ServerName = "@modelcontextprotocol/server-" + savedName,
        Description = "The " + savedName + " server",
        McpConfig = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["command"] = "npx",
                ["args"] = new JsonArray("-y", "@modelcontextprotocol/server-" + savedName + "@1.0.0"),
                ["env"] = new JsonObject { ["LOG_LEVEL"] = "info", ["GITHUB_TOKEN"] = "********" },
            },
            ["tools"] = new JsonObject { ["read_file"] = "Reads a file" },
            ["denied_tools"] = new JsonArray("delete_*"),
            ["enable_server_info_validation"] = true,
            ["input_guardrails_config"] = new JsonObject { ["enabled"] = true, ["guardrail_name"] = "base", ["block"] = new JsonArray("pii") },
        },
        RegistryId = "registry-1",
        RegistryName = "default",
        ProjectName = "default",
        IsActive = active,
        ReviewStatus = review,
        Revision = 3,
        CreatedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2026, 1, 3, 3, 4, 5, DateTimeKind.Utc),
        CreatedBy = "alice",
        UpdatedBy = "bob",
    };

    public static ServerDto Remote(string savedName, string version = "v1") => Stdio(savedName, version) with
    {
        McpConfig = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["url"] = "https://mcp.example.com/" + savedName,
                ["type"] = "streamable_http",
                ["headers"] = new JsonObject { ["Authorization"] = "********" },
            },
        },
    };

    public static ServerDto FromBody(JsonObject body) => Stdio((string?)body["saved_name"] ?? "unnamed", (string?)body["server_version"] ?? "v1") with
    {
        McpConfig = body["mcp_config"] is JsonObject config ? (JsonObject)config.DeepClone() : [],
        Revision = 1,
    };
}
