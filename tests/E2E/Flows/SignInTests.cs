using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

public sealed class SignInTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task SignIn_AsBootstrapAdmin_LandsOnServersWithTheAdminsName()
    {
        var page = await NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();

        await login.SignInAsync(ConsoleAppFactory.AdminEmail, ConsoleAppFactory.AdminPassword);
        await login.WaitUntilSignedInAsync();

        var servers = new ServersPage(page);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/servers"));
        await Expect(servers.Heading).ToHaveTextAsync("Servers");
        await Expect(servers.UserMenu).ToContainTextAsync(ConsoleAppFactory.AdminEmail);
        await Expect(servers.NavLink("Servers")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_StaysOnSignInAndShowsAnError()
    {
        var page = await NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();

        await login.SignInAsync(ConsoleAppFactory.AdminEmail, "Not-The-Passw0rd!");

        await Expect(login.Error).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await Expect(login.Password).ToHaveValueAsync(string.Empty);
    }
}
