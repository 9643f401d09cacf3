using System.Text.Json.Nodes;

namespace RegistryConsole.Core.Reviews;

/// <summary>An approved revision of a server, frozen: what gateways serve until the next approval.</summary>
public sealed class ServerSnapshot
{
    public required string Id { get; init; }

    public required string ServerId { get; init; }

    public required int Revision { get; init; }

    public string? ServerName { get; init; }

    public string? Description { get; init; }

    /// <summary>The approved <c>mcp_config</c>, secrets encrypted as in the server row.</summary>
    public required JsonObject McpConfig { get; init; }

    public DateTime ApprovedAt { get; init; }

    public string? ApprovedBy { get; init; }

    /// <summary>The principal id of the approver (null when approval was not required).</summary>
    public string? ApprovedById { get; init; }

    /// <summary>Every author of the approved change, as a JSON array of <c>{id, name}</c>.</summary>
    public string AuthorsJson { get; init; } = "[]";

    public string? Note { get; init; }
}
