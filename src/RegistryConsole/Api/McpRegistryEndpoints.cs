using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Interop;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Api;

/// <summary>
/// The approved catalog for the ecosystem (API.md §8): the MCP Registry API v0.1 (read-only, CORS for any origin, errors
/// <c>{"error": "..."}</c>), import-servers and the two exports.
/// </summary>
public static class McpRegistryEndpoints
{
    public const string Prefix = "/v0.1";

    /// <summary>CORS as GitHub documents for Copilot's registry URL: any origin; GET and OPTIONS; Authorization and Content-Type.</summary>
    public static IApplicationBuilder UseMcpRegistryCors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var headers = context.Response.Headers;
        headers[HeaderNames.AccessControlAllowOrigin] = "*";
        headers[HeaderNames.AccessControlAllowMethods] = "GET, OPTIONS";
        headers[HeaderNames.AccessControlAllowHeaders] = "Authorization, Content-Type, apikey, api_key";
        headers[HeaderNames.AccessControlMaxAge] = "86400";
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        await next(context);
    });

    public static IEndpointRouteBuilder MapMcpRegistryApi(this IEndpointRouteBuilder app)
    {
        var v01 = app.MapGroup(Prefix).WithTags("MCP Registry v0.1");
        v01.MapGet("/servers", ListServers).WithName("v0.1-list-servers").WithSummary("List the approved servers (MCP Registry API v0.1)");
        v01.MapGet("/servers/{serverName}/versions", ListVersions).WithName("v0.1-list-server-versions").WithSummary("List the approved versions of one server");
        v01.MapGet("/servers/{serverName}/versions/{version}", GetVersion).WithName("v0.1-get-server-version").WithSummary("Read one approved version, or `latest`");

        // Clients that do not encode the '/' of the name reach the same handlers.
        v01.MapGet("/servers/{ns}/{name}/versions", (HttpContext c, string ns, string name, IApiKeyService k, IMcpRegistryService r, CancellationToken ct) =>
            ListVersions(c, $"{ns}/{name}", k, r, ct)).ExcludeFromDescription();
        v01.MapGet("/servers/{ns}/{name}/versions/{version}", (HttpContext c, string ns, string name, string version, IApiKeyService k, IMcpRegistryService r, CancellationToken ct) =>
            GetVersion(c, $"{ns}/{name}", version, k, r, ct)).ExcludeFromDescription();
        v01.MapFallback("{**rest}", () => Error(StatusCodes.Status404NotFound, "Not found")).ExcludeFromDescription();

        var registry = app.MapGroup("/mcp-registry").WithTags("Registry servers").RequireAuthorization(ApiScope.Policy).AddEndpointFilter(ApiScope.ScopeFilter);
        registry.MapPost("/import-servers", ImportServers).WithName("import-servers").WithSummary("Import server.json or client configs, all or nothing, pending review (editor)");
        registry.MapGet("/export-server", ExportServer).WithName("export-server").WithSummary("An approved server as a Claude Desktop, VS Code or Cursor config (viewer)");
        var gateway = app.MapGroup("/mcp-gateway").WithTags("Gateways").RequireAuthorization(ApiScope.Policy).AddEndpointFilter(ApiScope.ScopeFilter);
        gateway.MapGet("/export-gateway", ExportGateway).WithName("export-gateway").WithSummary("A gateway's active servers as a Claude Desktop, VS Code or Cursor config (viewer)");
        return app;
    }

    public static async Task<IResult> ListServers(HttpContext context, IApiKeyService keys, IMcpRegistryService registry, CancellationToken cancellationToken)
    {
        var (actor, denied) = await ReaderAsync(context, keys, registry, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var query = context.Request.Query;
        var limit = CatalogQuery.DefaultLimit;
        if (query["limit"].FirstOrDefault() is { } limitText && !int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit))
        {
            return Error(StatusCodes.Status400BadRequest, $"limit: must be an integer between 1 and {CatalogQuery.MaxLimit}");
        }

        DateTime? updatedSince = null;
        if (query["updated_since"].FirstOrDefault() is { Length: > 0 } since)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Error(StatusCodes.Status400BadRequest, "updated_since: must be an RFC 3339 timestamp such as 2025-08-07T13:15:04Z");
            }

            updatedSince = parsed.UtcDateTime;
        }

        var result = await registry.ListAsync(new CatalogQuery
        {
            Cursor = query["cursor"].FirstOrDefault(),
            Limit = limit,
            Search = query["search"].FirstOrDefault(),
            UpdatedSince = updatedSince,
            Version = query["version"].FirstOrDefault() is { Length: > 0 } v ? v : null,
        }, actor!, cancellationToken);
        if (!result.IsSuccess)
        {
            return Error(result.Error);
        }

        var metadata = new JsonObject { ["count"] = result.Value.Servers.Count };
        if (result.Value.NextCursor is { } next)
        {
            metadata["nextCursor"] = next;
        }

        return Json(new JsonObject { ["servers"] = new JsonArray([.. result.Value.Servers]), ["metadata"] = metadata });
    }

    public static async Task<IResult> ListVersions(HttpContext context, string serverName, IApiKeyService keys, IMcpRegistryService registry, CancellationToken cancellationToken)
    {
        var (actor, denied) = await ReaderAsync(context, keys, registry, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var result = await registry.ListVersionsAsync(Uri.UnescapeDataString(serverName), actor!, cancellationToken);
        return result.IsSuccess
            ? Json(new JsonObject { ["servers"] = new JsonArray([.. result.Value]), ["metadata"] = new JsonObject { ["count"] = result.Value.Count } })
            : Error(result.Error);
    }

    public static async Task<IResult> GetVersion(HttpContext context, string serverName, string version, IApiKeyService keys, IMcpRegistryService registry, CancellationToken cancellationToken)
    {
        var (actor, denied) = await ReaderAsync(context, keys, registry, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var result = await registry.GetVersionAsync(Uri.UnescapeDataString(serverName), Uri.UnescapeDataString(version), actor!, cancellationToken);
        return result.IsSuccess ? Json(result.Value) : Error(result.Error);
    }

    public static async Task<IResult> ImportServers(HttpContext context, IMcpRegistryService registry, CancellationToken cancellationToken)
    {
        var query = new QueryReader(context.Request.Query);
        var dryRun = query.Flag("dry_run") ?? false;
        if (query.Problem() is { } queryProblem)
        {
            return queryProblem;
        }

        var (body, problem) = await JsonBody.ReadNodeAsync(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await registry.ImportAsync(body, dryRun, context.Actor(), cancellationToken);
        if (!result.IsSuccess)
        {
            return ApiResults.Problem(result.Error);
        }

        var report = result.Value;
        var entries = report.Entries.Select(ImportEntryJson).ToList();
        if (report.DryRun)
        {
            var mapped = report.Entries.Count(e => e.Body is not null);
            var message = report.Problem is { } p
                ? $"Dry run: {mapped} of {entries.Count} entries map to a server, but the import would fail: {p.Message}"
                : $"Dry run: {mapped} of {entries.Count} entries map to a server; nothing was stored";
            return TypedResults.Json(new ImportDryRun(message, entries, entries.Count, report.Problem?.FieldErrors), JsonDefaults.Options);
        }

        return TypedResults.Json(
            new BulkEnvelope<ServerDto>($"{report.Servers.Count} MCP registry servers imported, each pending review", report.Servers, report.Servers.Count),
            JsonDefaults.Options, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> ExportServer(HttpContext context, IMcpRegistryService registry, CancellationToken cancellationToken)
    {
        var (key, problem) = ApiScope.ServerKeyFrom(context);
        if (problem is not null)
        {
            return problem;
        }

        var result = await registry.ExportServerAsync(key!, context.Request.Query["format"].FirstOrDefault() ?? string.Empty, context.Actor(), cancellationToken);
        return result.IsSuccess ? Json(result.Value) : ApiResults.Problem(result.Error);
    }

    public static async Task<IResult> ExportGateway(HttpContext context, IMcpRegistryService registry, CancellationToken cancellationToken)
    {
        var (key, problem) = GatewayEndpoints.GatewayKeyFrom(context);
        if (problem is not null)
        {
            return problem;
        }

        var result = await registry.ExportGatewayAsync(key!, context.Request.Query["format"].FirstOrDefault() ?? string.Empty, context.Actor(), cancellationToken);
        return result.IsSuccess ? Json(result.Value) : ApiResults.Problem(result.Error);
    }

    /// <summary>One entry of a dry-run report, in the API's snake_case.</summary>
    public static JsonObject ImportEntryJson(ImportEntry entry) => new()
    {
        ["source"] = entry.Source,
        ["saved_name"] = entry.SavedName,
        ["status"] = entry.Body is null ? "not_mapped" : entry.NeedsValue.Count > 0 ? "needs_value" : "mapped",
        ["body"] = entry.Body?.DeepClone(),
        ["mapped"] = new JsonArray([.. entry.Mapped.Select(m => (JsonNode)JsonValue.Create(m)!)]),
        ["needs_value"] = new JsonArray([.. entry.NeedsValue.Select(n => (JsonNode)new JsonObject { ["path"] = n.Path, ["is_secret"] = n.IsSecret, ["description"] = n.Description })]),
        ["not_mapped"] = new JsonArray([.. entry.NotMapped.Select(m => (JsonNode)JsonValue.Create(m)!)]),
    };

    /// <summary>The caller of a v0.1 read: an API key of any role (<c>apikey</c>, <c>api_key</c> or <c>Authorization: Bearer</c>), or anonymous while <c>public_catalog</c> is on.</summary>
    private static async Task<(Actor? Actor, IResult? Denied)> ReaderAsync(HttpContext context, IApiKeyService keys, IMcpRegistryService registry, CancellationToken cancellationToken)
    {
        var presented = context.Request.Headers[ApiHeaders.ApiKey].FirstOrDefault() ?? context.Request.Headers[ApiHeaders.ApiKeyAlias].FirstOrDefault();
        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        if (presented is null && authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }

        if (!string.IsNullOrEmpty(presented))
        {
            var actor = await keys.AuthenticateAsync(presented, cancellationToken);
            return actor is null ? (null, Error(StatusCodes.Status401Unauthorized, "The API key is unknown, expired or revoked")) : (actor, null);
        }

        var anonymous = await registry.AnonymousReaderAsync(cancellationToken);
        return anonymous is null
            ? (null, Error(StatusCodes.Status401Unauthorized, "An API key is required ('apikey' header or 'Authorization: Bearer <key>'); this catalog is not public"))
            : (anonymous, null);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Json(JsonObject body) => TypedResults.Content(body.ToJsonString(JsonDefaults.Options), "application/json", System.Text.Encoding.UTF8);

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Error(Error error) => Error(ApiProblem.StatusFor(error.Kind), error.Message);

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Error(int status, string message) =>
        TypedResults.Content(new JsonObject { ["error"] = message }.ToJsonString(), "application/json", System.Text.Encoding.UTF8, status);
}

/// <summary>The answer of a dry-run import: the per-entry report, and the field errors the import would fail with.</summary>
public sealed record ImportDryRun(string Message, IReadOnlyList<JsonObject> Data, int Count, IReadOnlyDictionary<string, string[]>? Errors);
