using Microsoft.Playwright;

namespace RegistryConsole.Tests.E2E.Pages;

/// <summary>
/// What every interactive console page shares: the layout's navigation, and the ready marker the layout renders once the
/// Blazor circuit is interactive (clicks before that are lost).
/// </summary>
public abstract class ConsolePage(IPage page)
{
    protected IPage Page => page;

    /// <summary>The page's own heading (h1).</summary>
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Navigation => page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });

    public ILocator NavLink(string title) => Navigation.GetByRole(AriaRole.Link, new() { Name = title });

    public ILocator UserMenu => page.GetByTestId("user-menu");

    /// <summary>The review queue's count in the navigation (absent at 0).</summary>
    public ILocator PendingBadge => Navigation.GetByTestId("pending-badge");

    public ILocator ThemeToggle => page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark theme" });

    /// <summary>Signs out through the user menu; lands on the sign-in page.</summary>
    public async Task SignOutAsync()
    {
        await UserMenu.GetByRole(AriaRole.Button).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
    }

    /// <summary>Marks the loaded document; <see cref="IsSameDocumentAsync"/> is false after any reload or full navigation.</summary>
    public Task MarkDocumentAsync() => page.EvaluateAsync("() => { window.__rcSameDocument = true; }");

    public Task<bool> IsSameDocumentAsync() => page.EvaluateAsync<bool>("() => window.__rcSameDocument === true");

    /// <summary>The snackbar messages (success and errors that belong to no field).</summary>
    public ILocator Snackbar => page.Locator(".mud-snackbar");

    /// <summary>Loads <paramref name="path"/> from scratch and waits until the circuit is interactive.</summary>
    /// <summary>
    /// The document's scroll width and the viewport's width, in CSS pixels, and the most any table scrolls sideways
    /// inside its own container (a grid cut off at its right edge is as bad as a page that scrolls).
    /// </summary>
    public async Task<(int ScrollWidth, int ViewportWidth, int TableOverflow)> MeasureWidthAsync()
    {
        var widths = await page.EvaluateAsync<int[]>("""
            () => [
                document.documentElement.scrollWidth,
                window.innerWidth,
                Math.max(0, ...Array.from(document.querySelectorAll('.mud-table-container, .mud-table-root, .mud-simple-table'))
                    .map(e => e.scrollWidth - e.clientWidth))
            ]
            """);
        return (widths[0], widths[1], widths[2]);
    }

    /// <summary>Stores the theme the layout reads at start-up (the same key the theme button writes); applies on the next load.</summary>
    public Task StoreThemeAsync(bool dark) =>
        page.EvaluateAsync($"() => window.localStorage.setItem('rc-theme', '{(dark ? "dark" : "light")}')");

    protected async Task GotoAndWaitAsync(string path)
    {
        await page.GotoAsync(path);
        await WaitForCircuitAsync(page);
    }

    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("[data-app-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}
