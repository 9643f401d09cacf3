using FluentValidation;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Access;

/// <summary>The body of <c>POST /admin/api-keys</c>.</summary>
public sealed record CreateApiKeyRequest
{
    public string? Name { get; init; }

    public string? Role { get; init; }
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
    }
}

/// <summary>An API key as listed: never the key, only its 8-character prefix.</summary>
public sealed record ApiKeyDto
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Role { get; init; }

    public required string Prefix { get; init; }

    public DateTime CreatedAt { get; init; }

    public string? CreatedBy { get; init; }

    public DateTime? LastUsedAt { get; init; }

    public DateTime? RevokedAt { get; init; }

    public bool IsActive => RevokedAt is null;

    internal static ApiKeyDto From(ApiKey key) => new()
    {
        Id = key.Id,
        Name = key.Name,
        Role = key.Role,
        Prefix = key.Prefix,
        CreatedAt = key.CreatedAt,
        CreatedBy = key.CreatedBy,
        LastUsedAt = key.LastUsedAt,
        RevokedAt = key.RevokedAt,
    };
}

/// <summary>A new key: the one response that carries the plain key.</summary>
public sealed record CreatedApiKey(string Id, string Name, string Role, string Prefix, DateTime CreatedAt, string Key);
