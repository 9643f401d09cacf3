using System.Text.Json.Nodes;

namespace RegistryConsole.Tests.Unit.Enkrypt;

/// <summary>
/// Request bodies as Enkrypt publishes them for its own cloud (enkryptai/secure-mcp-gateway, docs and tests), replayed
/// unchanged against RegistryConsole. Each is a fresh copy: a test may not change another's body.
/// </summary>
public static class EnkryptPublished
{
    /// <summary>docs/GOOGLE_SHEETS_MCP_GATEWAY.md §3.2 a): <c>POST /mcp-registry/add-server</c>, as written.</summary>
    public static JsonObject GoogleSheetsAddServer() => Parse("""
        {
          "saved_name": "google_sheets",
          "server_version": "v1",
          "server_name": "google-sheets-mcp",
          "description": "Google Sheets MCP (mkummer225) - gateway-managed Google OAuth via credentials file",
          "mcp_config": {
            "config": {
              "command": "node",
              "args": ["/app/mcp-servers/google-sheets-mcp/dist/index.js"],
              "env": {
                "GSHEETS_OAUTH_PATH": "/app/mcp-servers/google-sheets-mcp/dist/gcp-oauth.keys.json",
                "GSHEETS_CREDENTIALS_PATH": "/app/mcp-servers/google-sheets-mcp/dist/.gsheets-server-credentials.json"
              }
            },
            "oauth_config": {
              "enabled": true,
              "OAUTH_VERSION": "2.1",
              "OAUTH_GRANT_TYPE": "authorization_code",
              "OAUTH_TOKEN_DELIVERY": "google_credentials_file",
              "OAUTH_CREDENTIALS_FILE": "/app/mcp-servers/google-sheets-mcp/dist/.gsheets-server-credentials.json",
              "OAUTH_SCOPE": "https://www.googleapis.com/auth/spreadsheets",
              "OAUTH_USE_PKCE": true,
              "OAUTH_AUTHORIZATION_URL": "https://accounts.google.com/o/oauth2/v2/auth",
              "OAUTH_TOKEN_URL": "https://oauth2.googleapis.com/token",
              "OAUTH_ADDITIONAL_PARAMS": { "access_type": "offline", "prompt": "consent" }
            },
            "tools": {},
            "denied_tools": []
          }
        }
        """);

    /// <summary>docs/GOOGLE_SHEETS_MCP_GATEWAY.md §3.2 b): <c>PATCH /mcp-gateway/modify-gateway</c> attaching the server.</summary>
    public static JsonObject GoogleSheetsAttach() => Parse("""
        { "servers_config": { "servers": [ { "saved_name": "google_sheets", "server_version": "v1" } ] } }
        """);

    /// <summary>
    /// The filesystem server of the real-cloud capture (tests/test_enkrypt_auth_provider.py,
    /// <c>test_map_response_handles_real_cloud_shape</c>) as the add-server body that produces it, with a secret env value
    /// added so the reveal and mask rules show.
    /// </summary>
    public static JsonObject CapturedFilesystemServer(string savedName) => Parse($$"""
        {
          "saved_name": "{{savedName}}",
          "server_version": "v1",
          "server_name": "@modelcontextprotocol/server-filesystem",
          "description": "Updated filesystem access with enhanced security",
          "mcp_config": {
            "config": {
              "command": "npx",
              "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],
              "env": { "FS_API_TOKEN": "fs-token-value-123", "FS_ROOT_DIR": "/tmp" }
            },
            "enable_server_info_validation": true,
            "input_guardrails_config": {
              "enabled": true,
              "guardrail_name": "Updated Guardrail",
              "block": ["topic_detector", "nsfw", "keyword_detector"]
            },
            "tool_guardrails_config": { "enabled": false, "guardrail_name": "" }
          }
        }
        """);

    /// <summary>
    /// A modify-gateway in the captured shape: the per-server <c>input_guardrails_config</c> override of the capture and the
    /// gateway-wide <c>server_tools_guardrails_config</c> the newer runtime reads (docs/auth-providers.md).
    /// </summary>
    public static JsonObject CapturedGatewayOverrides(string savedName) => Parse($$"""
        {
          "servers_config": {
            "common_overrides": {
              "server_tools_guardrails_config": { "enabled": true, "guardrail_name": "Org Tool Guardrail", "block": ["policy_violation"] }
            },
            "servers": [
              {
                "saved_name": "{{savedName}}",
                "server_version": "v1",
                "input_guardrails_config": {
                  "enabled": true,
                  "guardrail_name": "Updated Guardrail",
                  "block": ["topic_detector", "nsfw", "keyword_detector"]
                }
              }
            ]
          }
        }
        """);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
