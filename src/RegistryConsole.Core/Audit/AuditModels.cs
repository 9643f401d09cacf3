using System.Text.Json.Nodes;

namespace RegistryConsole.Core.Audit;

/// <summary>One audit event as the API and the console show it.</summary>
public sealed record AuditEventDto
{
    public required string Id { get; init; }

    public DateTime At { get; init; }

    public required string Actor { get; init; }

    public required string Channel { get; init; }

    public required string Action { get; init; }

    public required string EntityType { get; init; }

    public required string EntityId { get; init; }

    public required string EntityName { get; init; }

    public int? Revision { get; init; }

    public required JsonArray Changes { get; init; }

    public string? Note { get; init; }
}

/// <summary>A server-history entry (API.md §3).</summary>
public sealed record ServerHistoryEntryDto(int? Revision, string Action, string Actor, DateTime At, JsonArray Changes, string? Note);

/// <summary>Filters of the audit log.</summary>
public sealed record AuditQuery
{
    public int Page { get; init; } = 1;

    public int PerPage { get; init; } = 50;

    public string? EntityType { get; init; }

    public string? Actor { get; init; }

    public string? Action { get; init; }

    public string? Search { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }
}
