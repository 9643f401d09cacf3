using System.Text.Json.Nodes;

namespace RegistryConsole.Core.Servers;

/// <summary>A registry server as the API and the console show it (API.md §2); secrets masked.</summary>
public sealed record ServerDto
{
    public required string SavedName { get; init; }

    public required string ServerVersion { get; init; }

    public string? ServerName { get; init; }

    public string? Description { get; init; }

    public string? JobId { get; init; }

    public string? SourceUrl { get; init; }

    public string? SourceVersion { get; init; }

    public required JsonObject McpConfig { get; init; }

    /// <summary>
    /// stdio or remote (<see cref="Transports"/>): the stored column, kept on every write; derived from
    /// <see cref="McpConfig"/> by the same rule when a DTO is built without it. Not part of the API document.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Transport
    {
        get => field ?? Transports.Of(McpConfig);
        init;
    }

    public required string RegistryId { get; init; }

    public required string RegistryName { get; init; }

    public required string ProjectName { get; init; }

    public bool IsActive { get; init; }

    public bool IsSample { get; init; }

    public required string ReviewStatus { get; init; }

    public int? ApprovedRevision { get; init; }

    public int Revision { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }

    public DateTime? DeletedAt { get; init; }

    public string? CreatedBy { get; init; }

    public string? UpdatedBy { get; init; }

    public string? DeletedBy { get; init; }

    public string? ReviewedBy { get; init; }

    /// <summary>The ETag of this revision: the revision in quotes.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag => ETags.For(Revision);
}

/// <summary>Identifies one server version inside the caller's registry.</summary>
public sealed record ServerKey(string SavedName, string ServerVersion)
{
    public override string ToString() => $"MCP registry server '{SavedName}' version '{ServerVersion}'";
}

/// <summary>Filters, sort and page of list-servers.</summary>
public sealed record ServerListQuery
{
    public int Page { get; init; } = 1;

    public int PerPage { get; init; } = 20;

    public bool? IsActive { get; init; }

    public string? Search { get; init; }

    public string? ReviewStatus { get; init; }

    public string Sort { get; init; } = ServerPages.NameSort;

    public string Order { get; init; } = "asc";
}

/// <summary>The result of bulk add: the servers stored (or, for a dry run, that would be stored).</summary>
public sealed record BulkAddResult(IReadOnlyList<ServerDto> Servers, bool DryRun);

/// <summary>The ETag of a revision (<c>"&lt;revision&gt;"</c>); reading If-Match is the host's (Api/IfMatchHeader).</summary>
public static class ETags
{
    public static string For(int revision) => $"\"{revision}\"";
}
