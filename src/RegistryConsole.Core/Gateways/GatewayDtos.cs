using System.Text.Json.Nodes;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Gateways;

/// <summary>A gateway as the API and the console show it (API.md §5).</summary>
public sealed record GatewayDto
{
    public required string GatewaySavedName { get; init; }

    public required string GatewayVersion { get; init; }

    public string? Description { get; init; }

    public required GatewayServersConfigDto ServersConfig { get; init; }

    public required string GatewayId { get; init; }

    public required string ProjectName { get; init; }

    public bool IsActive { get; init; }

    public bool IsSample { get; init; }

    public int Revision { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    public DateTime? DeletedAt { get; init; }

    public string? CreatedBy { get; init; }

    public string? UpdatedBy { get; init; }

    public string? DeletedBy { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag => ETags.For(Revision);
}

/// <summary><c>servers_config</c>: common overrides and one entry per referenced server (name, version, then its overrides).</summary>
public sealed record GatewayServersConfigDto(JsonObject CommonOverrides, IReadOnlyList<JsonObject> Servers);

/// <summary>The expanded view of a gateway (API.md §5.1).</summary>
public sealed record GatewayConfigDto
{
    public required string GatewaySavedName { get; init; }

    public required string GatewayVersion { get; init; }

    public required string GatewayId { get; init; }

    public required string ProjectName { get; init; }

    public bool IsActive { get; init; }

    public int Revision { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    public required JsonObject CommonOverrides { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(ExpandedServerListConverter))]
    public required IReadOnlyList<ExpandedServerDto> ExpandedServers { get; init; }

    /// <summary>Who asked (API.md §5.1): the caller-specific part, added to the gateway-wide expansion per call.</summary>
    public RequestContextDto? RequestContext { get; init; }

    /// <summary>Changes when the gateway or any server it expands changes, so a runtime can poll cheaply.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag
    {
        get
        {
            var parts = ExpandedServerList.SignatureOf(ExpandedServers);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{Revision}|{parts}")))[..16];
            return $"W/\"{Revision}-{hash}\"";
        }
    }
}

public sealed record ExpandedServerDto
{
    public required string SavedName { get; init; }

    public required string ServerVersion { get; init; }

    public string? ServerName { get; init; }

    public string? Description { get; init; }

    public string? JobId { get; init; }

    public string? SourceUrl { get; init; }

    public string? SourceVersion { get; init; }

    public required string RegistryId { get; init; }

    public bool IsActive { get; init; }

    public required string ReviewStatus { get; init; }

    public int? ServedRevision { get; init; }

    public required JsonObject McpConfig { get; init; }

    public required JsonObject GatewayOverrides { get; init; }

    /// <summary>Which keys of <see cref="McpConfig"/> the gateway overrode, and from where (for the console's markers).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, string> OverriddenKeys { get; init; } = new Dictionary<string, string>();
}

/// <summary>Filters and page of list-gateways.</summary>
public sealed record GatewayListQuery
{
    public int Page { get; init; } = 1;

    public int PerPage { get; init; } = 20;

    public bool? IsActive { get; init; }

    public string? Search { get; init; }
}

public sealed record GatewayKey(string SavedName, string Version)
{
    public override string ToString() => $"MCP gateway '{SavedName}' version '{Version}'";
}
