using Bunit;
using Bunit.TestDoubles;
using RegistryConsole.Components.Pages.Servers;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Tests.Unit.Components.Pages.Servers;

public sealed class BulkAddTests : ConsoleTestContext
{
    private const string ThreeServers = """
        [
          {"saved_name": "one", "mcp_config": {"config": {"command": "uvx"}}},
          {"saved_name": "two", "mcp_config": {"config": {"command": ""}}},
          {"saved_name": "three", "server_version": "v2", "mcp_config": {"config": {"url": "ftp://x"}}}
        ]
        """;

    public BulkAddTests() => ComponentFactories.AddStub<JsonEditor>();

    [Fact]
    public void BulkAdd_Viewer_GetsNoEditor()
    {
        SignInAs(Role.Viewer);

        var cut = Render<BulkAdd>();

        Assert.NotNull(cut.Find("[data-testid=forbidden]"));
        Assert.Empty(cut.FindComponents<Stub<JsonEditor>>());
    }

    [Fact]
    public void DryRun_ProblemsInItems_TableGroupsThemByItemAndEditorMarksTheirLines()
    {
        Servers.OnBulkAdd = (_, _) => Error.Validation(new Dictionary<string, string[]>
        {
            ["servers[1].mcp_config.config.command"] = ["must not be empty"],
            ["servers[2].mcp_config.config.url"] = ["must be an absolute http or https URL"],
            ["servers[2].saved_name"] = ["'three' version 'v2' is also servers[0]"],
            ["extra"] = ["unknown field"],
        }, "Nothing was stored: 4 problem(s) in the batch");
        var cut = Render<BulkAdd>();

        SetText(cut, ThreeServers);
        cut.Find("button[data-testid=dry-run]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=bulk-results]")));
        Assert.True(Servers.BulkCalls[0].DryRun);
        Assert.Equal(3, Servers.BulkCalls[0].Body["servers"]!.AsArray().Count);
        var rows = cut.FindAll("[data-testid=bulk-results] tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Contains("ok", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("mcp_config.config.command: must not be empty", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("v2", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("saved_name: 'three' version 'v2' is also servers[0]", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("extra: unknown field", cut.Find("[data-testid=general-problems]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Nothing was stored", cut.Find("[data-testid=outcome]").TextContent, StringComparison.Ordinal);
        var markers = Editor(cut).Get(e => e.Errors)!;
        Assert.Contains(markers, m => m.Path == "[1].mcp_config.config.command");
        Assert.Equal(3, markers.Single(m => m.Path == "[1].mcp_config.config.command").LineIn(ThreeServers));
    }

    [Fact]
    public void DryRun_AllValid_SaysNothingStoredYetAndListsThem()
    {
        var cut = Render<BulkAdd>();

        SetText(cut, """{"servers": [{"saved_name": "one", "mcp_config": {"config": {"command": "uvx"}}}, {"saved_name": "two", "mcp_config": {"config": {"command": "npx"}}}]}""");
        cut.Find("button[data-testid=dry-run]").Click();

        cut.WaitForAssertion(() => Assert.Contains("All 2 servers are valid", cut.Find("[data-testid=outcome]").TextContent, StringComparison.Ordinal));
        Assert.Equal(2, cut.FindAll("[data-testid=bulk-results] tbody tr").Count);
        Assert.Equal("http://localhost/", Navigation.Uri);
    }

    [Fact]
    public void AddAll_Valid_StoresForRealAndOpensTheList()
    {
        var cut = Render<BulkAdd>();

        SetText(cut, ThreeServers);
        cut.Find("button[data-testid=add-all]").Click();

        // Issue 13 item 5 changes where Add all lands: the list narrowed to exactly the servers stored.
        cut.WaitForAssertion(() => Assert.Equal("http://localhost/servers?added=one%3Av1%2Cthree%3Av2%2Ctwo%3Av1", Navigation.Uri));
        Assert.False(Servers.BulkCalls[0].DryRun);
    }

    [Fact]
    public void AddAll_Clash_NothingStoredAndTheItemSaysWhy()
    {
        Servers.OnBulkAdd = (_, _) => new Error(ErrorKind.Conflict, "Nothing was stored: 1 server(s) already exist",
            new Dictionary<string, string[]> { ["servers[0]"] = ["'one' version 'v1' already exists in the registry"] });
        var cut = Render<BulkAdd>();

        SetText(cut, ThreeServers);
        cut.Find("button[data-testid=add-all]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=bulk-results]")));
        Assert.Contains("already exists in the registry", cut.FindAll("[data-testid=bulk-results] tbody tr")[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("http://localhost/", Navigation.Uri);
    }

    [Fact]
    public void DryRun_NotJson_NothingSent()
    {
        var cut = Render<BulkAdd>();

        SetText(cut, "[ {\"saved_name\": ");
        cut.Find("button[data-testid=dry-run]").Click();

        Assert.Contains("not valid JSON", cut.Find("[data-testid=outcome]").TextContent, StringComparison.Ordinal);
        Assert.Empty(Servers.BulkCalls);
    }

    [Fact]
    public void DryRun_Empty_SaysWhatToPaste()
    {
        var cut = Render<BulkAdd>();

        cut.Find("button[data-testid=dry-run]").Click();

        Assert.Contains("Paste a JSON array", cut.Find("[data-testid=outcome]").TextContent, StringComparison.Ordinal);
        Assert.Empty(Servers.BulkCalls);
    }

    private static CapturedParameterView<JsonEditor> Editor(IRenderedComponent<BulkAdd> cut) =>
        cut.FindComponent<Stub<JsonEditor>>().Instance.Parameters;

    private static void SetText(IRenderedComponent<BulkAdd> cut, string text)
    {
        var changed = Editor(cut).Get(e => e.ValueChanged);
        cut.InvokeAsync(() => changed.InvokeAsync(text)).GetAwaiter().GetResult();
    }
}
