using RegistryConsole.Core.Common;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Api;

/// <summary>The registry endpoints of API.md §3. Each handler binds headers and body and calls <see cref="IServerService"/>.</summary>
public static class ServerEndpoints
{
    public static RouteGroupBuilder MapServerApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/mcp-registry")
            .WithTags("Registry servers")
            .RequireAuthorization(ApiScope.Policy)
            .AddEndpointFilter(ApiScope.ScopeFilter);

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

    public static async Task<IResult> AddServer(HttpContext context, IServerService servers, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await servers.AddAsync(body!, context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status201Created, s => $"MCP registry server '{s.SavedName}' version '{s.ServerVersion}' added", s => s.ETag);
    }

    public static async Task<IResult> BulkAddServers(HttpContext context, IServerService servers, CancellationToken cancellationToken)
    {
        var query = new QueryReader(context.Request.Query);
        var dryRun = query.Flag("dry_run") ?? false;
        if (query.Problem() is { } queryProblem)
        {
            return queryProblem;
        }

        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await servers.BulkAddAsync(body!, dryRun, context.Actor(), cancellationToken);
        if (!result.IsSuccess)
        {
            return ApiResults.Problem(result.Error);
        }

        var added = result.Value.Servers;
        return result.Value.DryRun
            ? TypedResults.Json(new BulkEnvelope<ServerDto>($"Dry run: all {added.Count} servers are valid; nothing was stored", added, added.Count), JsonDefaults.Options)
            : TypedResults.Json(new BulkEnvelope<ServerDto>($"{added.Count} MCP registry servers added", added, added.Count), JsonDefaults.Options, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> GetServer(HttpContext context, IServerService servers, CancellationToken cancellationToken)
    {
        var (key, problem) = ApiScope.ServerKeyFrom(context);
        if (problem is not null)
        {
            return problem;
        }

        var result = await servers.GetAsync(key!, context.Actor(), cancellationToken);
        return result.ToBareResult(context, s => s.ETag);
    }

    public static async Task<IResult> ModifyServer(HttpContext context, IServerService servers, CancellationToken cancellationToken)
    {
        var (key, problem) = ApiScope.ServerKeyFrom(context);
        var (revision, preconditionProblem) = ApiScope.IfMatch(context);
        if ((problem ?? preconditionProblem) is { } early)
        {
            return early;
        }

        var (body, bodyProblem) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var result = await servers.ModifyAsync(key!, body!, revision, context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status200OK, s => $"MCP registry server '{s.SavedName}' version '{s.ServerVersion}' updated", s => s.ETag);
    }

    public static async Task<IResult> DeleteServer(HttpContext context, IServerService servers, CancellationToken cancellationToken)
    {
        var (key, problem) = ApiScope.ServerKeyFrom(context);
        var (revision, preconditionProblem) = ApiScope.IfMatch(context);
        if ((problem ?? preconditionProblem) is { } early)
        {
            return early;
        }

        var result = await servers.DeleteAsync(key!, revision, context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status200OK, s => $"MCP registry server '{s.SavedName}' version '{s.ServerVersion}' deleted", s => s.ETag);
    }

    public static async Task<IResult> ListServers(HttpContext context, IServerService servers, CancellationToken cancellationToken)
    {
        var reader = new QueryReader(context.Request.Query);
        var query = new ServerListQuery
        {
            Page = reader.Number("page") ?? 1,
            PerPage = reader.Number("per_page") ?? 20,
            IsActive = reader.Flag("is_active"),
            Search = reader.Text("search"),
            ReviewStatus = reader.Text("review_status"),
            Sort = reader.Text("sort") ?? "saved_name",
            Order = reader.Text("order") ?? "asc",
        };
        if (reader.Problem() is { } queryProblem)
        {
            return queryProblem;
        }

        var result = await servers.ListAsync(query, context.Actor(), cancellationToken);
        return result.ToListResult("MCP registry servers");
    }

    public static async Task<IResult> ListGatewaysByServer(HttpContext context, IServerService servers, CancellationToken cancellationToken)
    {
        var (key, problem) = ApiScope.ServerKeyFrom(context);
        var reader = new QueryReader(context.Request.Query);
        var page = reader.PageRequest();
        if ((problem ?? reader.Problem()) is { } early)
        {
            return early;
        }

        var result = await servers.ListGatewaysAsync(key!, page, context.Actor(), cancellationToken);
        return result.ToListResult<GatewayUsageDto>("MCP gateways that reference this server");
    }

    public static async Task<IResult> ReviewServer(HttpContext context, IReviewService reviews, CancellationToken cancellationToken)
    {
        var (key, problem) = ApiScope.ServerKeyFrom(context);
        var (revision, preconditionProblem) = ApiScope.IfMatch(context);
        if ((problem ?? preconditionProblem) is { } early)
        {
            return early;
        }

        var (body, bodyProblem) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var result = await reviews.ReviewAsync(key!, body!, revision, context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status200OK, s => $"MCP registry server '{s.SavedName}' version '{s.ServerVersion}' {s.ReviewStatus}", s => s.ETag);
    }

    public static async Task<IResult> ServerHistory(HttpContext context, IAuditService audit, CancellationToken cancellationToken)
    {
        var (key, problem) = ApiScope.ServerKeyFrom(context);
        var reader = new QueryReader(context.Request.Query);
        var page = reader.PageRequest();
        if ((problem ?? reader.Problem()) is { } early)
        {
            return early;
        }

        var result = await audit.ServerHistoryAsync(key!, page, context.Actor(), cancellationToken);
        return result.ToListResult<ServerHistoryEntryDto>("MCP registry server history");
    }
}
