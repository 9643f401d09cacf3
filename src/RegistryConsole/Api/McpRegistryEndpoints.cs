using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
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
        var reads = v01.MapGroup(string.Empty).AddEndpointFilter(CatalogReaderFilter).AddEndpointFilter(RequestBindings.Filter);
        reads.MapGet("/servers", ListServers).WithName("v0.1-list-servers").WithSummary("List the approved servers (MCP Registry API v0.1)");
        reads.MapGet("/servers/{serverName}/versions", ListVersions).WithName("v0.1-list-server-versions").WithSummary("List the approved versions of one server");
        reads.MapGet("/servers/{serverName}/versions/{version}", GetVersion).WithName("v0.1-get-server-version").WithSummary("Read one approved version, or `latest`");

        // Clients that do not encode the '/' of the name reach the same handlers.
        reads.MapGet("/servers/{ns}/{name}/versions", (HttpContext c, string ns, string name, IMcpRegistryService r, CancellationToken ct) =>
            ListVersions(c, $"{ns}/{name}", r, ct)).ExcludeFromDescription();
        reads.MapGet("/servers/{ns}/{name}/versions/{version}", (HttpContext c, string ns, string name, string version, IMcpRegistryService r, CancellationToken ct) =>
            GetVersion(c, $"{ns}/{name}", version, r, ct)).ExcludeFromDescription();
        v01.MapFallback("{**rest}", () => CatalogError.For(StatusCodes.Status404NotFound, "Not found")).ExcludeFromDescription();

        var registry = app.MapApiGroup("/mcp-registry", "Registry servers");
        registry.MapPost("/import-servers", ImportServers).WithName("import-servers").WithSummary("Import server.json or client configs, all or nothing, pending review (editor)");
        registry.MapGet("/export-server", ExportServer).WithName("export-server").WithSummary("An approved server as a Claude Desktop, VS Code or Cursor config (viewer)");
        var gateway = app.MapApiGroup("/mcp-gateway", "Gateways");
        gateway.MapGet("/export-gateway", ExportGateway).WithName("export-gateway").WithSummary("A gateway's active servers as a Claude Desktop, VS Code or Cursor config (viewer)");
        return app;
    }

    public static async Task<Results<JsonObjectResult, CatalogError>> ListServers(
        [AsParameters] CatalogParameters query, HttpContext context, IMcpRegistryService registry, CancellationToken cancellationToken) =>
        (await registry.ListAsync(query.Value, context.Actor(), cancellationToken)).ToCatalog(page => List(page.Servers, page.NextCursor));

    public static async Task<Results<JsonObjectResult, CatalogError>> ListVersions(HttpContext context, string serverName, IMcpRegistryService registry, CancellationToken cancellationToken) =>
        (await registry.ListVersionsAsync(Uri.UnescapeDataString(serverName), context.Actor(), cancellationToken)).ToCatalog(versions => List(versions, next: null));

    public static async Task<Results<JsonObjectResult, CatalogError>> GetVersion(HttpContext context, string serverName, string version, IMcpRegistryService registry, CancellationToken cancellationToken) =>
        (await registry.GetVersionAsync(Uri.UnescapeDataString(serverName), Uri.UnescapeDataString(version), context.Actor(), cancellationToken)).ToCatalog(server => server);

    public static async Task<Results<JsonCreated<BulkEnvelope<ServerDto>>, JsonOk<ImportDryRun>, ProblemResult>> ImportServers(
        [AsParameters] DryRunParameter dryRun, [AnyJsonValue] JsonBody<JsonObject> body, IMcpRegistryService registry, HttpContext context, CancellationToken cancellationToken) =>
        (await registry.ImportAsync(body.Node, dryRun.Value, context.Actor(), cancellationToken)).ToImported();

    public static async Task<Results<JsonObjectResult, ProblemResult>> ExportServer(
        [AsParameters] ServerAddress server, [AsParameters] FormatParameter format, IMcpRegistryService registry, HttpContext context, CancellationToken cancellationToken) =>
        (await registry.ExportServerAsync(server.Key, format.Value, context.Actor(), cancellationToken)).ToJsonObject();

    public static async Task<Results<JsonObjectResult, ProblemResult>> ExportGateway(
        [AsParameters] GatewayAddress gateway, [AsParameters] FormatParameter format, IMcpRegistryService registry, HttpContext context, CancellationToken cancellationToken) =>
        (await registry.ExportGatewayAsync(gateway.Key, format.Value, context.Actor(), cancellationToken)).ToJsonObject();

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

    /// <summary>
    /// The caller of a v0.1 read, before any handler runs: an API key of any role (<c>apikey</c>, <c>api_key</c> or
    /// <c>Authorization: Bearer</c>), or anonymous while <c>public_catalog</c> is on.
    /// </summary>
    private static async ValueTask<object?> CatalogReaderFilter(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var presented = context.Request.Headers[ApiHeaders.ApiKey].FirstOrDefault() ?? context.Request.Headers[ApiHeaders.ApiKeyAlias].FirstOrDefault();
        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        if (presented is null && authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }

        var services = context.RequestServices;
        var actor = string.IsNullOrEmpty(presented)
            ? await services.GetRequiredService<IMcpRegistryService>().AnonymousReaderAsync(context.RequestAborted)
            : await services.GetRequiredService<IApiKeyService>().AuthenticateAsync(presented, context.RequestAborted);
        if (actor is null)
        {
            return CatalogError.For(StatusCodes.Status401Unauthorized, string.IsNullOrEmpty(presented)
                ? "An API key is required ('apikey' header or 'Authorization: Bearer <key>'); this catalog is not public"
                : "The API key is unknown, expired or revoked");
        }

        context.SetActor(actor);
        return await next(invocation);
    }

    private static Results<JsonObjectResult, ProblemResult> ToJsonObject(this Result<JsonObject> result) =>
        result.IsSuccess ? new JsonObjectResult(result.Value) : ApiResults.Problem(result.Error);

    private static Results<JsonObjectResult, CatalogError> ToCatalog<T>(this Result<T> result, Func<T, JsonObject> body) =>
        result.IsSuccess ? new JsonObjectResult(body(result.Value)) : CatalogError.For(result.Error);

    /// <summary>A v0.1 list: <c>{servers, metadata: {count, nextCursor?}}</c>.</summary>
    private static JsonObject List(IReadOnlyList<JsonObject> servers, string? next)
    {
        var metadata = new JsonObject { ["count"] = servers.Count };
        if (next is not null)
        {
            metadata["nextCursor"] = next;
        }

        return new JsonObject { ["servers"] = new JsonArray([.. servers]), ["metadata"] = metadata };
    }

    private static Results<JsonCreated<BulkEnvelope<ServerDto>>, JsonOk<ImportDryRun>, ProblemResult> ToImported(this Result<ImportReport> result) => result switch
    {
        { IsSuccess: false } => ApiResults.Problem(result.Error),
        { Value: { DryRun: true } report } => new JsonOk<ImportDryRun>(ImportDryRun.Of(report)),
        { Value.Servers: var stored } => new JsonCreated<BulkEnvelope<ServerDto>>(new($"{stored.Count} MCP registry servers imported, each pending review", stored, stored.Count)),
    };
}

/// <summary>The v0.1 query (API.md §8), bound as raw strings; a bad value is a v0.1 error <c>{"error": "..."}</c>. Use with <c>[AsParameters]</c>.</summary>
public sealed class CatalogParameters : IRequestBinding
{
    [FromQuery(Name = "cursor")]
    public string[]? Cursor { get; init; }

    [FromQuery(Name = "limit")]
    public string[]? Limit { get; init; }

    [FromQuery(Name = "search")]
    public string[]? Search { get; init; }

    [FromQuery(Name = "updated_since")]
    public string[]? UpdatedSince { get; init; }

    [FromQuery(Name = "version")]
    public string[]? Version { get; init; }

    public CatalogQuery Value => new()
    {
        Cursor = Cursor?.FirstOrDefault(),
        Limit = Limit?.FirstOrDefault() is { } limit ? int.Parse(limit, NumberStyles.None, CultureInfo.InvariantCulture) : CatalogQuery.DefaultLimit,
        Search = Search?.FirstOrDefault(),
        UpdatedSince = UpdatedSince?.FirstOrDefault() is { Length: > 0 } since
            ? DateTimeOffset.Parse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime
            : null,
        Version = Version?.FirstOrDefault() is { Length: > 0 } version ? version : null,
    };

    public IResult? Problem =>
        Limit?.FirstOrDefault() is { } limit && !int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? CatalogError.For(StatusCodes.Status400BadRequest, $"limit: must be an integer between 1 and {CatalogQuery.MaxLimit}")
        : UpdatedSince?.FirstOrDefault() is { Length: > 0 } since && !DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? CatalogError.For(StatusCodes.Status400BadRequest, "updated_since: must be an RFC 3339 timestamp such as 2025-08-07T13:15:04Z")
        : null;
}

/// <summary>A JSON object written as it is built (the v0.1 answers and the exports), with the wire options.</summary>
public sealed class JsonObjectResult(JsonObject body) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) =>
        TypedResults.Content(body.ToJsonString(JsonDefaults.Options), "application/json", System.Text.Encoding.UTF8).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(JsonObject), ["application/json"]));
}

/// <summary>The v0.1 error shape: <c>{"error": "..."}</c> as application/json, not a problem.</summary>
public sealed class CatalogError(int status, string message) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => status;

    public static CatalogError For(Error error) => new(ApiProblem.StatusFor(error.Kind), error.Message);

    public static CatalogError For(int status, string message) => new(status, message);

    public Task ExecuteAsync(HttpContext httpContext) =>
        TypedResults.Content(new JsonObject { ["error"] = message }.ToJsonString(), "application/json", System.Text.Encoding.UTF8, status).ExecuteAsync(httpContext);
}

/// <summary>The answer of a dry-run import: the per-entry report, and the field errors the import would fail with.</summary>
public sealed record ImportDryRun(string Message, IReadOnlyList<JsonObject> Data, int Count, IReadOnlyDictionary<string, string[]>? Errors)
{
    public static ImportDryRun Of(ImportReport report)
    {
        var entries = report.Entries.Select(McpRegistryEndpoints.ImportEntryJson).ToList();
        var mapped = report.Entries.Count(e => e.Body is not null);
        var message = report.Problem is { } p
            ? $"Dry run: {mapped} of {entries.Count} entries map to a server, but the import would fail: {p.Message}"
            : $"Dry run: {mapped} of {entries.Count} entries map to a server; nothing was stored";
        return new ImportDryRun(message, entries, entries.Count, report.Problem?.FieldErrors);
    }
}
