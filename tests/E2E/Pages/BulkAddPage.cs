using Microsoft.Playwright;

namespace RegistryConsole.Tests.E2E.Pages;

/// <summary>Bulk add at /servers/bulk: one JSON editor, Dry run, Add all, a per-item result table.</summary>
public sealed class BulkAddPage(IPage page) : ConsolePage(page)
{
    public JsonEditorControl Editor => new(Page, Page.GetByTestId("bulk-editor"));

    public ILocator DryRunButton => Page.GetByRole(AriaRole.Button, new() { Name = "Dry run" });

    public ILocator AddAllButton => Page.GetByRole(AriaRole.Button, new() { Name = "Add all" });

    /// <summary>The banner that sums up the last dry run or add.</summary>
    public ILocator Outcome => Page.GetByTestId("outcome");

    public ILocator Results => Page.GetByTestId("bulk-results");

    /// <summary>The result row of one item, found by its saved name.</summary>
    public ILocator ResultRow(string savedName) =>
        Results.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Cell, new() { Name = savedName, Exact = true }) });

    public async Task GotoAsync()
    {
        await GotoAndWaitAsync("/servers/bulk");
        await DryRunButton.WaitForAsync();
    }
}
