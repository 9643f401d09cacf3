using Microsoft.Playwright;

namespace RegistryConsole.Tests.E2E.Pages;

/// <summary>The audit log at /audit: filters (in the URL), a grid of events, an event dialog with the before/after diff.</summary>
public sealed class AuditLogPage(IPage page) : ConsolePage(page)
{
    public ILocator Grid => Page.GetByTestId("audit-grid");

    /// <summary>The "Entity name" filter (contains).</summary>
    public ILocator EntityNameFilter => Page.GetByRole(AriaRole.Textbox, new() { Name = "Entity name" });

    /// <summary>Events of one entity (named "name@version" in the grid), newest first.</summary>
    public ILocator Rows(string entityName, string version = "v1") =>
        Grid.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Cell, new() { Name = $"{entityName}@{version}", Exact = true }) });

    public ILocator EventDialog => Page.GetByRole(AriaRole.Dialog);

    /// <summary>The actor filter (an autocomplete of the people and keys that acted).</summary>
    public ILocator ActorFilter => Page.GetByRole(AriaRole.Combobox, new() { Name = "Actor" });

    /// <summary>The actor suggestions the filter offers.</summary>
    public ILocator ActorSuggestions => Page.GetByRole(AriaRole.Option);

    /// <summary>The link of an event's entity (server, gateway, user…) in the Name column.</summary>
    public ILocator EntityLink(string entityName, string version = "v1") =>
        Grid.GetByTestId("entity-link").Filter(new() { HasText = $"{entityName}@{version}" }).First;

    public ILocator EventNote => EventDialog.GetByTestId("event-note");

    /// <summary>Opens the log filtered to entities whose name contains <paramref name="entityName"/>.</summary>
    public async Task GotoAsync(string? entityName = null)
    {
        await GotoAndWaitAsync(entityName is null ? "/audit" : $"/audit?search={Uri.EscapeDataString(entityName)}");
        await Grid.WaitForAsync();
    }
}

/// <summary>Project settings at /settings (admins see the switches).</summary>
public sealed class SettingsPage(IPage page) : ConsolePage(page)
{
    public ILocator RequireApproval => Page.GetByRole(AriaRole.Switch, new() { Name = "Require approval" })
        .Or(Page.GetByRole(AriaRole.Checkbox, new() { Name = "Require approval" }));

    public ILocator ApiReferenceLink => Page.GetByRole(AriaRole.Link, new() { Name = "Open the API reference" });

    public async Task GotoAsync()
    {
        await GotoAndWaitAsync("/settings");
        await RequireApproval.WaitForAsync();
    }
}
