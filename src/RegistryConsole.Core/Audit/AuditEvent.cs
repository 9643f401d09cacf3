using System.Text.Json.Nodes;

namespace RegistryConsole.Core.Audit;

/// <summary>One recorded change, written in the same transaction as the change itself.</summary>
public sealed class AuditEvent
{
    public required string Id { get; init; }

    public required string ProjectId { get; init; }

    public DateTime At { get; init; }

    public required string Actor { get; init; }

    public string? ActorId { get; init; }

    /// <summary>console, api or system.</summary>
    public required string Channel { get; init; }

    /// <summary>For example <c>server.add</c>, <c>server.approve</c>, <c>gateway.modify</c>, <c>api_key.revoke</c>, <c>user.sign_in_failed</c>.</summary>
    public required string Action { get; init; }

    /// <summary>server, gateway, api_key, user, settings.</summary>
    public required string EntityType { get; init; }

    public required string EntityId { get; init; }

    /// <summary>A readable name such as <c>fs@v1</c>.</summary>
    public required string EntityName { get; init; }

    /// <summary><see cref="EntityName"/> folded for search (<see cref="Common.TextFolding"/>).</summary>
    public string EntityNameFolded { get; init; } = string.Empty;

    /// <summary><see cref="Actor"/> folded for the actor suggestions' search.</summary>
    public string ActorFolded { get; init; } = string.Empty;

    public int? Revision { get; init; }

    /// <summary>A JSON array of <c>{path, before, after}</c>, secrets masked.</summary>
    public JsonArray Changes { get; init; } = [];

    public string? Note { get; init; }
}

public static class AuditEntities
{
    public const string Server = "server";
    public const string Gateway = "gateway";
    public const string ApiKey = "api_key";
    public const string User = "user";
    public const string Settings = "settings";

    public static readonly IReadOnlyList<string> All = [Server, Gateway, ApiKey, User, Settings];
}
