using Bunit;
using Bunit.TestDoubles;
using RegistryConsole.Components.Pages.Servers;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Tests.Unit.Components.Pages.Servers;

/// <summary>Issue 13 item 5 on the paste pages: problems by line at the top, parse errors in plain words.</summary>
public sealed class JsonInputSummaryTests : ConsoleTestContext
{
    private const string TwoServers = "[\n  {\"saved_name\": \"one\", \"mcp_config\": {\"config\": {\"command\": \"uvx\"}}},\n  {\"saved_name\": \"two\", \"mcp_config\": {\"config\": {}}}\n]";

    [Fact]
    public void BulkAdd_DryRunRefused_SummaryListsTheProblemsByLineAndFocusesTheFirst()
    {
        ComponentFactories.AddStub<JsonEditor>();
        Servers.OnBulkAdd = (_, _) => Error.Validation("servers[1].mcp_config.config", "must have exactly one of 'command' (stdio) or 'url' (remote)");
        var cut = Render<BulkAdd>();
        SetText(cut, TwoServers);

        cut.Find("button[data-testid=dry-run]").Click();

        var link = cut.WaitForElement("[data-testid=error-summary-link]").TextContent;
        Assert.Contains("Line 3: [1].mcp_config.config: must have exactly one of 'command'", link, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Equal("[data-error-target=\"servers\"]", JSInterop.VerifyInvoke("registryConsole.focusTarget").Arguments[0]));
    }

    [Fact]
    public void BulkAdd_BrokenPaste_SaysLineAndColumnWithoutParserJargon()
    {
        ComponentFactories.AddStub<JsonEditor>();
        var cut = Render<BulkAdd>();
        SetText(cut, "[{\"saved_name\": \"x\" \"mcp_config\": {}}]");

        cut.Find("button[data-testid=dry-run]").Click();

        var outcome = cut.Find("[data-testid=outcome]").TextContent;
        Assert.Contains("line 1, column 21: expected a comma or a closing bracket", outcome, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", outcome, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=error-summary]"));
    }

    [Fact]
    public void Import_BrokenPaste_SaysLineAndColumnWithoutParserJargon()
    {
        var cut = Render<ImportServers>();

        cut.Find("textarea[data-testid=import-text], [data-testid=import-text] textarea").Change("{ \"mcpServers\": { \"time\" { } } }");
        cut.Find("[data-testid=dry-run]").Click();

        Assert.Contains("line 1, column 26: expected a colon after the property name", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", cut.Markup, StringComparison.Ordinal);
    }

    private static void SetText(IRenderedComponent<BulkAdd> cut, string text)
    {
        var changed = cut.FindComponent<Stub<JsonEditor>>().Instance.Parameters.Get(e => e.ValueChanged);
        cut.InvokeAsync(() => changed.InvokeAsync(text)).GetAwaiter().GetResult();
    }
}
