using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>Small server bodies for tests.</summary>
public static class ServerBodies
{
    public static JsonObject Stdio(string savedName, string? version = null) => new()
    {
        ["saved_name"] = savedName,
        ["server_version"] = version,
        ["server_name"] = "@modelcontextprotocol/server-filesystem",
        ["description"] = "Reads and writes files",
        ["mcp_config"] = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["command"] = "npx",
                ["args"] = new JsonArray("-y", "@modelcontextprotocol/server-filesystem@1.2.0", "/data"),
                ["env"] = new JsonObject { ["LOG_LEVEL"] = "info", ["GITHUB_TOKEN"] = "ghp_super_secret_value" },
            },
            ["tools"] = new JsonObject { ["read_file"] = "Reads a file" },
            ["denied_tools"] = new JsonArray("delete_*"),
            ["enable_server_info_validation"] = true,
            ["input_guardrails_config"] = new JsonObject { ["enabled"] = true, ["guardrail_name"] = "base", ["block"] = new JsonArray("pii") },
        },
    };

    public static JsonObject Remote(string savedName) => new()
    {
        ["saved_name"] = savedName,
        ["mcp_config"] = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["url"] = "https://mcp.example.com/mcp",
                ["type"] = "streamable_http",
                ["headers"] = new JsonObject { ["Authorization"] = "Bearer remote-secret-token" },
            },
            ["oauth_config"] = new JsonObject
            {
                ["enabled"] = true,
                ["OAUTH_GRANT_TYPE"] = "client_credentials",
                ["OAUTH_CLIENT_ID"] = "client-1",
                ["OAUTH_CLIENT_SECRET"] = "oauth-client-secret-value",
                ["OAUTH_TOKEN_URL"] = "https://auth.example.com/token",
                ["OAUTH_CUSTOM_VENDOR_FLAG"] = "kept",
            },
        },
    };
}
