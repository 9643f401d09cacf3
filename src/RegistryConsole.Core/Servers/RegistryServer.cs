using System.Text.Json.Nodes;

namespace RegistryConsole.Core.Servers;

/// <summary>One version of an approved MCP server, as stored. <see cref="McpConfig"/> holds secrets encrypted.</summary>
public sealed class RegistryServer : Common.ILifecycleEntity
{
    public required string Id { get; init; }

    public required string RegistryId { get; init; }

    public required string SavedName { get; init; }

    public required string ServerVersion { get; init; }

    public string? ServerName { get; set; }

    public string? Description { get; set; }

    public string? JobId { get; set; }

    public string? SourceUrl { get; set; }

    public string? SourceVersion { get; set; }

    /// <summary>The <c>mcp_config</c> object exactly as written (key order kept), secrets replaced by ciphertext (column McpConfigJson).</summary>
    public required JsonObject McpConfig { get; set; }

    /// <summary>"stdio" or "remote", derived from <c>config</c> on every write so the grid can show it without parsing JSON.</summary>
    public required string Transport { get; set; }

    /// <summary>saved_name, server_name and description in lower case, kept on every write so search scans one column.</summary>
    public string SearchText { get; set; } = string.Empty;

    public bool IsActive { get; set; } = true;

    public bool IsSample { get; set; }

    public string ReviewStatus { get; set; } = ReviewStatuses.Pending;

    public int? ApprovedRevision { get; set; }

    public int Revision { get; set; } = 1;

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? DeletedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string? UpdatedBy { get; set; }

    public string? DeletedBy { get; set; }

    public string? ReviewedBy { get; set; }

    /// <summary>
    /// Every principal that wrote part of the change since the last approval, as a JSON array of <c>{id, name}</c>
    /// (<see cref="Reviews.ReviewAuthors"/>): none of them may approve it.
    /// </summary>
    public string PendingAuthorsJson { get; set; } = "[]";
}

public static class ReviewStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Pending, Approved, Rejected];
}

public static class Transports
{
    public const string Stdio = "stdio";
    public const string Remote = "remote";

    /// <summary>A server whose <c>mcp_config.config</c> has a <c>url</c> is remote; otherwise it runs a command (stdio).</summary>
    public static string Of(JsonObject mcpConfig) =>
        mcpConfig["config"] is JsonObject config && config["url"] is not null ? Remote : Stdio;
}
