using Microsoft.Playwright;

namespace RegistryConsole.Tests.E2E.Pages;

/// <summary>Add server (/servers/new) and edit server (/servers/{name}/{version}/edit): text fields and one JSON editor per mcp_config section.</summary>
public sealed class ServerEditPage(IPage page) : ConsolePage(page)
{
    /// <summary>A text field by its label: Saved name, Server version, Server name, Description, Job id, Source URL, Source version.</summary>
    public ILocator Field(string label) => Page.GetByRole(AriaRole.Textbox, new() { Name = label });

    public ILocator SavedName => Field("Saved name");

    public ILocator ServerName => Field("Server name");

    public ILocator Description => Field("Description");

    /// <summary>The editor of one mcp_config key: config, oauth_config, tools, denied_tools, tool_/input_/output_guardrails_config.</summary>
    public JsonEditorControl Section(string key) => new(Page, Page.GetByTestId($"section-{key}"));

    public JsonEditorControl Config => Section("config");

    public JsonEditorControl InputGuardrails => Section("input_guardrails_config");

    /// <summary>"Add server" on a new server, "Save" when editing.</summary>
    public ILocator SaveButton => Page.GetByRole(AriaRole.Button, new() { Name = "Add server" }).Or(Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }));

    /// <summary>The summary of a failed save at the top of the form.</summary>
    public ILocator ErrorSummary => Page.GetByTestId("error-summary");

    /// <summary>The summary's link to one problem, found by the text it starts with ("Source URL", "Config, line 2").</summary>
    public ILocator ErrorSummaryLink(string label) =>
        ErrorSummary.GetByRole(AriaRole.Link).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^\\s*" + System.Text.RegularExpressions.Regex.Escape(label)) });

    /// <summary>Problems that name no field or editor.</summary>
    public ILocator GeneralErrors => Page.GetByTestId("general-errors");

    public async Task GotoNewAsync()
    {
        await GotoAndWaitAsync("/servers/new");
        await WaitForFormAsync();
    }

    public async Task GotoEditAsync(string savedName, string version = "v1")
    {
        await GotoAndWaitAsync(ServerDetailPage.PathOf(savedName, version) + "/edit");
        await WaitForFormAsync();
    }

    /// <summary>The form shows once the circuit is up and, when editing, once the server is loaded.</summary>
    public Task WaitForFormAsync() => SaveButton.WaitForAsync();

    public async Task SaveAsync() => await SaveButton.ClickAsync();
}
