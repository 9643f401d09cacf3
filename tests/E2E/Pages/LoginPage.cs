using Microsoft.Playwright;

namespace RegistryConsole.Tests.E2E.Pages;

/// <summary>The sign-in form at /account/login (static server rendering: no circuit to wait for).</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Email => page.GetByLabel("Email", new() { Exact = true });

    public ILocator Password => page.GetByLabel("Password", new() { Exact = true });

    public ILocator SignInButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });

    public ILocator Error => page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Sign-in failed" });

    public async Task GotoAsync() => await page.GotoAsync("/account/login");

    /// <summary>The sign-in card's computed background colour (<c>rgb(r, g, b)</c>): white in the light theme, the console's dark surface in the dark one.</summary>
    public Task<string> CardBackgroundAsync() =>
        page.Locator(".account-card").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");

    public async Task SignInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await SignInButton.ClickAsync();
    }

    /// <summary>A successful sign-in lands on the console (the servers page) with a live circuit.</summary>
    public async Task WaitUntilSignedInAsync()
    {
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await ConsolePage.WaitForCircuitAsync(page);
    }
}
