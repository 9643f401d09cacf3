using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RegistryConsole.Core.Access;

namespace RegistryConsole.Auth;

/// <summary>Refuses sign-in to disabled users and to users without a console role.</summary>
public sealed class ConsoleSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ApplicationUser user)
    {
        if (user.IsDisabled || ConsoleRoles.Pick(await UserManager.GetRolesAsync(user)) is null)
        {
            return false;
        }

        return await base.CanSignInAsync(user);
    }

    /// <summary>Checked on every console request (the validation interval is zero): a disabled user's cookie stops working at once.</summary>
    public override async Task<ApplicationUser?> ValidateSecurityStampAsync(System.Security.Claims.ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is null || user.IsDisabled ? null : user;
    }
}
