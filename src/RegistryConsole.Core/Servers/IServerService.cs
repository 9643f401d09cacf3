using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Core.Servers;

/// <summary>The registry of MCP servers (API.md §3). Both the REST endpoints and the console call it.</summary>
public interface IServerService
{
    /// <summary>Adds one server from an add-server body. Conflict when the name and version exist (deleted or not).</summary>
    Task<Result<ServerDto>> AddAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Adds 1 to 100 servers from <c>{"servers": [...]}</c>, all or nothing; a dry run stores nothing.</summary>
    Task<Result<BulkAddResult>> BulkAddAsync(JsonObject body, bool dryRun, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Reads one server, deleted ones included; secrets masked.</summary>
    Task<Result<ServerDto>> GetAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// The named servers (at most 100), in the order named, in one query; a name that matches nothing is left out.
    /// Registry readers only, like list-servers (the console's "just added" view).
    /// </summary>
    Task<Result<IReadOnlyList<ServerDto>>> GetManyAsync(IReadOnlyList<ServerKey> keys, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Changes only the fields present; inside <c>mcp_config</c> each key present replaces that key; <c>null</c> clears; <c>"is_active": true</c> restores.</summary>
    Task<Result<ServerDto>> ModifyAsync(ServerKey key, JsonObject patch, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Restores a deleted server, audited in full (as modify-server with <c>"is_active": true</c>); an active one comes back unchanged.</summary>
    Task<Result<ServerDto>> RestoreAsync(ServerKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes a server. Conflict when it is already deleted.</summary>
    Task<Result<ServerDto>> DeleteAsync(ServerKey key, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>One page of servers, filtered, searched and sorted in the database.</summary>
    Task<Result<Page<ServerDto>>> ListAsync(ServerListQuery query, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>The gateways that reference a server version, with their overrides.</summary>
    Task<Result<Page<GatewayUsageDto>>> ListGatewaysAsync(ServerKey key, PageRequest page, Actor actor, CancellationToken cancellationToken = default);
}
