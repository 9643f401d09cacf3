namespace RegistryConsole.Core.Access;

/// <summary>An API key. Only a SHA-256 hash of the key is stored; the key itself is shown once.</summary>
public sealed class ApiKey
{
    public required string Id { get; init; }

    public required string ProjectId { get; init; }

    public required string Name { get; init; }

    public required string Role { get; init; }

    /// <summary>The first 8 characters of the key, enough to recognise it in a list.</summary>
    public required string Prefix { get; init; }

    public required string Hash { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>The display name of whoever created the key.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>The principal that created the key (a user id, or a service key's id); null for the bootstrap key.</summary>
    public string? CreatedById { get; init; }

    /// <summary>The key that was presented to create this key, when it was created over the API.</summary>
    public string? CreatedByKeyId { get; init; }

    /// <summary>The user the key is issued to, so it acts as that person; null for a service key (its own principal).</summary>
    public string? UserId { get; init; }

    /// <summary>After this instant the key is refused like a revoked one.</summary>
    public DateTime? ExpiresAt { get; init; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}
