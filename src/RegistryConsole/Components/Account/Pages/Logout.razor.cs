using Microsoft.AspNetCore.Components;
using RegistryConsole.Auth;

namespace RegistryConsole.Components.Account.Pages;

/// <summary>
/// GET shows a confirmation; POST (this form, or the user menu's form with the same handler name and an
/// antiforgery token) signs out. Signing out is never a GET side effect.
/// </summary>
public sealed partial class Logout
{
    public const string FormName = "logout";

    [Inject]
    public required ConsoleSignIn SignIn { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private async Task SignOutAsync()
    {
        await SignIn.SignOutAsync();
        Navigation.NavigateTo($"{ConsoleAuthentication.LoginPath}?signedOut=true", forceLoad: true);
    }
}
