using FluentValidation;

namespace RegistryConsole.Core.Access;

/// <summary>A console user as the API and the Users page show it; never any password material.</summary>
public sealed record UserDto
{
    public required string Id { get; init; }

    public required string Email { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>viewer, editor, reviewer or admin; null when the user holds no console role.</summary>
    public string? Role { get; init; }

    public bool Disabled { get; init; }

    public bool LockedOut { get; init; }

    public bool MustChangePassword { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? LastSignInAt { get; init; }
}

/// <summary>The body of <c>POST /admin/users</c>.</summary>
public sealed record CreateUserRequest
{
    public string? Email { get; init; }

    public string? DisplayName { get; init; }

    public string? Role { get; init; }

    public string? Password { get; init; }
}

/// <summary>The body of <c>PATCH /admin/users?id=</c>: every member optional.</summary>
public sealed record ModifyUserRequest
{
    public string? Role { get; init; }

    public string? DisplayName { get; init; }

    public bool? Disabled { get; init; }

    public bool? Unlock { get; init; }

    /// <summary>A reset: the user must change it again at the next sign-in.</summary>
    public string? Password { get; init; }
}

/// <summary>The rules for the fields of a user, shared by create and modify.</summary>
public static class UserRules
{
    public const int MaxEmailLength = 256;
    public const int MaxDisplayNameLength = 128;
    public const int MaxPasswordLength = 256;

    /// <summary>The roles a console user can hold (<c>runtime</c> is for gateway keys only).</summary>
    public static readonly IReadOnlyList<string> ConsoleRoles = [RoleNames.Viewer, RoleNames.Editor, RoleNames.Reviewer, RoleNames.Admin];

    public static bool IsEmail(string? email) =>
        email is { Length: > 2 and <= MaxEmailLength } && email.Trim() == email && !email.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
        && email.IndexOf('@', StringComparison.Ordinal) is var at && at > 0 && at < email.Length - 1 && email.Count(c => c == '@') == 1;

    public static bool IsDisplayName(string? name) =>
        name is not null && name.Trim().Length is >= 1 and <= MaxDisplayNameLength && !name.Any(char.IsControl);

    public static IRuleBuilderOptions<T, string?> ConsoleRole<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(r => r is null || ConsoleRoles.Contains(r)).WithMessage($"must be one of {string.Join(", ", ConsoleRoles)}");

    public static IRuleBuilderOptions<T, string?> DisplayName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => n is null || IsDisplayName(n)).WithMessage($"must be 1 to {MaxDisplayNameLength} printable characters");

    public static IRuleBuilderOptions<T, string?> PasswordLength<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(p => p is null || p.Length <= MaxPasswordLength).WithMessage($"must be at most {MaxPasswordLength} characters");
}

public sealed class CreateUserRequestValidator : AbstractValidator<CreateUserRequest>
{
    public CreateUserRequestValidator()
    {
        RuleFor(x => x.Email).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required")
            .Must(UserRules.IsEmail).WithMessage("must be an email address");
        RuleFor(x => x.DisplayName).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("is required").DisplayName();
        RuleFor(x => x.Role).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("is required").ConsoleRole();
        RuleFor(x => x.Password).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("is required").PasswordLength();
    }
}

public sealed class ModifyUserRequestValidator : AbstractValidator<ModifyUserRequest>
{
    public ModifyUserRequestValidator()
    {
        RuleFor(x => x.Role).ConsoleRole();
        RuleFor(x => x.DisplayName).DisplayName();
        RuleFor(x => x.Unlock).Must(u => u is null or true).WithMessage("must be true when given");
        RuleFor(x => x.Password).Cascade(CascadeMode.Stop).Must(p => p is null || p.Length > 0).WithMessage("must not be empty").PasswordLength();
    }
}

/// <summary>
/// Tells open console sessions that a user's access changed (disabled, role changed, password reset): the console
/// ends that user's circuits at once instead of waiting for the next periodic check.
/// </summary>
public sealed class UserSessionSignals
{
    public event Action<string>? Ended;

    public void End(string userId) => Ended?.Invoke(userId);
}
