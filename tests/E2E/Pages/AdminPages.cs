using Microsoft.Playwright;

namespace RegistryConsole.Tests.E2E.Pages;

/// <summary>The Users page at /users (admins only).</summary>
public sealed class UsersPage(IPage page) : ConsolePage(page)
{
    public ILocator NewEmail => Page.GetByTestId("new-email");

    public ILocator NewDisplayName => Page.GetByTestId("new-display-name");

    public ILocator NewRole => Page.GetByTestId("new-role");

    public ILocator NewPassword => Page.GetByTestId("new-password");

    public ILocator AddButton => Page.GetByTestId("create-user-submit");

    public ILocator Row(string email) => Page.GetByTestId("users-table").Locator("tr").Filter(new() { Has = Page.GetByTestId("user-email").GetByText(email, new() { Exact = true }) });

    public ILocator DisableButton(string email) => Row(email).GetByTestId("disable-user");

    public ILocator Status(string email) => Row(email).GetByTestId("user-status");

    public async Task GotoAsync()
    {
        await GotoAndWaitAsync("/users");
        await AddButton.WaitForAsync();
    }

    public async Task AddAsync(string email, string displayName, string role, string password)
    {
        await NewEmail.FillAsync(email);
        await NewDisplayName.FillAsync(displayName);
        await NewRole.ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{role}\\s*$") }).ClickAsync();
        await NewPassword.FillAsync(password);
        await AddButton.ClickAsync();
        await Row(email).WaitForAsync();
    }
}

/// <summary>My account at /account: static server rendering, like sign-in.</summary>
public sealed class MyAccountPage(IPage page)
{
    public ILocator MustChangeNotice => page.GetByTestId("must-change-password");

    public ILocator CurrentPassword => page.GetByLabel("Current password", new() { Exact = true });

    public ILocator NewPassword => page.GetByLabel("New password", new() { Exact = true });

    public ILocator ConfirmPassword => page.GetByLabel("Repeat the new password", new() { Exact = true });

    public ILocator Submit => page.GetByTestId("change-password-submit");

    public async Task ChangePasswordAsync(string current, string next)
    {
        await CurrentPassword.FillAsync(current);
        await NewPassword.FillAsync(next);
        await ConfirmPassword.FillAsync(next);
        await Submit.ClickAsync();
    }
}
