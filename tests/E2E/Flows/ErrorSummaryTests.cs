using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

/// <summary>Issue 13 item 5: errors you cannot miss, and bulk add landing on exactly what it added.</summary>
public sealed class ErrorSummaryTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AddServer_Refused_SummaryAtTheTopFocusesTheFirstErrorAndItsLinksFocusEachField()
    {
        var name = Names.Unique("summary");
        var page = await AdminPageAsync();
        var form = new ServerEditPage(page);
        await form.GotoNewAsync();

        await form.SavedName.FillAsync(name);
        await form.Field("Source URL").FillAsync("not a url");
        await form.Config.SetTextAsync("""{"command": "npx", "url": "https://both.example.com/mcp"}""");
        await form.SaveAsync();

        await Expect(form.ErrorSummary).ToBeVisibleAsync();
        await Expect(form.ErrorSummaryLink("Source URL")).ToBeVisibleAsync();
        await Expect(form.ErrorSummaryLink("Config, line")).ToContainTextAsync("exactly one of 'command'");
        await Expect(form.Field("Source URL")).ToBeFocusedAsync();
        await Expect(form.Field("Source URL")).ToBeInViewportAsync();
        await ScreenshotAsync(page, "add-server-error-summary");

        await form.SavedName.FocusAsync();
        await form.ErrorSummary.ScrollIntoViewIfNeededAsync();
        await form.ErrorSummaryLink("Source URL").ClickAsync();
        await Expect(form.Field("Source URL")).ToBeFocusedAsync();

        await form.ErrorSummaryLink("Config, line").ClickAsync();
        await Expect(form.Config.Root).ToBeInViewportAsync();
        await Expect(form.Config.Root.Locator("textarea")).ToBeFocusedAsync();
        Assert.Null(await Api.FindServerAsync(name));
    }

    [Fact]
    public async Task BulkAdd_AddAll_LandsOnTheListOfExactlyTheServersAdded()
    {
        var batch = Names.Unique("landing");
        string[] names = [$"{batch}-a", $"{batch}-b"];
        var page = await AdminPageAsync();
        var bulk = new BulkAddPage(page);
        await bulk.GotoAsync();

        await bulk.Editor.SetTextAsync(new JsonArray(names.Select(n => (JsonNode?)RegistryApi.StdioServer(n, "uvx", ["mcp-server-x==1.0.0"])).ToArray()).ToJsonString());
        await bulk.AddAllButton.ClickAsync();

        var servers = new ServersPage(page);
        await Expect(page).ToHaveURLAsync(new Regex("/servers\\?added="));
        await Expect(servers.AddedBanner).ToContainTextAsync("Showing only the 2 servers just added");
        await Expect(servers.Rows).ToHaveCountAsync(2);
        await Expect(servers.ServerLink(names[0])).ToBeVisibleAsync();
        await Expect(servers.ServerLink(names[1])).ToBeVisibleAsync();
        await ScreenshotAsync(page, "bulk-add-landing");

        await page.ReloadAsync();
        await Expect(servers.Rows).ToHaveCountAsync(2);

        await servers.ShowAllButton.ClickAsync();
        await Expect(servers.AddedBanner).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex("/servers$"));
    }

    [Fact]
    public async Task BulkAdd_BrokenPaste_SaysLineAndColumnInPlainWords()
    {
        var page = await AdminPageAsync();
        var bulk = new BulkAddPage(page);
        await bulk.GotoAsync();

        await bulk.Editor.SetTextAsync("""[{"saved_name": "x" "mcp_config": {}}]""");
        await bulk.DryRunButton.ClickAsync();

        await Expect(bulk.Outcome).ToContainTextAsync("line 1, column 21: expected a comma or a closing bracket");
        await Expect(bulk.Outcome).Not.ToContainTextAsync("LineNumber");
    }
}
