using FluentValidation;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Access;

/// <summary>The body of <c>POST /admin/api-keys</c>.</summary>
public sealed record CreateApiKeyRequest
{
    public string? Name { get; init; }

    public string? Role { get; init; }

    /// <summary>Optional; after this instant the key is refused (401). Must lie in the future.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Optional: the user the key is issued to (it acts as that person). Absent: a service key.</summary>
    public string? UserId { get; init; }
}

public sealed class CreateApiKeyRequestValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyRequestValidator()
    {
        RuleFor(x => x.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required")
            .Must(n => n!.Trim().Length is >= 1 and <= 128 && !n.Any(char.IsControl)).WithMessage("must be 1 to 128 printable characters");
        RuleFor(x => x.Role).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required")
            .Must(r => RoleNames.TryParse(r, out _)).WithMessage($"must be one of {string.Join(", ", RoleNames.All)}");
        RuleFor(x => x.UserId).Must(u => u is null || (u.Length is >= 1 and <= 64 && !u.Any(char.IsControl)))
            .WithMessage("must be the id of a user");
    }
}

/// <summary>An API key as listed: never the key, only its 8-character prefix.</summary>
public sealed record ApiKeyDto
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Role { get; init; }

    public required string Prefix { get; init; }

    /// <summary>The user the key is issued to; null for a service key.</summary>
    public string? UserId { get; init; }

    /// <summary>The display name of that user, for lists; null for a service key.</summary>
    public string? IssuedTo { get; init; }

    public DateTime CreatedAt { get; init; }

    public string? CreatedBy { get; init; }

    public DateTime? LastUsedAt { get; init; }

    public DateTime? ExpiresAt { get; init; }

    public DateTime? RevokedAt { get; init; }

    public bool IsActive => RevokedAt is null;

    /// <summary>True once <see cref="ExpiresAt"/> has passed (as of the read).</summary>
    public bool IsExpired { get; init; }

    public bool NeverUsed => LastUsedAt is null;

    internal static ApiKeyDto From(ApiKey key, string? issuedTo, DateTime now) => new()
    {
        Id = key.Id,
        Name = key.Name,
        Role = key.Role,
        Prefix = key.Prefix,
        UserId = key.UserId,
        IssuedTo = issuedTo,
        CreatedAt = key.CreatedAt,
        CreatedBy = key.CreatedBy,
        LastUsedAt = key.LastUsedAt,
        ExpiresAt = key.ExpiresAt,
        RevokedAt = key.RevokedAt,
        IsExpired = key.ExpiresAt is { } expires && expires <= now,
    };
}

/// <summary>A new key: the one response that carries the plain key.</summary>
public sealed record CreatedApiKey(
    string Id, string Name, string Role, string Prefix, string? UserId, string? CreatedBy, DateTime CreatedAt, DateTime? ExpiresAt, string Key);
