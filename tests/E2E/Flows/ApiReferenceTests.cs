using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

[Collection(BrowserCollection.Name)]
public sealed class ApiReferenceTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ApiReference_RendersOfflineInChromium_ListsRegistryOperations()
    {
        var page = await fixture.NewPageAsync();
        var reference = new ApiReferencePage(page);

        await reference.GotoAsync();

        await Microsoft.Playwright.Assertions.Expect(reference.Operation("Add a server")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "api-reference.png") });
    }
}
