using System.Text.Json.Nodes;

namespace RegistryConsole.Core.Gateways;

/// <summary>One gateway that references a server version, with what it overrides (list-gateways-by-server).</summary>
public sealed record GatewayUsageDto
{
    public required string GatewaySavedName { get; init; }

    public required string GatewayVersion { get; init; }

    public required string GatewayId { get; init; }

    public bool IsActive { get; init; }

    public required JsonObject Overrides { get; init; }

    public required JsonObject CommonOverrides { get; init; }
}
