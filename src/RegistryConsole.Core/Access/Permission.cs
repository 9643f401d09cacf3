namespace RegistryConsole.Core.Access;

/// <summary>The operations the services guard. One table decides who may do what, for the API and the console alike.</summary>
public enum Permission
{
    ReadRegistry,
    ReadServer,
    WriteRegistry,
    ReviewServers,
    ReadGatewayConfig,
    RevealSecrets,
    Administer,
}

public static class Permissions
{
    public static bool Allows(this Role role, Permission permission) => permission switch
    {
        Permission.ReadRegistry => role is Role.Viewer or Role.Editor or Role.Reviewer or Role.Admin,
        Permission.ReadServer => true,
        Permission.WriteRegistry => role is Role.Editor or Role.Admin,
        Permission.ReviewServers => role is Role.Reviewer or Role.Admin,
        Permission.ReadGatewayConfig => true,
        Permission.RevealSecrets => role is Role.Admin or Role.Runtime,
        Permission.Administer => role is Role.Admin,
        _ => false,
    };
}
