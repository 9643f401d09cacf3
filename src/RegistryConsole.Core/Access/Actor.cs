using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Access;

/// <summary>Where a change came from, recorded in audit events.</summary>
public enum Channel
{
    Api,
    Console,
    System,
}

/// <summary>
/// Who is calling a service: an API key or a signed-in user, always inside one project.
/// <see cref="Id"/> is the principal: the user's id for a console user and for a key issued to a user, the key's own id
/// for a service key (issued to nobody). <see cref="KeyId"/> is the key presented, when there is one.
/// </summary>
public sealed record Actor(string ProjectId, string ProjectName, string Id, string Name, Role Role, Channel Channel, string? KeyId = null)
{
    public bool Can(Permission permission) => Role.Allows(permission);

    /// <summary>Returns a Forbidden error when the actor lacks the permission, else null.</summary>
    public Error? Require(Permission permission) =>
        Can(permission) ? null : Error.Forbidden($"The '{Role.ToName()}' role may not perform this action");
}
