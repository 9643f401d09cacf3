using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using RegistryConsole.Auth;

namespace RegistryConsole.Components.Account.Pages;

/// <summary>Static SSR sign-in form: posts back to itself, signs in with the Identity cookie, redirects to a local URL.</summary>
public sealed partial class Login
{
    [Inject]
    public required ConsoleSignIn SignIn { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromForm]
    public InputModel? Input { get; set; }

    [SupplyParameterFromQuery(Name = "returnUrl")]
    public string? ReturnUrlFromQuery { get; set; }

    [SupplyParameterFromForm(Name = "returnUrl")]
    public string? ReturnUrlFromForm { get; set; }

    [SupplyParameterFromQuery(Name = "signedOut")]
    public bool SignedOut { get; set; }

    private bool Failed { get; set; }

    private string ReturnUrl => LocalUrl(ReturnUrlFromForm ?? ReturnUrlFromQuery);

    protected override void OnInitialized() => Input ??= new InputModel();

    private async Task SignInAsync()
    {
        Input ??= new InputModel();
        if (await SignIn.PasswordSignInAsync(Input.Email, Input.Password, Input.RememberMe))
        {
            Navigation.NavigateTo(ReturnUrl, forceLoad: true);
            return;
        }

        Failed = true;
        Input.Password = string.Empty;
    }

    /// <summary>Only a path on this site: never an absolute or protocol-relative URL (open redirect).</summary>
    public static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://", StringComparison.Ordinal)
            ? url
            : "/";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Enter your password")]
        public string Password { get; set; } = string.Empty;

        public bool RememberMe { get; set; }
    }
}
