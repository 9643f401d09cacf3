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

    public string? CreatedBy { get; init; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}
