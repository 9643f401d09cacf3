using System.Security.Claims;
using RegistryConsole.Core.Access;

namespace RegistryConsole.Auth;

/// <summary>Carries an <see cref="Actor"/> in claims, for API keys and console users alike.</summary>
public static class ActorClaims
{
    public const string ProjectId = "rc:project_id";
    public const string ProjectName = "rc:project_name";
    public const string Channel = "rc:channel";
    public const string KeyId = "rc:key_id";
    public const string MustChangePassword = "rc:must_change_password";

    public static IEnumerable<Claim> From(Actor actor) =>
    [
        new(ClaimTypes.NameIdentifier, actor.Id),
        new(ClaimTypes.Name, actor.Name),
        new(ClaimTypes.Role, actor.Role.ToName()),
        new(ProjectId, actor.ProjectId),
        new(ProjectName, actor.ProjectName),
        new(Channel, actor.Channel.ToString()),
        .. actor.KeyId is null ? Array.Empty<Claim>() : [new Claim(KeyId, actor.KeyId)],
    ];

    /// <summary>The actor of an authenticated principal; null when the claims are incomplete.</summary>
    public static Actor? ToActor(this ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var name = principal.FindFirstValue(ClaimTypes.Name);
        var projectId = principal.FindFirstValue(ProjectId);
        var projectName = principal.FindFirstValue(ProjectName);
        if (id is null || name is null || projectId is null || projectName is null
            || !RoleNames.TryParse(principal.FindFirstValue(ClaimTypes.Role), out var role))
        {
            return null;
        }

        var channel = Enum.TryParse<Channel>(principal.FindFirstValue(Channel), out var c) ? c : Core.Access.Channel.Console;
        return new Actor(projectId, projectName, id, name, role, channel, principal.FindFirstValue(KeyId));
    }
}
