using Microsoft.Playwright;

namespace RegistryConsole.Tests.E2E.Pages;

/// <summary>The servers grid at /servers: search, filters, paging, Add server and Bulk add.</summary>
public sealed class ServersPage(IPage page) : ConsolePage(page)
{
    public ILocator SearchBox => Page.GetByRole(AriaRole.Textbox, new() { Name = "Search" });

    public ILocator Grid => Page.GetByTestId("server-grid");

    /// <summary>Each server's name is a link to its detail page; the first one is the grid's first row.</summary>
    public ILocator ServerLinks => Grid.GetByRole(AriaRole.Link);

    public ILocator ServerLink(string savedName) => Grid.GetByRole(AriaRole.Link, new() { Name = savedName, Exact = true });

    public ILocator Row(string savedName) =>
        Grid.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = savedName, Exact = true }) });

    public ILocator EmptyState => Page.GetByTestId("empty-state");

    /// <summary>Each row of the grid's body (one per server shown).</summary>
    public ILocator Rows => Grid.Locator("tbody tr");

    /// <summary>The banner over a list narrowed to the servers just added (where bulk add lands).</summary>
    public ILocator AddedBanner => Page.GetByTestId("added-filter");

    public ILocator ShowAllButton => Page.GetByRole(AriaRole.Button, new() { Name = "Show all servers" });

    public ILocator AddServerButton => Page.GetByRole(AriaRole.Link, new() { Name = "Add server", Exact = true }).First;

    public ILocator BulkAddButton => Page.GetByRole(AriaRole.Link, new() { Name = "Bulk add", Exact = true }).First;

    public Task GotoAsync() => GotoAndWaitAsync("/servers");

    public Task GotoAsync(string search) => GotoAndWaitAsync($"/servers?search={Uri.EscapeDataString(search)}");

    /// <summary>Types into the search box; the grid reloads once the debounce has passed.</summary>
    public Task SearchAsync(string text) => SearchBox.FillAsync(text);

    public async Task OpenServerAsync(string savedName)
    {
        await ServerLink(savedName).ClickAsync();
        await Page.WaitForURLAsync($"**/servers/{savedName}/*");
    }
}
