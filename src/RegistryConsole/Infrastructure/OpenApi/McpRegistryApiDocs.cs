using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using RegistryConsole.Api;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Interop;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;
using static RegistryConsole.Infrastructure.OpenApi.ApiDocSamples;
using static RegistryConsole.Infrastructure.OpenApi.ApiDocs;

namespace RegistryConsole.Infrastructure.OpenApi;

/// <summary>The OpenAPI entries of the interoperability endpoints (API.md §8): MCP Registry v0.1, import and export.</summary>
public static class McpRegistryApiDocs
{
    private const string Namespace = "com.example";

    private static readonly QueryDoc Format = new("format", "The client whose config file to write.", JsonSchemaType.String, Required: true, Enum: ClientConfigExport.Formats);

    private const string V01Access = """
        Read with an API key of any role (`apikey` header, or `Authorization: Bearer <key>`), or without one while the project
        setting `public_catalog` is on. Only approved, active servers are served, each from its approved snapshot (a pending
        change is never served) and with no secret value: secret env variables and headers are inputs with `isSecret: true`.
        Errors are `{"error": "..."}`. CORS: any origin, GET and OPTIONS.
        """;

    public static IEnumerable<OperationDoc> Operations =>
    [
        new()
        {
            Name = "v0.1-list-servers",
            Description = "MCP Registry API v0.1 (2025-12-01) listing, ordered by name then version. " + V01Access + """

                `limit` 1 to 100 (default 30); follow `metadata.nextCursor` until it is absent. `search` is a case-insensitive
                substring of the name; `version=latest` keeps the latest version of each name; `updated_since` (RFC 3339) keeps
                servers approved or deleted after it and includes deleted ones with `status: deleted`, for mirrors.
                """,
            Query =
            [
                new("cursor", "The `metadata.nextCursor` of the previous page.", JsonSchemaType.String),
                new("limit", "Servers per page.", JsonSchemaType.Integer, Default: CatalogQuery.DefaultLimit, Minimum: 1, Maximum: CatalogQuery.MaxLimit),
                new("search", "Case-insensitive substring of the name.", JsonSchemaType.String),
                new("updated_since", "RFC 3339 timestamp; includes deleted servers.", JsonSchemaType.String),
                new("version", "`latest` or an exact version.", JsonSchemaType.String),
            ],
            Responses =
            [
                Ok(200, "`{servers: [ServerResponse], metadata: {nextCursor?, count}}`", etag: false,
                    Ex("page", "One page with a next cursor", new JsonObject
                    {
                        ["servers"] = new JsonArray(GithubResponse()),
                        ["metadata"] = new JsonObject { ["nextCursor"] = "Z2l0aHViCnYx", ["count"] = 1 },
                    })),
                V01Error(400, "A query parameter is malformed", "limit: must be between 1 and 100"),
                V01Error(401, "No API key while the catalog is not public, or an unknown key", "An API key is required ('apikey' header or 'Authorization: Bearer <key>'); this catalog is not public"),
            ],
        },
        new()
        {
            Name = "v0.1-list-server-versions",
            Description = "Every approved, active version of one server, most recently approved first. `serverName` is `<registry_namespace>/<saved_name>`, URL-encoded (`com.example%2Fgithub`). " + V01Access,
            Responses =
            [
                Ok(200, "`{servers: [ServerResponse], metadata: {count}}`", etag: false,
                    Ex("versions", "The versions of com.example/github", new JsonObject
                    {
                        ["servers"] = new JsonArray(GithubResponse()),
                        ["metadata"] = new JsonObject { ["count"] = 1 },
                    })),
                V01Error(401, "No API key while the catalog is not public", "An API key is required ('apikey' header or 'Authorization: Bearer <key>'); this catalog is not public"),
                V01Error(404, "No approved, active server of that name", "Server not found"),
            ],
        },
        new()
        {
            Name = "v0.1-get-server-version",
            Description = "One approved version; `latest` is the highest semantic version (a leading `v` allowed) when every version parses as one, else the most recently approved. " + V01Access,
            Responses =
            [
                Ok(200, "A ServerResponse `{server, _meta}`", etag: false, Ex("latest", "com.example/github, latest", GithubResponse())),
                V01Error(401, "No API key while the catalog is not public", "An API key is required ('apikey' header or 'Authorization: Bearer <key>'); this catalog is not public"),
                V01Error(404, "No such server, or no such version of it", "Server version not found"),
            ],
        },
        new()
        {
            Name = "import-servers",
            Description = """
                Imports servers from the ecosystem. Role: **editor** or admin. The body is a `server.json` object, an array of them,
                a v0.1 list response, a Claude Desktop / Cursor `{"mcpServers": {...}}` block or a VS Code `mcp.json`
                (`{"servers": {...}, "inputs": [...]}`). Each entry maps to an add-server body; secrets and `${input:...}` or
                `${env:...}` placeholders are stored empty and listed under `needs_value`, to fill in before approval.
                `?dry_run=true` answers 200 with a per-entry report (`mapped`, `needs_value`, `not_mapped`, the body) and stores
                nothing. Otherwise all or nothing through bulk-add-servers' rules: 201, every server `pending` review whatever
                `require_approval` says.
                """,
            Query = [new("dry_run", "`true`: map and check, store nothing (200).", JsonSchemaType.Boolean, Default: false)],
            Request = Body(
                Ex("claude-desktop", "A Claude Desktop or Cursor block", Parse("""
                    { "mcpServers": { "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
                      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_PERSONAL_ACCESS_TOKEN}" } } } }
                    """)),
                Ex("vscode", "A VS Code mcp.json", Parse("""
                    { "inputs": [ { "type": "promptString", "id": "docs-token", "description": "Docs API token", "password": true } ],
                      "servers": { "docs-search": { "type": "http", "url": "https://docs.example.com/mcp",
                        "headers": { "Authorization": "Bearer ${input:docs-token}" } } } }
                    """)),
                Ex("server-json", "A server.json", Parse("""
                    { "name": "io.github.example/weather", "description": "Weather forecasts", "version": "1.4.0",
                      "packages": [ { "registryType": "pypi", "identifier": "mcp-weather", "version": "1.4.0", "transport": { "type": "stdio" },
                        "environmentVariables": [ { "name": "WEATHER_API_KEY", "isSecret": true } ] } ] }
                    """))),
            Responses =
            [
                Ok(201, "`{message, data: [servers], count}`, every server pending review", etag: false,
                    Ex("imported", "Imported", Bulk("1 MCP registry servers imported, each pending review", [Github()]))),
                Ok(200, "Dry run: `{message, data: [entry report], count, errors}`", etag: false,
                    Ex("dry-run", "Dry run of the Claude Desktop block", Json(new ImportDryRun(
                        "Dry run: 1 of 1 entries map to a server; nothing was stored",
                        [McpRegistryEndpoints.ImportEntryJson(McpImport.Plan(Parse("""
                            { "mcpServers": { "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
                              "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_PERSONAL_ACCESS_TOKEN}" } } } }
                            """))![0])],
                        1, null)))),
                Fail(400, "Not an accepted format, an entry that maps to nothing runnable, or a field rule broken",
                    Err("format", "Unknown format", "$: must be " + McpImport.Format + ", with at least one server",
                        Errors("$", "must be " + McpImport.Format + ", with at least one server"))),
                Fail(409, "A server of the same name and version exists", Err("exists", "Name taken", "Nothing was stored: 1 server(s) already exist")),
            ],
        },
        new()
        {
            Name = "export-server",
            Description = """
                An approved, active server's served snapshot as the config file of an MCP client. Role: viewer or above. Secrets are
                never written: Claude Desktop gets `${NAME}`, Cursor `${env:NAME}`, VS Code an input of type `promptString` with
                `password: true`. A server never approved, or deleted: 409.
                """,
            Query = [Format],
            Responses =
            [
                Ok(200, "The client's config file", etag: false,
                    Ex("vscode", "VS Code mcp.json", ClientConfigExport.Build(ClientConfigExport.VsCode, [GithubExport()])),
                    Ex("claude-desktop", "Claude Desktop", ClientConfigExport.Build(ClientConfigExport.ClaudeDesktop, [GithubExport()])),
                    Ex("cursor", "Cursor mcp.json", ClientConfigExport.Build(ClientConfigExport.Cursor, [GithubExport()]))),
                Fail(400, "Unknown format", Err("format", "Unknown format", "format: must be one of claude-desktop, vscode, cursor", Errors("format", "must be one of claude-desktop, vscode, cursor"))),
                Fail(404, "No such server version", Err("not-found", "No such server", "MCP registry server 'github' version 'v1' not found")),
                Fail(409, "Never approved, or deleted", Err("not-approved", "Pending", "MCP registry server 'github' version 'v1' is not approved yet: only an approved, active server can be exported")),
            ],
        },
        new()
        {
            Name = "export-gateway",
            Description = """
                Every active server of a gateway's expanded config (approved snapshots, overrides applied) as the config file of an
                MCP client. Role: viewer or above. Secrets are placeholders, as in export-server, whatever the caller's role.
                """,
            Query = [Format],
            Responses =
            [
                Ok(200, "The client's config file", etag: false,
                    Ex("cursor", "Cursor mcp.json", ClientConfigExport.Build(ClientConfigExport.Cursor, [GithubExport()]))),
                Fail(400, "Unknown format or gateway header missing", Err("format", "Unknown format", "format: must be one of claude-desktop, vscode, cursor", Errors("format", "must be one of claude-desktop, vscode, cursor"))),
                Fail(404, "No such gateway version", Err("not-found", "No such gateway", "MCP gateway 'team-a' version 'v1' not found")),
            ],
        },
    ];

    private static ResponseDoc V01Error(int status, string description, string message) =>
        new(status, description, [Ex("error", description, new JsonObject { ["error"] = message })]) { PlainError = true };

    private static ExportServer GithubExport() => new("github", SecretRules.Masked((JsonObject)GithubBody()["mcp_config"]!));

    private static JsonObject GithubResponse()
    {
        var body = GithubBody();
        var entry = new CatalogEntry("github", "v1", body["server_name"]?.ToString(), body["description"]?.ToString(), body["source_url"]?.ToString(),
            body["source_version"]?.ToString(), SecretRules.Masked((JsonObject)body["mcp_config"]!));
        return new JsonObject
        {
            ["server"] = ServerJsonMapper.ToServerJson(entry, Namespace),
            ["_meta"] = new JsonObject
            {
                [McpRegistryService.OfficialMetaKey] = new JsonObject
                {
                    ["status"] = "active",
                    ["publishedAt"] = "2026-03-02T09:15:00.000Z",
                    ["updatedAt"] = "2026-03-04T16:40:12.000Z",
                    ["isLatest"] = true,
                },
            },
        };
    }
}
