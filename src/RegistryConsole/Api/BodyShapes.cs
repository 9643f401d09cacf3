using RegistryConsole.Core.Servers;

namespace RegistryConsole.Api;

// Types that exist only so the OpenAPI document can describe bodies Core reads as raw JSON and checks field by field:
// the schema of a JsonBody<TSchema>.

/// <summary>The bulk-add-servers body: 1 to 100 add-server bodies.</summary>
public sealed record BulkAddServersBody(IReadOnlyList<ServerBody> Servers);

/// <summary>The modify-server body: every field optional; only fields present change.</summary>
public sealed record ModifyServerBody
{
    /// <summary>Must equal the <c>X-Enkrypt-MCP-Registry-Server</c> header when given: servers cannot be renamed.</summary>
    public string? SavedName { get; init; }

    /// <summary>Must equal the <c>X-Enkrypt-MCP-Registry-Server-Version</c> header (default <c>v1</c>) when given.</summary>
    public string? ServerVersion { get; init; }

    public string? ServerName { get; init; }

    public string? Description { get; init; }

    public string? JobId { get; init; }

    public string? SourceUrl { get; init; }

    public string? SourceVersion { get; init; }

    /// <summary>Each key present replaces that key whole; keys absent are kept; <c>null</c> clears an optional key.</summary>
    public McpConfigBody? McpConfig { get; init; }

    /// <summary>Only <c>true</c>, to restore a deleted server; deleting is delete-server.</summary>
    public bool? IsActive { get; init; }
}
