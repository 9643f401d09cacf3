using Microsoft.AspNetCore.Identity;

namespace RegistryConsole.Core.Access;

/// <summary>A console user (ASP.NET Core Identity), scoped to one project.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public string ProjectId { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public bool IsDisabled { get; set; }

    /// <summary>Set for an initial or reset password: the console asks for a new one before anything else.</summary>
    public bool MustChangePassword { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }
}
