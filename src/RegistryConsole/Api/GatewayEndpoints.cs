using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Api;

/// <summary>The gateway endpoints of API.md §5: each binds its parts (see <see cref="IRequestBinding"/>), calls Core once and maps the result.</summary>
public static class GatewayEndpoints
{
    public static RouteGroupBuilder MapGatewayApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/mcp-gateway", "Gateways");
        group.MapPost("/add-gateway", AddGateway).WithName("add-gateway").WithSummary("Add a gateway (editor)");
        group.MapGet("/get-gateway", GetGateway).WithName("get-gateway").WithSummary("Read one gateway (viewer)");
        group.MapPatch("/modify-gateway", ModifyGateway).WithName("modify-gateway").WithSummary("Upsert server entries and overrides (editor)");
        group.MapDelete("/delete-gateway", DeleteGateway).WithName("delete-gateway").WithSummary("Soft-delete a gateway (editor)");
        group.MapGet("/list-gateways", ListGateways).WithName("list-gateways").WithSummary("List gateways, paged (viewer)");
        group.MapGet("/get-gateway-config", GetGatewayConfig).WithName("get-gateway-config").WithSummary("The expanded config a runtime consumes (viewer masked; admin, runtime revealed)");
        return group;
    }

    public static async Task<Results<JsonCreated<WriteEnvelope<GatewayDto>>, ProblemResult>> AddGateway(
        JsonBody<JsonObject> body, IGatewayService gateways, HttpContext context, CancellationToken cancellationToken) =>
        (await gateways.AddAsync(body.Value, context.Actor(), cancellationToken)).ToCreated(g => Message(g, "added"), g => g.ETag);

    public static async Task<Results<JsonOk<GatewayDto>, ProblemResult>> GetGateway(
        [AsParameters] GatewayAddress gateway, IGatewayService gateways, HttpContext context, CancellationToken cancellationToken) =>
        (await gateways.GetAsync(gateway.Key, context.Actor(), cancellationToken)).ToBare(g => g.ETag);

    public static async Task<Results<JsonOk<WriteEnvelope<GatewayDto>>, ProblemResult>> ModifyGateway(
        [AsParameters] GatewayAddress gateway, [AsParameters] IfMatch ifMatch, JsonBody<JsonObject> body, IGatewayService gateways, HttpContext context, CancellationToken cancellationToken) =>
        (await gateways.ModifyAsync(gateway.Key, body.Value, ifMatch.Revision, context.Actor(), cancellationToken)).ToWritten(g => Message(g, "updated"), g => g.ETag);

    public static async Task<Results<JsonOk<WriteEnvelope<GatewayDto>>, ProblemResult>> DeleteGateway(
        [AsParameters] GatewayAddress gateway, [AsParameters] IfMatch ifMatch, IGatewayService gateways, HttpContext context, CancellationToken cancellationToken) =>
        (await gateways.DeleteAsync(gateway.Key, ifMatch.Revision, context.Actor(), cancellationToken)).ToWritten(g => Message(g, "deleted"), g => g.ETag);

    public static async Task<Results<JsonOk<ListEnvelope<GatewayDto>>, ProblemResult>> ListGateways(
        [AsParameters] GatewayListParameters query, IGatewayService gateways, HttpContext context, CancellationToken cancellationToken) =>
        (await gateways.ListAsync(query.Value, context.Actor(), cancellationToken)).ToList("MCP gateways");

    public static async Task<Results<JsonOk<GatewayConfigDto>, ProblemResult>> GetGatewayConfig(
        [AsParameters] GatewayAddress gateway, IGatewayService gateways, HttpContext context, CancellationToken cancellationToken) =>
        (await gateways.GetConfigAsync(gateway.Key, context.Actor(), cancellationToken)).ToBare(g => g.ETag);

    private static string Message(GatewayDto gateway, string done) => $"MCP gateway '{gateway.GatewaySavedName}' version '{gateway.GatewayVersion}' {done}";
}
