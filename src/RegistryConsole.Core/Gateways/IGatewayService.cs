using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Gateways;

/// <summary>MCP gateways (API.md §5): references to registry servers with per-server and common overrides.</summary>
public interface IGatewayService
{
    /// <summary>Adds a gateway; every referenced server must exist (400 at its index); name and version must be new (409).</summary>
    Task<Result<GatewayDto>> AddAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default);

    Task<Result<GatewayDto>> GetAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Upserts server entries by name and version (<c>"remove": true</c> detaches); in an entry or in common overrides a key present replaces, <c>null</c> clears.</summary>
    Task<Result<GatewayDto>> ModifyAsync(GatewayKey key, JsonObject patch, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Restores a deleted gateway, audited in full (as modify-gateway with <c>"is_active": true</c>); an active one comes back unchanged.</summary>
    Task<Result<GatewayDto>> RestoreAsync(GatewayKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default);

    Task<Result<GatewayDto>> DeleteAsync(GatewayKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default);

    Task<Result<Page<GatewayDto>>> ListAsync(GatewayListQuery query, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>The expanded view a runtime consumes; secrets revealed only to admin and runtime actors.</summary>
    Task<Result<GatewayConfigDto>> GetConfigAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>The expanded view as the console shows it: secrets masked whatever the caller's role.</summary>
    Task<Result<GatewayConfigDto>> GetMaskedConfigAsync(GatewayKey key, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>What every gateway referencing one server version serves for it, keyed by gateway id (the server's Gateways tab).</summary>
    Task<Result<IReadOnlyDictionary<string, ExpandedServerDto>>> ExpandForServerAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="ExpandForServerAsync"/>, with secrets masked whatever the caller's role (the console's view).</summary>
    Task<Result<IReadOnlyDictionary<string, ExpandedServerDto>>> ExpandForServerMaskedAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>How many active gateways reference each of the given server versions (for the servers grid).</summary>
    Task<Result<IReadOnlyDictionary<ServerKey, int>>> CountByServerAsync(IReadOnlyCollection<ServerKey> keys, Actor actor, CancellationToken cancellationToken = default);
}
