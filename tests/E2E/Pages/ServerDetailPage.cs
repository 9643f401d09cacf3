using Microsoft.Playwright;

namespace RegistryConsole.Tests.E2E.Pages;

/// <summary>One server version at /servers/{name}/{version}: header chips, tabs, Delete/Restore/Edit.</summary>
public sealed class ServerDetailPage(IPage page) : ConsolePage(page)
{
    public ILocator ActiveChip => Page.GetByTestId("active-chip");

    public ILocator ReviewStatus => Page.GetByTestId("review-status").First;

    public ILocator EditButton => Page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true });

    public ILocator DeleteButton => Page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true });

    public ILocator RestoreButton => Page.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true });

    public ILocator PendingBanner => Page.GetByTestId("pending-banner");

    public ILocator Decision => Page.GetByTestId("decision");

    public ILocator ApproveButton => Decision.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true });

    public ILocator ShowServedButton => Page.GetByTestId("show-served");

    public ILocator Tab(string name) => Page.GetByRole(AriaRole.Tab, new() { Name = name });

    public ILocator Overview => Page.GetByTestId("overview");

    public ILocator GatewaysTable => Page.GetByTestId("gateways");

    public ILocator NoGateways => Page.GetByTestId("no-gateways");

    public ILocator GatewayRow(string gatewayName) =>
        GatewaysTable.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Cell, new() { Name = gatewayName, Exact = true }) });

    public JsonEditorControl Section(string key) => new(Page, Page.GetByTestId($"section-{key}"));

    public DeleteServerDialog DeleteDialog => new(Page);

    public static string PathOf(string savedName, string version = "v1") => $"/servers/{Uri.EscapeDataString(savedName)}/{Uri.EscapeDataString(version)}";

    public async Task GotoAsync(string savedName, string version = "v1", string? tab = null)
    {
        await GotoAndWaitAsync(PathOf(savedName, version) + (tab is null ? string.Empty : $"?tab={tab}"));
        await WaitForLoadedAsync(savedName);
    }

    /// <summary>The page loads its server after the circuit is up; the heading shows once it is there.</summary>
    public Task WaitForLoadedAsync(string savedName) =>
        Page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = savedName, Exact = true }).WaitForAsync();

    public async Task OpenTabAsync(string name) => await Tab(name).ClickAsync();
}

/// <summary>The confirmation the Delete button opens: names the gateways that reference the server.</summary>
public sealed class DeleteServerDialog(IPage page)
{
    public ILocator Root => page.GetByRole(AriaRole.Dialog);

    public ILocator Title => Root.GetByRole(AriaRole.Heading).First;

    public ILocator AffectedGateways => Root.GetByTestId("affected-gateways");

    public ILocator NoGatewaysAffected => Root.GetByTestId("no-gateways-affected");

    public ILocator ConfirmButton => Root.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true });

    public ILocator CancelButton => Root.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true });
}
