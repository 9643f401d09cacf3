using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Interop;

/// <summary>The listing query of <c>GET /v0.1/servers</c>.</summary>
public sealed record CatalogQuery
{
    public const int DefaultLimit = 30;
    public const int MaxLimit = 100;

    public string? Cursor { get; init; }

    public int Limit { get; init; } = DefaultLimit;

    public string? Search { get; init; }

    public DateTime? UpdatedSince { get; init; }

    /// <summary><c>latest</c> or an exact version.</summary>
    public string? Version { get; init; }
}

/// <summary>One page of ServerResponse objects and the cursor of the next page (null at the end).</summary>
public sealed record CatalogPage(IReadOnlyList<JsonObject> Servers, string? NextCursor);

/// <summary>The per-entry report of an import, and the servers stored (none on a dry run).</summary>
public sealed record ImportReport(IReadOnlyList<ImportEntry> Entries, IReadOnlyList<ServerDto> Servers, bool DryRun, Error? Problem);

/// <summary>
/// The approved catalog for the ecosystem: MCP Registry API v0.1 (API.md §8), import from server.json and client
/// configs, export to client configs. Everything served comes from approved snapshots with secrets masked.
/// </summary>
public interface IMcpRegistryService
{
    /// <summary>The reader of an anonymous call: the default project's, when its <c>public_catalog</c> is on; else null.</summary>
    Task<Actor?> AnonymousReaderAsync(CancellationToken cancellationToken = default);

    Task<Result<CatalogPage>> ListAsync(CatalogQuery query, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Every served version of one name (<c>&lt;namespace&gt;/&lt;saved_name&gt;</c>), newest approval first.</summary>
    Task<Result<IReadOnlyList<JsonObject>>> ListVersionsAsync(string serverName, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>One served version, or the latest for <c>latest</c>.</summary>
    Task<Result<JsonObject>> GetVersionAsync(string serverName, string version, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>An approved server's served snapshot as a client config file.</summary>
    Task<Result<JsonObject>> ExportServerAsync(ServerKey key, string format, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Every active server of a gateway's expanded config as a client config file.</summary>
    Task<Result<JsonObject>> ExportGatewayAsync(GatewayKey key, string format, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Maps <paramref name="input"/> and adds every entry through the bulk add, all or nothing, each pending review.</summary>
    Task<Result<ImportReport>> ImportAsync(JsonNode? input, bool dryRun, Actor actor, CancellationToken cancellationToken = default);
}
