using Bunit;
using Microsoft.AspNetCore.Components;
using RegistryConsole.Components.Shared;

namespace RegistryConsole.Tests.Unit.Components.Shared;

public sealed class ErrorSummaryTests : ConsoleTestContext
{
    private static readonly IReadOnlyList<ErrorSummaryItem> Items =
    [
        ErrorSummaryItem.ForField("Saved name", "is required", "saved_name"),
        ErrorSummaryItem.ForEditor("Config, line 3", "command: must not be empty", "config", 3),
    ];

    [Fact]
    public void ErrorSummary_NoItems_RendersNothing()
    {
        var cut = Render<ErrorSummary>(p => p.Add(s => s.Items, []));

        Assert.Empty(cut.FindAll("[data-testid=error-summary]"));
        Assert.Empty(JSInterop.Invocations);
    }

    [Fact]
    public void ErrorSummary_NewItems_ListsEachAndFocusesTheFirstField()
    {
        var cut = Render<ErrorSummary>(p => p.Add(s => s.Items, Items));

        var links = cut.FindAll("[data-testid=error-summary-link]");
        Assert.Equal(["Saved name: is required", "Config, line 3: command: must not be empty"], links.Select(l => l.TextContent.Trim()));
        var focus = JSInterop.VerifyInvoke("registryConsole.focusTarget");
        Assert.Equal("[data-error-target=\"saved_name\"]", focus.Arguments[0]);
    }

    [Fact]
    public void ErrorSummary_SameItemsAgain_DoesNotMoveTheFocusAgain()
    {
        var cut = Render<ErrorSummary>(p => p.Add(s => s.Items, Items));

        cut.Render(p => p.Add(s => s.Items, Items));

        Assert.Single(JSInterop.Invocations["registryConsole.focusTarget"]);
    }

    [Fact]
    public void ErrorSummary_ClickEditorLink_RevealsThatLineOfThatEditor()
    {
        var editors = new JsonEditorGroup();
        var editor = Render<CascadingValue<JsonEditorGroup>>(p => p
            .Add(c => c.Value, editors)
            .Add(c => c.IsFixed, true)
            .AddChildContent<JsonEditor>(e => e.Add(x => x.Name, "config").Add(x => x.Value, "{\n  \"a\": 1,\n  \"command\": \"\"\n}")));
        editor.WaitForAssertion(() => Assert.NotEmpty(JSInterop.Invocations["registryConsole.jsonEditor.attach"]));
        var cut = Render<ErrorSummary>(p => p.Add(s => s.Items, Items).Add(s => s.Editors, editors).Add(s => s.FocusFirst, false));

        cut.FindAll("[data-testid=error-summary-link]")[1].Click();

        var reveal = JSInterop.VerifyInvoke("registryConsole.jsonEditor.reveal");
        Assert.Equal(3, reveal.Arguments[1]);
        Assert.Empty(JSInterop.Invocations["registryConsole.focusTarget"]);
    }
}
