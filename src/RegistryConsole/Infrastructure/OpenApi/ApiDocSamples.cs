using System.Text.Json;
using System.Text.Json.Nodes;
using RegistryConsole.Api;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Infrastructure.OpenApi;

/// <summary>
/// The sample data behind the examples of <see cref="ApiDocs"/>. Response examples are built from the real DTO and
/// envelope types and serialized with the wire options, so their fields and order follow the code; secrets are masked
/// by the real <see cref="SecretRules"/>.
/// </summary>
public static class ApiDocSamples
{
    public const string RequestId = "4bf92f3577b34da6a3ce929d0e0e4736";
    public const string Actor = "bootstrap-admin";
    public const string RegistryId = "01964d3c-2b7a-7c1e-9f3a-5d8e2a1b4c6f";

    public static readonly DateTime CreatedAt = new(2026, 3, 2, 9, 15, 0, DateTimeKind.Utc);
    public static readonly DateTime UpdatedAt = new(2026, 3, 4, 16, 40, 12, DateTimeKind.Utc);

    /// <summary>A stdio server with a secret env value, tool rules and guardrails.</summary>
    public static JsonObject GithubBody() => Parse("""
        {
          "saved_name": "github",
          "server_version": "v1",
          "server_name": "@modelcontextprotocol/server-github",
          "description": "GitHub issues, pull requests and code search",
          "source_url": "https://github.com/modelcontextprotocol/servers",
          "source_version": "2025.4.8",
          "mcp_config": {
            "config": {
              "command": "npx",
              "args": ["-y", "@modelcontextprotocol/server-github"],
              "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_replace_with_a_real_token", "LOG_LEVEL": "info" }
            },
            "tools": { "search_repositories": "Search GitHub repositories", "get_issue": "Read one issue" },
            "denied_tools": ["delete_*", { "name": "push_files", "reason": "read-only use" }],
            "enable_server_info_validation": true,
            "input_guardrails_config": { "enabled": true, "guardrail_name": "default-input", "block": ["injection_attack", "pii"] },
            "output_guardrails_config": { "enabled": true, "guardrail_name": "default-output", "block": ["pii", "hallucination"] }
          }
        }
        """);

    /// <summary>A remote server with a secret header and OAuth client credentials, including an extra OAUTH_* key kept as given.</summary>
    public static JsonObject DocsSearchBody() => Parse("""
        {
          "saved_name": "docs-search",
          "server_version": "2025-06",
          "server_name": "Docs search",
          "description": "Searches the product documentation",
          "job_id": "3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f",
          "mcp_config": {
            "config": {
              "url": "https://mcp.example.com/docs/mcp",
              "type": "streamable_http",
              "headers": { "Authorization": "Bearer replace-with-a-real-token", "X-Team": "docs" }
            },
            "oauth_config": {
              "enabled": true,
              "is_remote": true,
              "OAUTH_VERSION": "2.1",
              "OAUTH_GRANT_TYPE": "client_credentials",
              "OAUTH_CLIENT_ID": "registry-console",
              "OAUTH_CLIENT_SECRET": "replace-with-the-client-secret",
              "OAUTH_TOKEN_URL": "https://auth.example.com/oauth/token",
              "OAUTH_SCOPE": "docs.read",
              "OAUTH_VENDOR_TENANT": "acme"
            },
            "tools": {}
          }
        }
        """);

    /// <summary>A minimal stdio server; <c>type: stdio</c> is allowed next to <c>command</c>.</summary>
    public static JsonObject FilesystemBody() => Parse("""
        {
          "saved_name": "filesystem",
          "server_name": "@modelcontextprotocol/server-filesystem",
          "mcp_config": {
            "config": { "command": "npx", "type": "stdio", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/data"] },
            "denied_tools": ["write_*"]
          }
        }
        """);

    /// <summary>A minimal remote server.</summary>
    public static JsonObject WeatherBody() => Parse("""
        {
          "saved_name": "weather",
          "server_version": "2",
          "mcp_config": { "config": { "url": "https://weather.example.com/sse", "transport": "sse" } }
        }
        """);

    /// <summary>The server a body becomes once stored, as every read shows it (secrets masked).</summary>
    public static ServerDto Server(JsonObject body, int revision = 1, bool isActive = true, bool updated = false, Func<JsonObject, JsonObject>? edit = null)
    {
        var changed = edit is null ? body : edit((JsonObject)body.DeepClone());
        return new ServerDto
        {
            SavedName = changed["saved_name"]!.GetValue<string>(),
            ServerVersion = changed["server_version"]?.GetValue<string>() ?? Identifiers.DefaultVersion,
            ServerName = changed["server_name"]?.GetValue<string>(),
            Description = changed["description"]?.GetValue<string>(),
            JobId = changed["job_id"]?.GetValue<string>(),
            SourceUrl = changed["source_url"]?.GetValue<string>(),
            SourceVersion = changed["source_version"]?.GetValue<string>(),
            McpConfig = SecretRules.Masked((JsonObject)changed["mcp_config"]!),
            RegistryId = RegistryId,
            RegistryName = "default",
            ProjectName = "default",
            IsActive = isActive,
            ReviewStatus = ReviewStatuses.Pending,
            Revision = revision,
            CreatedAt = CreatedAt,
            UpdatedAt = updated || !isActive ? UpdatedAt : CreatedAt,
            DeletedAt = isActive ? null : UpdatedAt,
            CreatedBy = Actor,
            UpdatedBy = Actor,
            DeletedBy = isActive ? null : Actor,
        };
    }

    public static ServerDto Github(int revision = 1, bool isActive = true) => Server(GithubBody(), revision, isActive);

    public static ServerDto GithubReadOnly() =>
        Server(GithubBody(), revision: 2, updated: true, edit: b =>
        {
            b["description"] = "GitHub, read-only access";
            return b;
        });

    public static ApiKeyDto BootstrapKey() => new()
    {
        Id = "01964d3b-f0a1-7d2e-8c3b-1a2b3c4d5e6f",
        Name = "bootstrap-admin",
        Role = RoleNames.Admin,
        Prefix = "rck_dev_",
        CreatedAt = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc),
        CreatedBy = "bootstrap",
        LastUsedAt = UpdatedAt,
    };

    public static CreatedApiKey NewKey() =>
        new("01964d41-9a7c-7e3f-b2d1-6e5f4a3b2c1d", "ci-pipeline", RoleNames.Editor, "rck_Qm7t", null, Actor, CreatedAt,
            new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc), "rck_Qm7tVx2LrN8pW4sY6bZ0cD3fG5hJ9kM1nP7qR2sT4uV");

    public const string AliceId = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e";

    public static UserDto Alice(bool disabled = false) => new()
    {
        Id = AliceId,
        Email = "alice@example.com",
        DisplayName = "Alice Reviewer",
        Role = RoleNames.Reviewer,
        Disabled = disabled,
        LockedOut = false,
        MustChangePassword = true,
        CreatedAt = CreatedAt,
        LastSignInAt = null,
    };

    public static ApiKeyDto CiKey(bool revoked = false) => new()
    {
        Id = NewKey().Id,
        Name = NewKey().Name,
        Role = NewKey().Role,
        Prefix = NewKey().Prefix,
        CreatedAt = CreatedAt,
        CreatedBy = Actor,
        LastUsedAt = revoked ? UpdatedAt.AddMinutes(-5) : null,
        ExpiresAt = NewKey().ExpiresAt,
        RevokedAt = revoked ? UpdatedAt : null,
    };

    public static GatewayUsageDto TeamAUsage() => new()
    {
        GatewaySavedName = "team-a",
        GatewayVersion = "v1",
        GatewayId = "01964d52-3c4d-7a5b-8e6f-7a8b9c0d1e2f",
        IsActive = true,
        Overrides = Parse("""{ "tool_guardrails_config": { "enabled": true, "guardrail_name": "tools-strict", "block": ["pii"] } }"""),
        CommonOverrides = Parse("""{ "enable_server_info_validation": true }"""),
    };

    /// <summary>A gateway body (API.md §5); the gateway endpoints will bring their own types.</summary>
    public static JsonObject TeamABody() => Parse("""
        {
          "gateway_saved_name": "team-a",
          "gateway_version": "v1",
          "description": "Tools for team A",
          "servers_config": {
            "common_overrides": { "enable_server_info_validation": true },
            "servers": [
              { "saved_name": "github", "server_version": "v1",
                "tool_guardrails_config": { "enabled": true, "guardrail_name": "tools-strict", "block": ["pii"] } },
              { "saved_name": "docs-search", "server_version": "2025-06" }
            ]
          }
        }
        """);

    public static JsonObject TeamA(int revision = 1, bool isActive = true, Func<JsonObject, JsonObject>? edit = null)
    {
        var gateway = TeamABody();
        gateway = edit?.Invoke(gateway) ?? gateway;
        gateway["gateway_id"] = TeamAUsage().GatewayId;
        gateway["project_name"] = "default";
        gateway["is_active"] = isActive;
        gateway["is_sample"] = false;
        gateway["revision"] = revision;
        gateway["created_at"] = Json(CreatedAt);
        gateway["updated_at"] = Json(revision > 1 ? UpdatedAt : CreatedAt);
        gateway["created_by"] = Actor;
        gateway["updated_by"] = Actor;
        return gateway;
    }

    /// <summary>Enkrypt's Google Sheets add-server body (its docs/GOOGLE_SHEETS_MCP_GATEWAY.md), as published.</summary>
    public static JsonObject GoogleSheetsBody() => Parse("""
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

    /// <summary>get-server as a runtime key gets it: the approved snapshot (revision 1), secrets revealed, while revision 2 waits.</summary>
    public static ServerDto ServedToRuntime() =>
        Github(revision: 2) with { ReviewStatus = ReviewStatuses.Pending, ApprovedRevision = 1, McpConfig = (JsonObject)GithubBody()["mcp_config"]!.DeepClone() };

    /// <summary>get-server as a runtime key gets a server never approved: inactive, nothing to run.</summary>
    public static ServerDto NotRunnable() =>
        Github() with { IsActive = false, ReviewStatus = ReviewStatuses.Pending, ApprovedRevision = null, McpConfig = [] };

    /// <summary>The id and name of the viewer key the expanded-config examples were read with.</summary>
    private const string ViewerKeyId = "01964d52-9a1b-7c2d-8e3f-4a5b6c7d8e9f";

    /// <summary>
    /// The expanded view of API.md §5.1, here with secrets masked (a viewer's view). With <paramref name="olderToolKey"/>
    /// the gateway sets only <c>common_overrides.tool_guardrails_config</c>, also served as <c>server_tools_guardrails_config</c>.
    /// </summary>
    public static JsonObject TeamAConfig(bool olderToolKey = false)
    {
        var common = olderToolKey
            ? Parse("""
                { "enable_server_info_validation": true,
                  "tool_guardrails_config": { "enabled": true, "guardrail_name": "org-tools", "block": ["policy_violation"] },
                  "server_tools_guardrails_config": { "enabled": true, "guardrail_name": "org-tools", "block": ["policy_violation"] } }
                """)
            : Parse("""{ "enable_server_info_validation": true }""");
        var github = SecretRules.Masked((JsonObject)GithubBody()["mcp_config"]!);
        github["tool_guardrails_config"] = Parse("""{ "enabled": true, "guardrail_name": "tools-strict", "block": ["pii"] }""");
        github["enable_server_info_validation"] = true;
        return new JsonObject
        {
            ["gateway_saved_name"] = "team-a",
            ["gateway_version"] = "v1",
            ["gateway_id"] = TeamAUsage().GatewayId,
            ["project_name"] = "default",
            ["is_active"] = true,
            ["created_at"] = Json(CreatedAt),
            ["updated_at"] = Json(CreatedAt),
            ["common_overrides"] = common,
            ["expanded_servers"] = new JsonArray(new JsonObject
            {
                ["saved_name"] = "github",
                ["server_version"] = "v1",
                ["server_name"] = "@modelcontextprotocol/server-github",
                ["description"] = "GitHub issues, pull requests and code search",
                ["job_id"] = null,
                ["source_url"] = "https://github.com/modelcontextprotocol/servers",
                ["source_version"] = "2025.4.8",
                ["registry_id"] = RegistryId,
                ["is_active"] = true,
                ["review_status"] = ReviewStatuses.Approved,
                ["served_revision"] = 3,
                ["mcp_config"] = github,
                ["gateway_overrides"] = Parse("""{ "tool_guardrails_config": { "enabled": true, "guardrail_name": "tools-strict", "block": ["pii"] } }"""),
            }),
            ["request_context"] = Json(new RequestContextDto
            {
                GatewaySavedName = "team-a",
                GatewayVersion = "v1",
                ProjectName = "default",
                RegistryName = "default",
                UserId = ViewerKeyId,
                UserEmail = null,
                OrgId = null,
                Actioner = "dashboard-viewer",
            }),
        };
    }

    public static JsonNode Write<T>(string message, T data) => Json(new WriteEnvelope<T>(message, data));

    public static JsonNode Bulk<T>(string message, IReadOnlyList<T> data) => Json(new BulkEnvelope<T>(message, data, data.Count));

    public static JsonNode List<T>(string message, IReadOnlyList<T> data, int page = 1, int perPage = 20) =>
        Json(new ListEnvelope<T>(message, data, new Pagination(page, perPage, data.Count, data.Count == 0 ? 0 : 1)));

    /// <summary>The error body exactly as <see cref="ProblemResult"/> writes it.</summary>
    public static JsonNode Problem(int status, ProblemExample example) => Json(new ApiProblem
    {
        Title = ApiProblem.TitleFor(status),
        Status = status,
        Detail = example.Detail,
        Errors = example.Errors,
        RequestId = RequestId,
    });

    public static JsonNode Json<T>(T value) => JsonSerializer.SerializeToNode(value, JsonDefaults.Options)!;

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
