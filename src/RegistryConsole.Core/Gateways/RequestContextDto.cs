using RegistryConsole.Core.Access;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Gateways;

/// <summary>
/// <c>request_context</c> of get-gateway-config (API.md §5.1): who asked, for which gateway, as Enkrypt's runtime reads it
/// (<c>user_id</c>, <c>user_email</c>, <c>org_id</c>, <c>registry_name</c>, <c>actioner</c> and the echoed gateway name,
/// version and project). The one caller-specific part of the expanded config: it is added after the gateway-wide
/// expansion, which stays the same for every caller.
/// </summary>
public sealed record RequestContextDto
{
    public required string GatewaySavedName { get; init; }

    public required string GatewayVersion { get; init; }

    public required string ProjectName { get; init; }

    public required string RegistryName { get; init; }

    /// <summary>The calling API key's id, or the signed-in user's.</summary>
    public required string UserId { get; init; }

    /// <summary>The caller's email: null for an API key.</summary>
    public string? UserEmail { get; init; }

    /// <summary>Null until organisations exist.</summary>
    public string? OrgId { get; init; }

    /// <summary>The caller's display name (the key's name, or the user's display name).</summary>
    public required string Actioner { get; init; }

    /// <summary>
    /// The caller's identity as the runtime sees it. Everything taken from the <see cref="Actor"/> is read here and
    /// nowhere else, so a richer actor (a key issued to a user, a user's email) changes this one method.
    /// </summary>
    public static RequestContextDto For(Actor caller, GatewayConfigDto gateway) => new()
    {
        GatewaySavedName = gateway.GatewaySavedName,
        GatewayVersion = gateway.GatewayVersion,
        ProjectName = caller.ProjectName,
        RegistryName = Registry.DefaultName,
        UserId = caller.Id,

        // The actor carries no email: a key has none, and a console user's is not on the actor yet.
        UserEmail = null,
        OrgId = null,
        Actioner = caller.Name,
    };
}
