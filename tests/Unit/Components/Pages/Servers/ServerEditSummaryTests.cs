using Bunit;
using Bunit.TestDoubles;
using RegistryConsole.Components.Pages.Servers;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Tests.Unit.Components.Pages.Servers;

/// <summary>Issue 13 item 5: a failed save sums its problems up at the top and moves the focus to the first one.</summary>
public sealed class ServerEditSummaryTests : ConsoleTestContext
{
    public ServerEditSummaryTests() => ComponentFactories.AddStub<JsonEditor>();

    [Fact]
    public void New_ServiceRefuses_SummaryLinksEachFieldAndEditorLineAndFocusesTheFirst()
    {
        Servers.OnAdd = _ => Error.Validation(new Dictionary<string, string[]>
        {
            ["mcp_config.config.command"] = ["must not be empty"],
            ["source_url"] = ["must be an absolute http(s) URL"],
        });
        var cut = Render<ServerEdit>();
        SetEditor(cut, "Config", "{\n  \"command\": \"\"\n}");

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=error-summary]")));
        var links = cut.FindAll("[data-testid=error-summary-link]").Select(l => l.TextContent.Trim()).ToList();
        Assert.Equal(["Source URL: must be an absolute http(s) URL", "Config, line 2: command: must not be empty"], links);
        cut.WaitForAssertion(() => Assert.Equal("[data-error-target=\"source_url\"]", JSInterop.VerifyInvoke("registryConsole.focusTarget").Arguments[0]));
        Assert.NotNull(cut.Find("input[data-error-target=source_url]"));
    }

    [Fact]
    public void New_ClickSummaryLink_FocusesThatField()
    {
        Servers.OnAdd = _ => Error.Validation(new Dictionary<string, string[]>
        {
            ["saved_name"] = ["is required"],
            ["job_id"] = ["must be a UUID"],
        });
        var cut = Render<ServerEdit>();
        cut.Find("button[data-testid=save]").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=error-summary-link]").Count));

        cut.FindAll("[data-testid=error-summary-link]")[1].Click();

        Assert.Equal(
            ["[data-error-target=\"saved_name\"]", "[data-error-target=\"job_id\"]"],
            JSInterop.Invocations["registryConsole.focusTarget"].Select(i => i.Arguments[0]));
    }

    [Fact]
    public void New_SectionNotJson_SummaryNamesTheEditorInPlainWords()
    {
        var cut = Render<ServerEdit>();
        SetEditor(cut, "Tools", "{\n  \"a\": 1\n  \"b\": 2\n}");

        cut.Find("button[data-testid=save]").Click();

        var link = cut.WaitForElement("[data-testid=error-summary-link]").TextContent;
        Assert.Contains("Tools: is not valid JSON: line 3, column 3: expected a comma or a closing bracket", link, StringComparison.Ordinal);
        Assert.Empty(Servers.AddCalls);
    }

    [Fact]
    public void New_SavedAfterAFailure_SummaryGoes()
    {
        var refuse = true;
        Servers.OnAdd = body => refuse ? Error.Validation("saved_name", "is required") : TestServers.FromBody(body);
        var cut = Render<ServerEdit>();
        cut.Find("button[data-testid=save]").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=error-summary]")));

        refuse = false;
        cut.Find("[data-testid=field-saved_name]").Input("fs");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("http://localhost/servers/fs/v1", Navigation.Uri));
        Assert.Empty(cut.FindAll("[data-testid=error-summary]"));
    }

    private static void SetEditor(IRenderedComponent<ServerEdit> cut, string label, string text)
    {
        var changed = cut.FindComponents<Stub<JsonEditor>>().Single(s => s.Instance.Parameters.Get(e => e.Label) == label).Instance.Parameters.Get(e => e.ValueChanged);
        cut.InvokeAsync(() => changed.InvokeAsync(text)).GetAwaiter().GetResult();
    }
}
