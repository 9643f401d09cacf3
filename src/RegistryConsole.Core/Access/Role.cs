namespace RegistryConsole.Core.Access;

/// <summary>What an API key or console user may do (API.md §1.2).</summary>
public enum Role
{
    Viewer,
    Editor,
    Reviewer,
    Admin,
    Runtime,
}

public static class RoleNames
{
    public const string Viewer = "viewer";
    public const string Editor = "editor";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";
    public const string Runtime = "runtime";

    public static readonly IReadOnlyList<string> All = [Viewer, Editor, Reviewer, Admin, Runtime];

    public static string ToName(this Role role) => role switch
    {
        Role.Viewer => Viewer,
        Role.Editor => Editor,
        Role.Reviewer => Reviewer,
        Role.Admin => Admin,
        Role.Runtime => Runtime,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? name, out Role role)
    {
        role = name switch
        {
            Viewer => Role.Viewer,
            Editor => Role.Editor,
            Reviewer => Role.Reviewer,
            Admin => Role.Admin,
            Runtime => Role.Runtime,
            _ => (Role)(-1),
        };
        return (int)role >= 0;
    }
}
