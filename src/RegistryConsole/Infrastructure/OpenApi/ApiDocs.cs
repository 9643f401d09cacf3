using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using RegistryConsole.Api;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;
using static RegistryConsole.Infrastructure.OpenApi.ApiDocSamples;

namespace RegistryConsole.Infrastructure.OpenApi;

/// <summary>
/// The one hand-written place for what the OpenAPI generator cannot know about each endpoint, keyed by endpoint name:
/// descriptions, examples, the error answers, and the rules of the headers and query parameters the binders read as raw
/// strings. Parameters, body schemas and success types come from the handlers' signatures.
/// A new endpoint needs a new entry: OpenApiTests fails for a mapped endpoint without examples.
/// </summary>
public static class ApiDocs
{
    public const string SecuritySchemeId = "apikey";

    /// <summary>Paths whose operations need an API key.</summary>
    public static readonly IReadOnlyList<string> SecuredPrefixes = ["/mcp-registry/", "/mcp-gateway/", "/admin/"];

    public static bool IsSecured(string path) => SecuredPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal) || path == p.TrimEnd('/'));

    private const string ServerNotFound = "MCP registry server 'github' version 'v1' not found";
    private const string ServerChanged = "MCP registry server 'github' version 'v1' has changed since it was read (revision 2); read it again";
    private const string GatewayNotFound = "MCP gateway 'team-a' version 'v1' not found";

    public static class Headers
    {
        public static readonly HeaderDoc Project = new(ApiHeaders.Project,
            "Optional. The API key's own project is always used; when given, this must be that project's name or id, or `default` (which always means the key's own project: Enkrypt's clients send it), else 403.", Example: "default");

        public static readonly HeaderDoc Registry = new(ApiHeaders.Registry,
            "Optional, default `default`, the project's one registry; any other value is 404 `registry not found`.", Default: "default");

        public static readonly HeaderDoc Server = new(ApiHeaders.Server,
            "Required: the server's `saved_name`. Missing or malformed: 400.", Required: true, Pattern: Identifiers.RegexPattern, Example: "github");

        public static readonly HeaderDoc ServerVersion = new(ApiHeaders.ServerVersion,
            "Optional, default `v1`. Versions are opaque tokens: `v1`, `1` and `v2` are three different versions.",
            Default: Identifiers.DefaultVersion, Pattern: Identifiers.RegexPattern);

        public static readonly HeaderDoc Gateway = new(ApiHeaders.Gateway,
            "Required: the gateway's `gateway_saved_name`. Missing or malformed: 400.", Required: true, Pattern: Identifiers.RegexPattern, Example: "team-a");

        public static readonly HeaderDoc GatewayVersion = new(ApiHeaders.GatewayVersion,
            "Optional, default `v1`.", Default: Identifiers.DefaultVersion, Pattern: Identifiers.RegexPattern);

        public static readonly HeaderDoc IfMatch = new(IfMatchHeader.Name,
            "Optional: the `ETag` of an earlier read, e.g. `\"2\"`. When the resource has changed since: 412 and nothing changes. Absent or `*`: no check.",
            Example: "\"2\"");

        /// <summary>The headers the scope filter reads on every secured path: the admin API has one registry-less scope.</summary>
        public static IReadOnlyList<HeaderDoc> ScopeOf(string path) => path.StartsWith("/admin/", StringComparison.Ordinal) ? [Project] : [Project, Registry];

        /// <summary>The headers the binders read, by name.</summary>
        public static readonly IReadOnlyDictionary<string, HeaderDoc> ByName =
            new[] { Server, ServerVersion, Gateway, GatewayVersion, IfMatch }.ToDictionary(h => h.Name, StringComparer.OrdinalIgnoreCase);
    }

    public static class Query
    {
        public static readonly QueryDoc Page = new("page", "Page number, from 1.", JsonSchemaType.Integer, Default: 1, Minimum: 1);
        public static readonly QueryDoc PerPage = new("per_page", $"Items per page, 1 to {PageRequestRules.MaxPerPage}.", JsonSchemaType.Integer, Default: 20, Minimum: 1, Maximum: PageRequestRules.MaxPerPage);
        public static readonly QueryDoc IsActive = new("is_active", "`true`: only active; `false`: only deleted; absent: both.", JsonSchemaType.Boolean);
        public static readonly QueryDoc Search = new("search", "Case-insensitive substring of `saved_name`, `server_name` or `description`.", JsonSchemaType.String);
        public static readonly QueryDoc ReviewStatus = new("review_status", "Only servers in this review state.", JsonSchemaType.String, Enum: ReviewStatuses.All);
        public static readonly QueryDoc Sort = new("sort", "Sort column; ties are broken by `saved_name`, then `server_version`.", JsonSchemaType.String, Default: "saved_name", Enum: ["saved_name", "created_at", "updated_at"]);
        public static readonly QueryDoc Order = new("order", "Sort direction.", JsonSchemaType.String, Default: "asc", Enum: ["asc", "desc"]);
        public static readonly QueryDoc DryRun = new("dry_run", "`true`: validate the whole batch and report, storing nothing (200).", JsonSchemaType.Boolean, Default: false);

        /// <summary>The query parameters the binders read, by name; an entry's <see cref="OperationDoc.Query"/> words one for its endpoint.</summary>
        public static readonly IReadOnlyDictionary<string, QueryDoc> ByName =
            new[] { Page, PerPage, IsActive, Search, ReviewStatus, Sort, Order, DryRun }.ToDictionary(q => q.Name, StringComparer.Ordinal);

        public static readonly QueryDoc KeyId = new("id", "The `id` of the API key to revoke.", JsonSchemaType.String, Required: true);
        public static readonly QueryDoc UserId = new("id", "The `id` of the user to change.", JsonSchemaType.String, Required: true);
    }

    /// <summary>Added to every operation under <see cref="SecuredPrefixes"/> unless the entry lists the status itself.</summary>
    public static readonly IReadOnlyList<ResponseDoc> SecuredResponses =
    [
        Fail(401, "No API key, or an unknown or revoked one",
            Err("missing-key", "No apikey header", "An API key is required in the 'apikey' header"),
            Err("unknown-key", "Unknown or revoked key", "The API key is unknown or revoked")),
        Fail(403, "The key's role may not do this, or X-Enkrypt-Project names another project",
            Err("role", "Role too weak", "The 'viewer' role may not perform this action"),
            Err("project", "Another project", "This API key belongs to project 'default', not 'other'")),
        Fail(429, "Too many requests for this API key in the current one-minute window (see Retry-After)",
            Err("rate-limited", "Rate limited", "Too many requests for this API key; retry after 60 seconds")),
    ];

    /// <summary>Added to every secured operation that takes a body.</summary>
    public static readonly IReadOnlyList<ResponseDoc> BodyResponses =
    [
        Fail(413, "Body over 1 MiB", new ProblemExample("too-large", "Body too large", $"The request body is larger than {JsonBody.MaxBytes / 1024} KiB")),
        Fail(415, "Body is not JSON", new ProblemExample("not-json", "Wrong content type", "The request body must be JSON (Content-Type: application/json)")),
    ];

    private static readonly ProblemExample ServerHeaderMissing = new("missing-server-header", "Server header missing",
        $"{ApiHeaders.Server}: is required: the server's saved_name",
        new Dictionary<string, string[]> { [ApiHeaders.Server] = ["is required: the server's saved_name"] });

    private static readonly ProblemExample GatewayHeaderMissing = new("missing-gateway-header", "Gateway header missing",
        $"{ApiHeaders.Gateway}: is required: the gateway's gateway_saved_name",
        new Dictionary<string, string[]> { [ApiHeaders.Gateway] = ["is required: the gateway's gateway_saved_name"] });

    private static readonly ProblemExample RegistryNotFound = new("registry-not-found", "Registry header names another registry",
        "MCP registry 'staging' not found: registry not found");

    private static readonly ProblemExample MalformedJson = new("malformed-json", "Not valid JSON, e.g. {\"saved_name\": x}",
        "The request body is not valid JSON at line 1, position 16");

    private static readonly ProblemExample BadPage = new("bad-per-page", "per_page out of range",
        "per_page: must be between 1 and 100", Errors("per_page", "must be between 1 and 100"));

    public static readonly IReadOnlyDictionary<string, OperationDoc> Operations = new OperationDoc[]
    {
        // ---- Registry servers (API.md §3) ----
        new()
        {
            Name = "add-server",
            Description = """
                Adds one server version to the project's registry. Role: **editor** or admin.
                `saved_name` and `mcp_config.config` are required; `server_version` defaults to `v1`. The same `saved_name` and
                `server_version` already present, deleted or not, is 409. Unknown fields are 400 naming them (extra `OAUTH_*`
                keys in `oauth_config` are kept). Secrets are stored encrypted and every read shows them as `********`; sending
                `********` on add is 400, there is no stored value to keep. An env key ending in `_PATH`, `_FILE`, `_DIR` or
                `_URL` names a location and is never a secret. With OAuth enabled, grant type and token URL are required (and
                the authorization URL for `authorization_code`); a client id is not. A `denied_tools` object names its glob in
                `name` (`pattern` is 400: runtimes match on `name` only). A new server starts `pending` review.
                """,
            Request = Body(
                Ex("stdio", "A stdio server (command, args, env)", GithubBody()),
                Ex("remote", "A remote server with OAuth client credentials", DocsSearchBody()),
                Ex("enkrypt-google-sheets", "Enkrypt's Google Sheets body as published (OAuth with PKCE, no client id)", GoogleSheetsBody())),
            Responses =
            [
                Ok(201, "Added: `{message, data: server}` with the server's ETag", etag: true,
                    Ex("added", "Added", Write("MCP registry server 'github' version 'v1' added", Github()))),
                Fail(400, "Validation failed, malformed JSON or an unknown field; `errors` is keyed by JSON path",
                    Err("validation", "Field rules broken", "saved_name: " + Identifiers.Rule + " (and 2 more)", new Dictionary<string, string[]>
                    {
                        ["saved_name"] = [Identifiers.Rule],
                        ["mcp_config.config"] = ["must have exactly one of 'command' (stdio) or 'url' (remote)"],
                        ["mcp_config.input_guardrails_config.block[0]"] = ["unknown detector 'malware'; expected one of " + string.Join(", ", GuardrailConfigValidator.Detectors)],
                    }),
                    Err("unknown-field", "A typo is never dropped silently", "mcp_config.denied_tool: unknown field", Errors("mcp_config.denied_tool", "unknown field")),
                    Err("denied-tool-pattern", "A denied tool written with 'pattern'", "mcp_config.denied_tools[0].pattern: " + DeniedToolBody.PatternMessage,
                        Errors("mcp_config.denied_tools[0].pattern", DeniedToolBody.PatternMessage)),
                    Err("mask-on-add", "A mask where no secret is stored",
                        "mcp_config.config.env.GITHUB_PERSONAL_ACCESS_TOKEN: is the mask of a stored secret, but no secret is stored here: send the real value",
                        Errors("mcp_config.config.env.GITHUB_PERSONAL_ACCESS_TOKEN", "is the mask of a stored secret, but no secret is stored here: send the real value")),
                    MalformedJson),
                Fail(404, "The registry header names another registry", RegistryNotFound),
                Fail(409, "This name and version already exist (deleted or not)",
                    Err("duplicate", "Already exists", "MCP registry server 'github' version 'v1' already exists")),
            ],
        },
        new()
        {
            Name = "bulk-add-servers",
            Description = """
                Adds 1 to 100 servers, all or nothing. Role: **editor** or admin. Nothing is stored when any item is invalid or two
                items share a name and version (400), or when an item clashes with a server already in the registry (409); `errors`
                lists every offending index (`servers[3].mcp_config.config.url`). Each item is an add-server body. With
                `?dry_run=true` the batch is checked the same way and nothing is stored (200).
                """,
            Request = Body(
                Ex("two-servers", "A stdio and a remote server", new JsonObject { ["servers"] = new JsonArray(FilesystemBody(), WeatherBody()) })),
            Responses =
            [
                Ok(201, "All added: `{message, data: [servers], count}`", etag: false,
                    Ex("added", "Added", Bulk("2 MCP registry servers added", [Server(FilesystemBody()), Server(WeatherBody())]))),
                Ok(200, "Dry run: all valid, nothing stored", etag: false,
                    Ex("dry-run", "Dry run", Bulk("Dry run: all 2 servers are valid; nothing was stored", [Server(FilesystemBody()), Server(WeatherBody())]))),
                Fail(400, "Nothing stored: invalid items or duplicates inside the batch, each under its index",
                    Err("invalid-items", "Two items invalid", "Nothing was stored: 2 problem(s) in the batch", new Dictionary<string, string[]>
                    {
                        ["servers[0].mcp_config.config.headers"] = ["is only for remote servers (with 'url')"],
                        ["servers[1].mcp_config.config.url"] = [UrlRules.HttpMessage],
                    }),
                    Err("duplicate-in-batch", "Same name and version twice", "Nothing was stored: 1 problem(s) in the batch",
                        Errors("servers[1].saved_name", "'filesystem' version 'v1' is also servers[0]")),
                    Err("bad-dry-run", "dry_run not a boolean", "dry_run: must be true or false", Errors("dry_run", "must be true or false"))),
                Fail(404, "The registry header names another registry", RegistryNotFound),
                Fail(409, "Nothing stored: items already exist in the registry",
                    Err("existing", "Already in the registry", "Nothing was stored: 1 server(s) already exist",
                        Errors("servers[0]", "'filesystem' version 'v1' already exists in the registry"))),
            ],
        },
        new()
        {
            Name = "get-server",
            Description = """
                Reads one server version, deleted ones too (`is_active: false`). Roles: any (viewer, editor, reviewer, admin, runtime).
                Secrets are masked as `********`. The `ETag` header is the revision in quotes; send it as `If-Match` on modify or delete.
                A **runtime** key gets what may run: the approved snapshot with secrets revealed, or `is_active: false` and an
                empty `mcp_config` when the server was never approved or is deleted (Enkrypt's playground starts servers from it).
                """,
            Responses =
            [
                Ok(200, "The bare server object", etag: true,
                    Ex("stdio", "A stdio server", Json(Github())),
                    Ex("remote", "A remote server with OAuth (secrets masked)", Json(Server(DocsSearchBody()))),
                    Ex("runtime", "As a runtime key gets it: the approved snapshot, secrets revealed", Json(ServedToRuntime())),
                    Ex("runtime-not-runnable", "As a runtime key gets a server never approved or deleted", Json(NotRunnable()))),
                Fail(400, "Server header missing or malformed", ServerHeaderMissing),
                Fail(404, "No such server version, or another registry", Err("not-found", "No such server", ServerNotFound), RegistryNotFound),
            ],
        },
        new()
        {
            Name = "modify-server",
            Description = """
                Changes only the fields present. Role: **editor** or admin. Inside `mcp_config` each key present replaces that key
                whole, keys absent are kept and `null` clears an optional key. `saved_name` and `server_version`, when given, must
                equal the headers (no renames). Sending a secret back as `********` keeps the stored value, so a read-edit-write
                round trip loses nothing. `"is_active": true` restores a deleted server; `"is_active": false` is 400 (use
                delete-server). A change that leaves everything as it was does not bump the revision. With `If-Match`, a server
                changed since that read is 412.
                """,
            Request = Body(
                Ex("description", "Change one field", Parse("""{ "description": "GitHub, read-only access" }""")),
                Ex("replace-key", "Replace one mcp_config key whole", Parse("""{ "mcp_config": { "denied_tools": ["delete_*", "push_files", "create_*"] } }""")),
                Ex("keep-secret", "Edit config; the masked secret keeps its stored value", Parse("""
                    { "mcp_config": { "config": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"],
                      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "********", "LOG_LEVEL": "debug" } } } }
                    """)),
                Ex("clear-key", "Clear an optional key with null", Parse("""{ "mcp_config": { "output_guardrails_config": null } }""")),
                Ex("restore", "Restore a deleted server", Parse("""{ "is_active": true }"""))),
            Responses =
            [
                Ok(200, "Changed (or unchanged): `{message, data: server}` with the new ETag", etag: true,
                    Ex("updated", "Updated", Write("MCP registry server 'github' version 'v1' updated", GithubReadOnly()))),
                Fail(400, "Validation failed, a rename, `is_active: false`, or the server header missing",
                    Err("rename", "Renames and deletes are not modifications", "saved_name: must equal the header value 'github': servers cannot be renamed (and 1 more)",
                        new Dictionary<string, string[]>
                        {
                            ["saved_name"] = ["must equal the header value 'github': servers cannot be renamed"],
                            ["is_active"] = ["may only be true (to restore a deleted server); use delete-server to delete"],
                        }),
                    Err("validation", "The merged server breaks a rule", "mcp_config.oauth_config.OAUTH_TOKEN_URL: is required when OAuth is enabled",
                        Errors("mcp_config.oauth_config.OAUTH_TOKEN_URL", "is required when OAuth is enabled")),
                    ServerHeaderMissing),
                Fail(404, "No such server version", Err("not-found", "No such server", ServerNotFound)),
                Fail(409, "The server is deleted and the body does not restore it",
                    Err("deleted", "Deleted", "MCP registry server 'github' version 'v1' is deleted; restore it with \"is_active\": true")),
                Fail(412, "If-Match names another revision", Err("stale", "Changed since read", ServerChanged)),
            ],
        },
        new()
        {
            Name = "delete-server",
            Description = """
                Soft-deletes a server version: it stays readable with `is_active: false` and can be restored with modify-server
                `"is_active": true`. Role: **editor** or admin. Already deleted: 409. Gateways keep their reference; their expanded
                config shows the server inactive.
                """,
            Responses =
            [
                Ok(200, "Deleted: `{message, data: server}` with `is_active: false`", etag: true,
                    Ex("deleted", "Deleted", Write("MCP registry server 'github' version 'v1' deleted", Github(revision: 3, isActive: false)))),
                Fail(400, "Server header missing or malformed", ServerHeaderMissing),
                Fail(404, "No such server version", Err("not-found", "No such server", ServerNotFound)),
                Fail(409, "Already deleted", Err("already-deleted", "Already deleted", "MCP registry server 'github' version 'v1' is already deleted")),
                Fail(412, "If-Match names another revision", Err("stale", "Changed since read", ServerChanged)),
            ],
        },
        new()
        {
            Name = "list-servers",
            Description = """
                One page of the registry's servers, filtered, searched and sorted in the database. Roles: viewer, editor, reviewer,
                admin. Secrets are masked.
                """,
            Responses =
            [
                Ok(200, "`{message, data: [servers], pagination}`", etag: false,
                    Ex("page", "A page of servers", List("MCP registry servers", [Server(DocsSearchBody()), Github()]))),
                Fail(400, "A query parameter is out of range or not one of its values",
                    BadPage,
                    Err("bad-sort", "Unknown sort column", "sort: must be one of saved_name, created_at, updated_at", Errors("sort", "must be one of saved_name, created_at, updated_at"))),
                Fail(404, "The registry header names another registry", RegistryNotFound),
            ],
        },
        new()
        {
            Name = "list-gateways-by-server",
            Description = """
                The gateways that reference a server version, with what each overrides. Roles: viewer, editor, reviewer, admin.
                404 when the server does not exist.
                """,
            Responses =
            [
                Ok(200, "`{message, data: [gateway usages], pagination}`", etag: false,
                    Ex("used-by-one", "Used by one gateway", List("MCP gateways that reference this server", [TeamAUsage()])),
                    Ex("unused", "Not used by any gateway", List<GatewayUsageDto>("MCP gateways that reference this server", []))),
                Fail(400, "Server header missing, or a bad page parameter", ServerHeaderMissing, BadPage),
                Fail(404, "No such server version", Err("not-found", "No such server", ServerNotFound)),
            ],
        },

        // ---- Review and history (API.md §3, §4): applied once endpoints with these names are mapped ----
        new()
        {
            Name = "review-server",
            Description = """
                Approves or rejects the pending revision of a server, with a note. Role: **reviewer** or admin. Approving records
                `approved_revision`, the snapshot gateways serve; rejecting leaves the last approved snapshot in force. Not
                pending: 409. The author of the pending change may not review it while the project requires a distinct reviewer: 403.
                """,
            Request = Body(
                Ex("approve", "Approve", Parse("""{ "decision": "approve", "note": "Checked the package and the token scope" }""")),
                Ex("reject", "Reject", Parse("""{ "decision": "reject", "note": "Use a fine-grained token with read-only scope" }"""))),
            Responses =
            [
                Ok(200, "Reviewed: `{message, data: server}`", etag: true,
                    Ex("approved", "Approved", Write("MCP registry server 'github' version 'v1' approved", Github() with
                    {
                        ReviewStatus = ReviewStatuses.Approved,
                        ApprovedRevision = 1,
                        ReviewedBy = "reviewer-key",
                    }))),
                Fail(400, "Decision missing or not approve/reject, or the server header missing",
                    Err("bad-decision", "Unknown decision", "decision: must be approve or reject", Errors("decision", "must be approve or reject")),
                    ServerHeaderMissing),
                Fail(404, "No such server version", Err("not-found", "No such server", ServerNotFound)),
                Fail(409, "Nothing is pending", Err("not-pending", "Not pending", "MCP registry server 'github' version 'v1' is not pending review")),
                Fail(412, "If-Match names another revision", Err("stale", "Changed since read", ServerChanged)),
            ],
        },
        new()
        {
            Name = "server-history",
            Description = "The audit events of a server version, newest first, with secrets masked. Roles: viewer, editor, reviewer, admin.",
            Responses =
            [
                Ok(200, "`{message, data: [events], pagination}`", etag: false,
                    Ex("events", "Two events", new JsonObject
                    {
                        ["message"] = "History of MCP registry server 'github' version 'v1'",
                        ["data"] = new JsonArray(
                            Parse("""
                                { "revision": 2, "action": "modified", "actor": "bootstrap-admin", "at": "2026-03-04T16:40:12Z",
                                  "changes": [ { "path": "description", "before": "GitHub issues, pull requests and code search", "after": "GitHub, read-only access" } ] }
                                """),
                            Parse("""
                                { "revision": 1, "action": "added", "actor": "bootstrap-admin", "at": "2026-03-02T09:15:00Z", "changes": [] }
                                """)),
                        ["pagination"] = Json(new Pagination(1, 20, 2, 1)),
                    })),
                Fail(400, "Server header missing, or a bad page parameter", ServerHeaderMissing, BadPage),
                Fail(404, "No such server version", Err("not-found", "No such server", ServerNotFound)),
            ],
        },

        // ---- Admin (API.md §6) ----
        new()
        {
            Name = "create-api-key",
            Description = """
                Creates an API key for the caller's project. Role: **admin**. The plain `key` is in this one response only; only a
                SHA-256 hash is stored. `role` is one of viewer, editor, reviewer, admin, runtime. Names are unique among the
                project's active keys (a revoked key's name may be reused). `expires_at` (optional, in the future): after it the
                key is refused with 401 like a revoked one. `user_id` (optional): the enabled user the key is issued to; the key
                then acts as that person (audit events name the user; a disabled user's keys are refused), e.g.
                `{"name": "alice-cli", "role": "reviewer", "user_id": "<id from list-users>"}`. Without it the key
                is a service key, its own principal. For four eyes, the creator of a key counts with it: a key minted by an
                author of a pending change may not approve that change.
                """,
            Request = Body(
                Ex("editor", "A key for a CI pipeline", Parse("""{ "name": "ci-pipeline", "role": "editor", "expires_at": "2027-03-01T00:00:00Z" }""")),
                Ex("runtime", "The key of a gateway process", Parse("""{ "name": "gateway-runtime", "role": "runtime" }"""))),
            Responses =
            [
                Ok(201, "Created: `{message, data: {id, name, role, prefix, user_id, created_by, created_at, expires_at, key}}`", etag: false,
                    Ex("created", "Created", Write("API key 'ci-pipeline' created; store the key now, it is not shown again", NewKey()))),
                Fail(400, "Name or role missing or invalid",
                    Err("bad-role", "Unknown role", "role: must be one of " + string.Join(", ", RoleNames.All), Errors("role", "must be one of " + string.Join(", ", RoleNames.All))),
                    Err("missing-name", "No name", "name: is required", Errors("name", "is required")),
                    Err("past-expiry", "Expiry in the past", "expires_at: must lie in the future", Errors("expires_at", "must lie in the future")),
                    Err("bad-user", "Unknown or disabled user", "user_id: must be the id of an enabled user of this project", Errors("user_id", "must be the id of an enabled user of this project"))),
                Fail(409, "An active key already has this name",
                    Err("duplicate", "Name taken", "An active API key named 'ci-pipeline' already exists")),
            ],
        },
        new()
        {
            Name = "list-api-keys",
            Description = """
                The project's API keys, revoked ones included, oldest first. Role: **admin**. No key material: an 8-character
                prefix only. `issued_to` names the user of a personal key (null: a service key); `never_used` and `is_expired`
                mark keys that were never presented and keys past their `expires_at`.
                """,
            Responses =
            [
                Ok(200, "`{message, data: [keys]}`", etag: false,
                    Ex("keys", "Two keys", Json(new DataEnvelope<ApiKeyDto>("API keys", [BootstrapKey(), CiKey()])))),
            ],
        },
        new()
        {
            Name = "revoke-api-key",
            Description = "Revokes an API key of the project; it stops working at once. Role: **admin**. Already revoked: 409.",
            Query = [Query.KeyId],
            Responses =
            [
                Ok(200, "Revoked: `{message, data: key}`", etag: false,
                    Ex("revoked", "Revoked", Write("API key 'ci-pipeline' revoked", CiKey(revoked: true)))),
                Fail(400, "`id` missing", Err("missing-id", "No id", "id: is required", Errors("id", "is required"))),
                Fail(404, "No key with this id in the project", Err("not-found", "No such key", "API key '01964d41-0000-7000-8000-000000000000' not found")),
                Fail(409, "Already revoked", Err("already-revoked", "Already revoked", "API key 'ci-pipeline' is already revoked")),
            ],
        },

        new()
        {
            Name = "list-users",
            Description = "The project's console users, oldest email first. Role: **admin**. Never any password material.",
            Responses =
            [
                Ok(200, "`{message, data: [users]}`", etag: false,
                    Ex("users", "One user", Json(new DataEnvelope<UserDto>("Users", [Alice()])))),
            ],
        },
        new()
        {
            Name = "create-user",
            Description = """
                Creates a console user. Role: **admin**. `role` is one of viewer, editor, reviewer, admin. The password must
                meet the password rules (at least 12 characters, mixed case, a digit and a symbol) and must be changed by the
                user at the first sign-in. Email taken: 409.
                """,
            Request = Body(
                Ex("reviewer", "A security reviewer", Parse("""{ "email": "alice@example.com", "display_name": "Alice Reviewer", "role": "reviewer", "password": "Initial-Passw0rd!" }"""))),
            Responses =
            [
                Ok(201, "Created: `{message, data: user}`", etag: false,
                    Ex("created", "Created", Write("User 'alice@example.com' created; the password must be changed at first sign-in", Alice()))),
                Fail(400, "A field missing or invalid, or a weak password",
                    Err("bad-role", "Unknown role", "role: must be one of viewer, editor, reviewer, admin", Errors("role", "must be one of viewer, editor, reviewer, admin")),
                    Err("weak-password", "Weak password", "password: Passwords must be at least 12 characters.", Errors("password", "Passwords must be at least 12 characters."))),
                Fail(409, "The email is taken", Err("duplicate", "Email taken", "A user with the email 'alice@example.com' already exists")),
            ],
        },
        new()
        {
            Name = "modify-user",
            Description = """
                Changes a console user. Role: **admin**. Any of `role`, `display_name`, `disabled`, `unlock: true`, `password`
                (a reset: the user must change it again at the next sign-in). Disabling, a role change or a reset ends the
                user's open console sessions at once. There is no hard delete: disable instead. The last enabled admin cannot
                be disabled or demoted: 409.
                """,
            Query = [Query.UserId],
            Request = Body(
                Ex("disable", "Disable a user", Parse("""{ "disabled": true }""")),
                Ex("promote", "Change the role", Parse("""{ "role": "admin" }""")),
                Ex("unlock", "Unlock after failed sign-ins", Parse("""{ "unlock": true }""")),
                Ex("reset", "Reset the password", Parse("""{ "password": "Temporary-Passw0rd!" }"""))),
            Responses =
            [
                Ok(200, "Changed: `{message, data: user}`", etag: false,
                    Ex("disabled", "Disabled", Write("User 'alice@example.com' updated", Alice(disabled: true)))),
                Fail(400, "`id` missing or a field invalid", Err("missing-id", "No id", "id: is required", Errors("id", "is required"))),
                Fail(404, "No user with this id in the project", Err("not-found", "No such user", $"User '{AliceId}' not found")),
                Fail(409, "The last enabled admin would be disabled or demoted",
                    Err("last-admin", "Last admin", "'admin@example.com' is the last enabled admin of the project; make another user an admin first")),
            ],
        },

        new()
        {
            Name = "get-project-settings",
            Description = "The project's review settings (API.md §4) and MCP Registry settings (API.md §8). Role: **admin**.",
            Responses =
            [
                Ok(200, "`{message, data: {require_approval, require_distinct_reviewer, registry_namespace, public_catalog}}`", etag: false,
                    Ex("settings", "Defaults", Json(new WriteEnvelope<ProjectSettingsDto>("Project settings", new ProjectSettingsDto(true, true, "local.default", false))))),
            ],
        },
        new()
        {
            Name = "modify-project-settings",
            Description = """
                Changes the project's review settings; only the fields given change. Role: **admin**. With `require_approval`
                false every write is approved at once; with `require_distinct_reviewer` true the author of a pending change
                cannot approve it. `registry_namespace` (reverse-DNS, default `local.<project name>`) prefixes every name served by
                the MCP Registry API v0.1; `public_catalog` true lets anyone read that API (and nothing else) without a key. Every
                change is audited.
                """,
            Request = Body(
                Ex("solo", "A one-person team reviews its own changes", Parse("""{ "require_distinct_reviewer": false }""")),
                Ex("registry", "Serve the catalog as com.example, with a key", Parse("""{ "registry_namespace": "com.example", "public_catalog": false }"""))),
            Responses =
            [
                Ok(200, "`{message, data: {require_approval, require_distinct_reviewer, registry_namespace, public_catalog}}`", etag: false,
                    Ex("updated", "Updated", Json(new WriteEnvelope<ProjectSettingsDto>("Project settings updated", new ProjectSettingsDto(true, false, "local.default", false))))),
                Fail(400, "Unknown field or wrong type",
                    Err("unknown-field", "Typo", "require_aproval: unknown field", Errors("require_aproval", "unknown field"))),
            ],
        },

        // ---- Gateways (API.md §5): applied once endpoints with these names are mapped ----
        new()
        {
            Name = "add-gateway",
            Description = """
                Adds a gateway: a named set of registry servers with per-server and common overrides. Role: **editor** or admin.
                Overridable keys: `input_guardrails_config`, `output_guardrails_config`, `tool_guardrails_config`,
                `enable_server_info_validation`; in `common_overrides` only, also the gateway-wide
                `server_tools_guardrails_config` (the newer Enkrypt runtime's guardrail for server info and tool listings;
                in a server entry it is 400). The gateway's name is `gateway_saved_name` (`saved_name` at the top level is
                400 saying so). A referenced server that does not exist is 400 at its index; the same
                `gateway_saved_name` and `gateway_version` already present is 409.
                """,
            Request = new BodyDoc(
            [
                Ex("two-servers", "A gateway over two servers", TeamABody()),
                Ex("gateway-wide-tool-guardrail", "Gateway-wide tool and server-info guardrail (newer Enkrypt runtime)", Parse("""
                    { "gateway_saved_name": "team-b", "servers_config": {
                      "common_overrides": { "server_tools_guardrails_config": { "enabled": true, "guardrail_name": "org-tools", "block": ["policy_violation"] } },
                      "servers": [ { "saved_name": "github", "server_version": "v1" } ] } }
                    """)),
            ]),
            Responses =
            [
                Ok(201, "Added: `{message, data: gateway}`", etag: true,
                    Ex("added", "Added", new JsonObject { ["message"] = "MCP gateway 'team-a' version 'v1' added", ["data"] = TeamA() })),
                Fail(400, "Validation failed, or a referenced server does not exist",
                    Err("unknown-server", "No such server", "servers_config.servers[1]: MCP registry server 'docs-search' version '2025-06' not found",
                        Errors("servers_config.servers[1]", "MCP registry server 'docs-search' version '2025-06' not found")),
                    Err("not-overridable", "Only the four overridable keys", "servers_config.servers[0].mcp_config: unknown field",
                        Errors("servers_config.servers[0].mcp_config", "unknown field")),
                    Err("gateway-wide-per-server", "server_tools_guardrails_config in a server entry",
                        "servers_config.servers[0].server_tools_guardrails_config: " + GatewayServerEntryValidator.GatewayWideMessage,
                        Errors("servers_config.servers[0].server_tools_guardrails_config", GatewayServerEntryValidator.GatewayWideMessage)),
                    Err("saved-name", "saved_name instead of gateway_saved_name",
                        "gateway_saved_name: is required (and 1 more)", new Dictionary<string, string[]>
                        {
                            ["gateway_saved_name"] = ["is required"],
                            ["saved_name"] = [GatewayBodyValidator.SavedNameMessage],
                        })),
                Fail(409, "This gateway name and version already exist", Err("duplicate", "Already exists", "MCP gateway 'team-a' version 'v1' already exists")),
            ],
        },
        new()
        {
            Name = "get-gateway",
            Description = "Reads one gateway, deleted ones too (`is_active: false`). Roles: any except runtime.",
            Responses =
            [
                Ok(200, "The bare gateway object", etag: true, Ex("gateway", "A gateway", TeamA())),
                Fail(400, "Gateway header missing or malformed", GatewayHeaderMissing),
                Fail(404, "No such gateway version", Err("not-found", "No such gateway", GatewayNotFound)),
            ],
        },
        new()
        {
            Name = "modify-gateway",
            Description = """
                Changes a gateway. Role: **editor** or admin. `servers` entries are upserted by `saved_name` + `server_version`;
                absent entries are kept; an entry with `"remove": true` detaches that server. In an entry or in `common_overrides`,
                a key present replaces that key and `null` clears it. With `If-Match`, a gateway changed since that read is 412.
                """,
            Request = new BodyDoc(
            [
                Ex("override", "Override one server's tool guardrails", Parse("""
                    { "servers_config": { "servers": [ { "saved_name": "github", "server_version": "v1",
                      "tool_guardrails_config": { "enabled": true, "guardrail_name": "tools-lenient", "block": [] } } ] } }
                    """)),
                Ex("detach", "Detach a server", Parse("""{ "servers_config": { "servers": [ { "saved_name": "docs-search", "server_version": "2025-06", "remove": true } ] } }""")),
                Ex("gateway-wide-tool-guardrail", "Set the gateway-wide tool guardrail (common_overrides only)", Parse("""
                    { "servers_config": { "common_overrides": {
                      "server_tools_guardrails_config": { "enabled": true, "guardrail_name": "org-tools", "block": ["policy_violation"] } } } }
                    """)),
            ]),
            Responses =
            [
                Ok(200, "Changed: `{message, data: gateway}`", etag: true,
                    Ex("updated", "Updated", new JsonObject { ["message"] = "MCP gateway 'team-a' version 'v1' updated", ["data"] = TeamA(revision: 2) })),
                Fail(400, "Validation failed or gateway header missing", GatewayHeaderMissing),
                Fail(404, "No such gateway version", Err("not-found", "No such gateway", GatewayNotFound)),
                Fail(412, "If-Match names another revision",
                    Err("stale", "Changed since read", "MCP gateway 'team-a' version 'v1' has changed since it was read (revision 2); read it again")),
            ],
        },
        new()
        {
            Name = "delete-gateway",
            Description = "Soft-deletes a gateway. Role: **editor** or admin. Already deleted: 409.",
            Responses =
            [
                Ok(200, "Deleted: `{message, data: gateway}` with `is_active: false`", etag: true,
                    Ex("deleted", "Deleted", new JsonObject { ["message"] = "MCP gateway 'team-a' version 'v1' deleted", ["data"] = TeamA(revision: 2, isActive: false) })),
                Fail(400, "Gateway header missing or malformed", GatewayHeaderMissing),
                Fail(404, "No such gateway version", Err("not-found", "No such gateway", GatewayNotFound)),
                Fail(409, "Already deleted", Err("already-deleted", "Already deleted", "MCP gateway 'team-a' version 'v1' is already deleted")),
                Fail(412, "If-Match names another revision",
                    Err("stale", "Changed since read", "MCP gateway 'team-a' version 'v1' has changed since it was read (revision 2); read it again")),
            ],
        },
        new()
        {
            Name = "list-gateways",
            Description = "One page of the project's gateways. Roles: viewer, editor, reviewer, admin.",
            Query = [new("search", "Case-insensitive substring of the gateway's name or description.", JsonSchemaType.String)],
            Responses =
            [
                Ok(200, "`{message, data: [gateways], pagination}`", etag: false,
                    Ex("page", "A page of gateways", new JsonObject
                    {
                        ["message"] = "MCP gateways",
                        ["data"] = new JsonArray(TeamA()),
                        ["pagination"] = Json(new Pagination(1, 20, 1, 1)),
                    })),
                Fail(400, "A query parameter is out of range", BadPage),
            ],
        },
        new()
        {
            Name = "get-gateway-config",
            Description = """
                The expanded configuration a gateway runtime serves (API.md §5.1): each server's approved snapshot with the
                overrides applied (`common_overrides` > per-server override > registry value). Servers deleted or never approved
                appear with `is_active: false`. Secrets are masked for viewers and revealed for **admin** and **runtime** keys.
                `common_overrides` is served as stored, and when only `tool_guardrails_config` is set there it is also served as
                `server_tools_guardrails_config`, so both generations of Enkrypt's runtime get tool guardrails.
                `request_context` names the caller: `user_id` (the key's or user's id), `user_email` (null for a key), `org_id`
                (null), `actioner` (the caller's display name), with the gateway, project and registry names. It is the one part
                that differs between callers.
                """,
            Responses =
            [
                Ok(200, "The bare expanded configuration", etag: true,
                    Ex("expanded", "Expanded, as a viewer sees it", TeamAConfig()),
                    Ex("older-tool-key", "common_overrides with only tool_guardrails_config, as served", TeamAConfig(olderToolKey: true))),
                Fail(400, "Gateway header missing or malformed", GatewayHeaderMissing),
                Fail(404, "No such gateway version", Err("not-found", "No such gateway", GatewayNotFound)),
            ],
        },
    }.Concat(McpRegistryApiDocs.Operations).ToDictionary(d => d.Name, StringComparer.Ordinal);

    internal static BodyDoc Body(params ExampleDoc[] examples) => new(examples);

    internal static ExampleDoc Ex(string name, string summary, JsonNode value) => new(name, summary, value);

    internal static ProblemExample Err(string name, string summary, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(name, summary, detail, errors);

    internal static ResponseDoc Ok(int status, string description, bool etag, params ExampleDoc[] examples) =>
        new(status, description, examples) { ETag = etag };

    internal static ResponseDoc Fail(int status, string description, params ProblemExample[] examples) =>
        new(status, description, examples.Select(e => Ex(e.Name, e.Summary, Problem(status, e))).ToList());

    internal static Dictionary<string, string[]> Errors(string path, string message) => new() { [path] = [message] };
}
