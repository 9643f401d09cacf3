using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Api;

/// <summary>The gateway endpoints of API.md §5. Each handler binds headers and body and calls <see cref="IGatewayService"/>.</summary>
public static class GatewayEndpoints
{
    public static RouteGroupBuilder MapGatewayApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/mcp-gateway")
            .WithTags("Gateways")
            .RequireAuthorization(ApiScope.Policy)
            .AddEndpointFilter(ApiScope.ScopeFilter);

        group.MapPost("/add-gateway", AddGateway).WithName("add-gateway").WithSummary("Add a gateway (editor)");
        group.MapGet("/get-gateway", GetGateway).WithName("get-gateway").WithSummary("Read one gateway (viewer)");
        group.MapPatch("/modify-gateway", ModifyGateway).WithName("modify-gateway").WithSummary("Upsert server entries and overrides (editor)");
        group.MapDelete("/delete-gateway", DeleteGateway).WithName("delete-gateway").WithSummary("Soft-delete a gateway (editor)");
        group.MapGet("/list-gateways", ListGateways).WithName("list-gateways").WithSummary("List gateways, paged (viewer)");
        group.MapGet("/get-gateway-config", GetGatewayConfig).WithName("get-gateway-config").WithSummary("The expanded config a runtime consumes (viewer masked; admin, runtime revealed)");
        return group;
    }

    public static async Task<IResult> AddGateway(HttpContext context, IGatewayService gateways, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await gateways.AddAsync(body!, context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status201Created, g => $"MCP gateway '{g.GatewaySavedName}' version '{g.GatewayVersion}' added", g => g.ETag);
    }

    public static async Task<IResult> GetGateway(HttpContext context, IGatewayService gateways, CancellationToken cancellationToken)
    {
        var (key, problem) = GatewayKeyFrom(context);
        if (problem is not null)
        {
            return problem;
        }

        var result = await gateways.GetAsync(key!, context.Actor(), cancellationToken);
        return result.ToBareResult(context, g => g.ETag);
    }

    public static async Task<IResult> ModifyGateway(HttpContext context, IGatewayService gateways, CancellationToken cancellationToken)
    {
        var (key, problem) = GatewayKeyFrom(context);
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

        var result = await gateways.ModifyAsync(key!, body!, revision, context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status200OK, g => $"MCP gateway '{g.GatewaySavedName}' version '{g.GatewayVersion}' updated", g => g.ETag);
    }

    public static async Task<IResult> DeleteGateway(HttpContext context, IGatewayService gateways, CancellationToken cancellationToken)
    {
        var (key, problem) = GatewayKeyFrom(context);
        var (revision, preconditionProblem) = ApiScope.IfMatch(context);
        if ((problem ?? preconditionProblem) is { } early)
        {
            return early;
        }

        var result = await gateways.DeleteAsync(key!, revision, context.Actor(), cancellationToken);
        return result.ToWriteResult(context, StatusCodes.Status200OK, g => $"MCP gateway '{g.GatewaySavedName}' version '{g.GatewayVersion}' deleted", g => g.ETag);
    }

    public static async Task<IResult> ListGateways(HttpContext context, IGatewayService gateways, CancellationToken cancellationToken)
    {
        var reader = new QueryReader(context.Request.Query);
        var query = new GatewayListQuery
        {
            Page = reader.Number("page") ?? 1,
            PerPage = reader.Number("per_page") ?? 20,
            IsActive = reader.Flag("is_active"),
            Search = reader.Text("search"),
        };
        if (reader.Problem() is { } queryProblem)
        {
            return queryProblem;
        }

        var result = await gateways.ListAsync(query, context.Actor(), cancellationToken);
        return result.ToListResult("MCP gateways");
    }

    public static async Task<IResult> GetGatewayConfig(HttpContext context, IGatewayService gateways, CancellationToken cancellationToken)
    {
        var (key, problem) = GatewayKeyFrom(context);
        if (problem is not null)
        {
            return problem;
        }

        var result = await gateways.GetConfigAsync(key!, context.Actor(), cancellationToken);
        return result.ToBareResult(context, g => g.ETag);
    }

    internal static (GatewayKey? Key, IResult? Problem) GatewayKeyFrom(HttpContext context)
    {
        var name = context.Request.Headers[ApiHeaders.Gateway].FirstOrDefault();
        if (string.IsNullOrEmpty(name))
        {
            return (null, ApiResults.BadHeader(ApiHeaders.Gateway, "is required: the gateway's gateway_saved_name"));
        }

        var (version, problem) = ApiScope.Identifier(context, name, ApiHeaders.Gateway, ApiHeaders.GatewayVersion);
        return problem is null ? (new GatewayKey(name, version!), null) : (null, problem);
    }
}
