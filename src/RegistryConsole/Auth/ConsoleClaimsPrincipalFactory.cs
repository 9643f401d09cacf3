using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Auth;

/// <summary>
/// Turns a signed-in <see cref="ApplicationUser"/> into the claims of a Core <see cref="Actor"/>
/// (<see cref="ActorClaims"/>), so pages call the services exactly as API keys do.
/// </summary>
public sealed class ConsoleClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    IDbContextFactory<RegistryDbContext> dbFactory)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var claimTypes = Options.ClaimsIdentity;
        var role = ConsoleRoles.Pick(identity.FindAll(claimTypes.RoleClaimType).Select(c => c.Value));

        // Identity's own id, name and role claims are replaced by the actor's, so there is one of each.
        foreach (var claim in identity.Claims
            .Where(c => c.Type == claimTypes.UserIdClaimType || c.Type == claimTypes.UserNameClaimType || c.Type == claimTypes.RoleClaimType)
            .ToList())
        {
            identity.RemoveClaim(claim);
        }

        identity.AddClaim(new Claim(claimTypes.UserIdClaimType, user.Id));
        if (user.MustChangePassword)
        {
            // The console sends this user to My account until they choose a new password (ConsoleAuthentication.UseForcedPasswordChange).
            identity.AddClaim(new Claim(ActorClaims.MustChangePassword, "true"));
        }
        if (role is null)
        {
            // No console role: the principal carries no actor, and every page refuses it.
            identity.AddClaim(new Claim(claimTypes.UserNameClaimType, DisplayName(user)));
            return identity;
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var projectName = await db.Projects.AsNoTracking()
            .Where(p => p.Id == user.ProjectId)
            .Select(p => p.Name)
            .FirstOrDefaultAsync() ?? user.ProjectId;
        var actor = new Actor(user.ProjectId, projectName, user.Id, DisplayName(user), role.Value, Channel.Console);
        identity.AddClaims(ActorClaims.From(actor).Where(c => c.Type != ClaimTypes.NameIdentifier));
        return identity;
    }

    private static string DisplayName(ApplicationUser user) =>
        !string.IsNullOrWhiteSpace(user.DisplayName) ? user.DisplayName : user.Email ?? user.UserName ?? user.Id;
}
