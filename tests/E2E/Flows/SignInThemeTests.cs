using Microsoft.Playwright;
using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

/// <summary>Issue 13 item 10: the sign-in page follows the console's theme choice, and the system's when none is stored.</summary>
public sealed class SignInThemeTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string LightCard = "rgb(255, 255, 255)";
    private const string DarkCard = "rgb(55, 55, 64)";

    [Fact]
    public async Task DarkChosenInTheConsole_SignOut_SignInPageIsDark()
    {
        var user = await ConsoleUsers.CreateAsync(Fixture.App.Services, "viewer");
        var page = await SignedInPageAsync(user);
        var servers = new ServersPage(page);
        await servers.GotoAsync();
        await Expect(servers.ThemeToggle).ToBeVisibleAsync();

        // Headless Chromium prefers light: one click chooses dark, and the console stores it.
        await servers.ThemeToggle.ClickAsync();
        await servers.SignOutAsync();

        var login = new LoginPage(page);
        Assert.Equal(DarkCard, await login.CardBackgroundAsync());
        await ScreenshotAsync(page, "sign-in-after-dark-console");
    }

    [Fact]
    public async Task NothingStored_SignInFollowsTheSystem_AndAStoredChoiceWins()
    {
        var page = await NewPageAsync();
        var login = new LoginPage(page);

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await login.GotoAsync();
        Assert.Equal(DarkCard, await login.CardBackgroundAsync());

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        Assert.Equal(LightCard, await login.CardBackgroundAsync());

        // A light choice stored by the console beats a dark system.
        await page.Context.AddCookiesAsync([new Cookie { Name = "rc-theme", Value = "light", Url = Fixture.App.BaseUrl }]);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await login.GotoAsync();
        Assert.Equal(LightCard, await login.CardBackgroundAsync());
    }
}
