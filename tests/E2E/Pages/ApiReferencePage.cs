using Microsoft.Playwright;

namespace RegistryConsole.Tests.E2E.Pages;

/// <summary>The interactive API reference (Scalar) at /api-reference.</summary>
public sealed class ApiReferencePage(IPage page)
{
    public Task GotoAsync() => page.GotoAsync("/api-reference");

    public ILocator Operation(string summaryText) => page.GetByText(summaryText).First;
}
