using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

/// <summary>Issue 13 item 7: the audit log suggests actors as you type, and an event's entity name opens the entity.</summary>
public sealed class AuditLogFlowTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AuditLog_ActorPickedFromSuggestions_FiltersAndTheEntityLinkOpensTheServer()
    {
        var keyName = Names.Unique("audit-actor");
        var key = await Api.CreateApiKeyAsync(keyName, "editor");
        var server = Names.Unique("audited");
        await Api.AddServerAsync(RegistryApi.StdioServer(server), key);
        var page = await AdminPageAsync();
        var audit = new AuditLogPage(page);
        await audit.GotoAsync();

        await audit.ActorFilter.FillAsync(keyName);
        await Expect(audit.ActorSuggestions).ToHaveCountAsync(1);
        await Expect(audit.ActorSuggestions).ToContainTextAsync(keyName);
        await audit.ActorSuggestions.ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("actor=", StringComparison.Ordinal) && url.Contains(keyName, StringComparison.Ordinal));
        await Expect(audit.Rows(server).First).ToBeVisibleAsync();
        await Expect(audit.Grid.GetByTestId("entity-link")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "audit-actor-filter");

        await audit.EntityLink(server).ClickAsync();

        // The link navigates inside the running console (no page load to wait for): poll the address instead.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(ServerDetailPage.PathOf(server)) + "$"));
        await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(server);
        await Expect(audit.EventDialog).ToBeHiddenAsync();
    }
}
