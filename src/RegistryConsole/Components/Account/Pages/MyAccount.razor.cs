using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using RegistryConsole.Auth;
using RegistryConsole.Core.Access;

namespace RegistryConsole.Components.Account.Pages;

/// <summary>
/// My account (static SSR, like sign-in): any signed-in user changes their own password here. A user whose password was
/// set by an admin is sent here after sign-in and kept here until they choose their own (<see cref="ConsoleAuthentication.UseForcedPasswordChange"/>).
/// </summary>
public sealed partial class MyAccount
{
    [Inject]
    public required IUserService Users { get; init; }

    [Inject]
    public required SignInManager<ApplicationUser> SignInManager { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required Core.Persistence.RegistryDbContext Db { get; init; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [SupplyParameterFromForm]
    public InputModel? Input { get; set; }

    [SupplyParameterFromQuery(Name = "returnUrl")]
    public string? ReturnUrlFromQuery { get; set; }

    [SupplyParameterFromForm(Name = "returnUrl")]
    public string? ReturnUrlFromForm { get; set; }

    [SupplyParameterFromQuery(Name = "changed")]
    public bool Changed { get; set; }

    private Actor? Actor { get; set; }

    private bool Forced { get; set; }

    private string? Error { get; set; }

    private string ReturnUrl => Login.LocalUrl(ReturnUrlFromForm ?? ReturnUrlFromQuery ?? "/servers");

    protected override void OnInitialized()
    {
        Input ??= new InputModel();
        var user = HttpContext?.User;
        if (user?.Identity?.IsAuthenticated != true)
        {
            Navigation.NavigateTo($"{ConsoleAuthentication.LoginPath}?returnUrl={Uri.EscapeDataString(ConsoleAuthentication.MyAccountPath)}", forceLoad: true);
            return;
        }

        Actor = user.ToActor();
        Forced = user.HasClaim(ActorClaims.MustChangePassword, "true");
    }

    private async Task ChangeAsync()
    {
        Input ??= new InputModel();
        if (Actor is null)
        {
            Error = "Your account has no console role; ask an admin.";
            return;
        }

        if (Input.NewPassword != Input.ConfirmPassword)
        {
            Error = "The two new passwords differ.";
            return;
        }

        var result = await Users.ChangeOwnPasswordAsync(Actor, Input.CurrentPassword, Input.NewPassword);
        if (!result.IsSuccess)
        {
            Error = result.Error.FieldErrors is { } fields ? string.Join(" ", fields.SelectMany(f => f.Value)) : result.Error.Message;
            return;
        }

        // A new cookie with the new security stamp and without the "must change password" claim. (RefreshSignInAsync cannot:
        // the stamp check runs on every request, so the old cookie no longer authenticates once the stamp changed.)
        // The request's own context tracked the user when the cookie was checked; reload it to get the new stamp.
        var user = await SignInManager.UserManager.FindByIdAsync(Actor.Id);
        if (user is not null)
        {
            await Db.Entry(user).ReloadAsync();
            await SignInManager.SignInAsync(user, isPersistent: false);
        }

        Navigation.NavigateTo(Forced ? ReturnUrl : $"{ConsoleAuthentication.MyAccountPath}?changed=true", forceLoad: true);
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your current password")]
        public string CurrentPassword { get; set; } = string.Empty;

        [Required(ErrorMessage = "Enter a new password")]
        public string NewPassword { get; set; } = string.Empty;

        [Required(ErrorMessage = "Repeat the new password")]
        public string ConfirmPassword { get; set; } = string.Empty;
    }
}
