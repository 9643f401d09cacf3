using RegistryConsole.Core.Access;

namespace RegistryConsole.Auth;

/// <summary>The Identity roles a console user can hold (API.md §1.2; <c>runtime</c> is for gateway API keys only).</summary>
public static class ConsoleRoles
{
    /// <summary>Strongest first: a user holding several roles acts with the first one found here.</summary>
    public static readonly IReadOnlyList<Role> ByPrecedence = [Role.Admin, Role.Editor, Role.Reviewer, Role.Viewer];

    public static IEnumerable<string> All => ByPrecedence.Select(r => r.ToName());

    /// <summary>The role a user acts with, or null when none of their Identity roles is a console role.</summary>
    public static Role? Pick(IEnumerable<string> identityRoles)
    {
        var held = identityRoles.ToHashSet(StringComparer.Ordinal);
        foreach (var role in ByPrecedence)
        {
            if (held.Contains(role.ToName()))
            {
                return role;
            }
        }

        return null;
    }
}
