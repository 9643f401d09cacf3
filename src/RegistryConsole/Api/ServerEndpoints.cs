using Microsoft.AspNetCore.Http.HttpResults;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Api;

/// <summary>The registry endpoints of API.md §3: each binds its parts (see <see cref="IRequestBinding"/>), calls Core once and maps the result.</summary>
public static class ServerEndpoints
{
    public static RouteGroupBuilder MapServerApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/mcp-registry", "Registry servers");
        group.MapPost("/add-server", AddServer).WithName("add-server").WithSummary("Add a server (editor)");
        group.MapPost("/bulk-add-servers", BulkAddServers).WithName("bulk-add-servers").WithSummary("Add 1 to 100 servers, all or nothing (editor)");
        group.MapGet("/get-server", GetServer).WithName("get-server").WithSummary("Read one server (viewer, runtime)");
        group.MapPatch("/modify-server", ModifyServer).WithName("modify-server").WithSummary("Change the fields given (editor)");
        group.MapDelete("/delete-server", DeleteServer).WithName("delete-server").WithSummary("Soft-delete a server (editor)");
        group.MapGet("/list-servers", ListServers).WithName("list-servers").WithSummary("List servers, paged (viewer)");
        group.MapGet("/list-gateways-by-server", ListGatewaysByServer).WithName("list-gateways-by-server").WithSummary("Gateways that use a server (viewer)");
        group.MapPost("/review-server", ReviewServer).WithName("review-server").WithSummary("Approve or reject the pending revision (reviewer)");
        group.MapGet("/server-history", ServerHistory).WithName("server-history").WithSummary("Audit events of a server, newest first (viewer)");
        return group;
    }

    public static async Task<Results<JsonCreated<WriteEnvelope<ServerDto>>, ProblemResult>> AddServer(
        JsonBody<ServerBody> body, IServerService servers, HttpContext context, CancellationToken cancellationToken) =>
        (await servers.AddAsync(body.Value, context.Actor(), cancellationToken)).ToCreated(s => Message(s, "added"), s => s.ETag);

    public static async Task<Results<JsonCreated<BulkEnvelope<ServerDto>>, JsonOk<BulkEnvelope<ServerDto>>, ProblemResult>> BulkAddServers(
        [AsParameters] DryRunParameter dryRun, JsonBody<BulkAddServersBody> body, IServerService servers, HttpContext context, CancellationToken cancellationToken) =>
        (await servers.BulkAddAsync(body.Value, dryRun.Value, context.Actor(), cancellationToken)).ToBulkAdded();

    public static async Task<Results<JsonOk<ServerDto>, ProblemResult>> GetServer(
        [AsParameters] ServerAddress server, IServerService servers, HttpContext context, CancellationToken cancellationToken) =>
        (await servers.GetAsync(server.Key, context.Actor(), cancellationToken)).ToBare(s => s.ETag);

    public static async Task<Results<JsonOk<WriteEnvelope<ServerDto>>, ProblemResult>> ModifyServer(
        [AsParameters] ServerAddress server, [AsParameters] IfMatch ifMatch, JsonBody<ModifyServerBody> body, IServerService servers, HttpContext context, CancellationToken cancellationToken) =>
        (await servers.ModifyAsync(server.Key, body.Value, ifMatch.Revision, context.Actor(), cancellationToken)).ToWritten(s => Message(s, "updated"), s => s.ETag);

    public static async Task<Results<JsonOk<WriteEnvelope<ServerDto>>, ProblemResult>> DeleteServer(
        [AsParameters] ServerAddress server, [AsParameters] IfMatch ifMatch, IServerService servers, HttpContext context, CancellationToken cancellationToken) =>
        (await servers.DeleteAsync(server.Key, ifMatch.Revision, context.Actor(), cancellationToken)).ToWritten(s => Message(s, "deleted"), s => s.ETag);

    public static async Task<Results<JsonOk<ListEnvelope<ServerDto>>, ProblemResult>> ListServers(
        [AsParameters] ServerListParameters query, IServerService servers, HttpContext context, CancellationToken cancellationToken) =>
        (await servers.ListAsync(query.Value, context.Actor(), cancellationToken)).ToList("MCP registry servers");

    public static async Task<Results<JsonOk<ListEnvelope<GatewayUsageDto>>, ProblemResult>> ListGatewaysByServer(
        [AsParameters] ServerAddress server, [AsParameters] PageParameters page, IServerService servers, HttpContext context, CancellationToken cancellationToken) =>
        (await servers.ListGatewaysAsync(server.Key, page.Value, context.Actor(), cancellationToken)).ToList("MCP gateways that reference this server");

    public static async Task<Results<JsonOk<WriteEnvelope<ServerDto>>, ProblemResult>> ReviewServer(
        [AsParameters] ServerAddress server, [AsParameters] IfMatch ifMatch, JsonBody<ReviewRequest> body, IReviewService reviews, HttpContext context, CancellationToken cancellationToken) =>
        (await reviews.ReviewAsync(server.Key, body.Value, ifMatch.Revision, context.Actor(), cancellationToken)).ToWritten(s => Message(s, s.ReviewStatus), s => s.ETag);

    public static async Task<Results<JsonOk<ListEnvelope<ServerHistoryEntryDto>>, ProblemResult>> ServerHistory(
        [AsParameters] ServerAddress server, [AsParameters] PageParameters page, IAuditService audit, HttpContext context, CancellationToken cancellationToken) =>
        (await audit.ServerHistoryAsync(server.Key, page.Value, context.Actor(), cancellationToken)).ToList("MCP registry server history");

    /// <summary>201 with the servers added, or 200 with those a dry run found valid.</summary>
    private static Results<JsonCreated<BulkEnvelope<ServerDto>>, JsonOk<BulkEnvelope<ServerDto>>, ProblemResult> ToBulkAdded(this Result<BulkAddResult> result) => result switch
    {
        { IsSuccess: false } => ApiResults.Problem(result.Error),
        { Value: { DryRun: true, Servers: var valid } } => new JsonOk<BulkEnvelope<ServerDto>>(new($"Dry run: all {valid.Count} servers are valid; nothing was stored", valid, valid.Count)),
        { Value.Servers: var added } => new JsonCreated<BulkEnvelope<ServerDto>>(new($"{added.Count} MCP registry servers added", added, added.Count)),
    };

    private static string Message(ServerDto server, string done) => $"MCP registry server '{server.SavedName}' version '{server.ServerVersion}' {done}";
}
