using System.Text.Json.Nodes;
using Bunit;
using Bunit.TestDoubles;
using MudBlazor;
using RegistryConsole.Components.Pages.Servers;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Tests.Unit.Components.Pages.Servers;

public sealed class ServerEditTests : ConsoleTestContext
{
    public ServerEditTests()
    {
        ComponentFactories.AddStub<JsonEditor>();
        Servers.Stored.Add(TestServers.Stdio("filesystem"));
    }

    [Fact]
    public void New_Viewer_GetsNoForm()
    {
        SignInAs(Role.Viewer);

        var cut = Render<ServerEdit>();

        Assert.NotNull(cut.Find("[data-testid=forbidden]"));
        Assert.Empty(cut.FindAll("button[data-testid=save]"));
    }

    [Fact]
    public void New_Valid_AddsTheBodyWithoutEmptyFieldsAndOpensTheServer()
    {
        var cut = Render<ServerEdit>();

        cut.Find("[data-testid=field-saved_name]").Input("fs");
        SetEditor(cut, "Config", "{\"command\": \"npx\", \"args\": [\"-y\", \"pkg@1.0.0\"]}");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Single(Servers.AddCalls));
        Assert.Equal("{\"saved_name\":\"fs\",\"mcp_config\":{\"config\":{\"command\":\"npx\",\"args\":[\"-y\",\"pkg@1.0.0\"]}}}", Servers.AddCalls[0].ToJsonString());
        Assert.Equal("http://localhost/servers/fs/v1", Navigation.Uri);
    }

    [Fact]
    public void New_ServiceRefuses_ErrorsLandOnFieldEditorLineAndGeneralList()
    {
        Servers.OnAdd = _ => Error.Validation(new Dictionary<string, string[]>
        {
            ["saved_name"] = ["is required"],
            ["mcp_config.config.command"] = ["must not be empty"],
            ["mcp_config.denied_tools[1].name"] = ["must be a non-empty glob"],
            ["mcp_config.denied_toolz"] = ["unknown field"],
        });
        var cut = Render<ServerEdit>();

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("is required", cut.Markup, StringComparison.Ordinal));
        Assert.Equal([new JsonEditorError("command", "must not be empty")], Editor(cut, "Config").Get(e => e.Errors));
        Assert.Equal("[1].name", Editor(cut, "Denied tools").Get(e => e.Errors)![0].Path);
        Assert.Null(Editor(cut, "Tools").Get(e => e.Errors));
        Assert.Contains("mcp_config.denied_toolz: unknown field", cut.Find("[data-testid=general-errors]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void New_NameTaken_SaysSoOnTheName()
    {
        Servers.OnAdd = _ => Error.Conflict("MCP registry server 'fs' version 'v1' already exists");
        var cut = Render<ServerEdit>();

        cut.Find("[data-testid=field-saved_name]").Input("fs");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("already exists", cut.Find(".mud-input-control.mud-input-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void New_SectionNotJson_NothingSentAndTheEditorSaysWhere()
    {
        var cut = Render<ServerEdit>();

        SetEditor(cut, "Tools", "{\n  \"a\": ");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(Editor(cut, "Tools").Get(e => e.Errors)));
        Assert.Empty(Servers.AddCalls);
        Assert.Contains("is not valid JSON", Editor(cut, "Tools").Get(e => e.Errors)![0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Edit_OneFieldChanged_SendsOnlyThatFieldWithTheRevisionRead()
    {
        var cut = RenderEdit();

        cut.Find("[data-testid=field-description]").Input("Reads files, carefully");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Single(Servers.ModifyCalls));
        var (key, patch, revision) = Servers.ModifyCalls[0];
        Assert.Equal("filesystem", key.SavedName);
        Assert.Equal("{\"description\":\"Reads files, carefully\"}", patch.ToJsonString());
        Assert.Equal(3, revision);
    }

    [Fact]
    public void Edit_SectionChanged_SendsThatSectionWithTheSecretStillMasked()
    {
        var cut = RenderEdit();
        var config = Editor(cut, "Config").Get(e => e.Value)!;

        SetEditor(cut, "Config", config.Replace("\"-y\",", "\"-y\", \"--verbose\",", StringComparison.Ordinal));
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Single(Servers.ModifyCalls));
        var patch = Servers.ModifyCalls[0].Patch;
        Assert.Equal(["mcp_config"], patch.Select(p => p.Key));
        Assert.Equal(["config"], patch["mcp_config"]!.AsObject().Select(p => p.Key));
        Assert.Equal("********", (string?)patch["mcp_config"]!["config"]!["env"]!["GITHUB_TOKEN"]);
    }

    [Fact]
    public void Edit_NameAndVersionAreReadOnly()
    {
        var cut = RenderEdit();

        Assert.True(cut.Find("[data-testid=field-saved_name]").HasAttribute("readonly"));
        Assert.True(cut.Find("[data-testid=field-server_version]").HasAttribute("readonly"));
        Assert.False(cut.Find("[data-testid=field-server_name]").HasAttribute("readonly"));
    }

    [Fact]
    public void Edit_ChangedMeanwhile_OffersReloadAndKeepsTheUnsavedVersion()
    {
        Servers.OnModify = (key, _, _) => Error.PreconditionFailed($"{key} was changed by someone else meanwhile; read it again");
        var cut = RenderEdit();

        cut.Find("[data-testid=field-description]").Input("my edit");
        cut.Find("button[data-testid=save]").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=concurrency-alert]")));
        Assert.Equal("http://localhost/", Navigation.Uri);
        cut.Find("button[data-testid=reload]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=concurrency-alert]")));
        Assert.Contains("my edit", cut.FindComponents<Stub<JsonEditor>>().Select(s => s.Instance.Parameters.Get(e => e.Value)).First(v => v!.Contains("my edit", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("The filesystem server", cut.Find("[data-testid=field-description]").GetAttribute("value") ?? cut.Find("[data-testid=field-description]").TextContent);
    }

    [Fact]
    public void Edit_UnsavedChanges_LeavingAsksFirst()
    {
        var dialogs = RenderDialogHost();
        var cut = RenderEdit();

        cut.Find("[data-testid=field-description]").Input("unsaved");
        cut.InvokeAsync(() => Navigation.NavigateTo("/servers"));

        dialogs.WaitForAssertion(() => Assert.Contains("Discard unsaved changes?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").First(b => b.TextContent.Contains("Keep editing", StringComparison.Ordinal)).Click();
        cut.WaitForAssertion(() => Assert.DoesNotContain("Discard unsaved changes?", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal("http://localhost/", Navigation.Uri);
    }

    [Fact]
    public void Edit_NoChanges_LeavesWithoutAsking()
    {
        var dialogs = RenderDialogHost();
        RenderEdit();

        Navigation.NavigateTo("/servers");

        Assert.Equal("http://localhost/servers", Navigation.Uri);
        Assert.DoesNotContain("Discard", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void WholeJson_ServiceRefuses_MarksTheFullPathInTheOneEditor()
    {
        Servers.OnModify = (_, _, _) => Error.Validation("mcp_config.config.command", "must not be empty");
        var cut = RenderEdit();

        cut.FindComponent<MudSwitch<bool>>().Find("input").Change(true);
        var whole = Editor(cut, "Add-server body");
        var text = whole.Get(e => e.Value)!;
        SetEditor(cut, "Add-server body", text.Replace("\"npx\"", "\"\"", StringComparison.Ordinal));
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(Editor(cut, "Add-server body").Get(e => e.Errors)));
        Assert.Equal("mcp_config.config.command", Editor(cut, "Add-server body").Get(e => e.Errors)![0].Path);
        Assert.Equal("{\"mcp_config\":{\"config\":{\"command\":\"\",\"args\":[\"-y\",\"@modelcontextprotocol/server-filesystem@1.0.0\"],\"env\":{\"LOG_LEVEL\":\"info\",\"GITHUB_TOKEN\":\"********\"}}}}", Servers.ModifyCalls[0].Patch.ToJsonString());
    }

    [Fact]
    public void Edit_DeletedServer_CannotBeSaved()
    {
        Servers.Stored[0] = TestServers.Stdio("filesystem", active: false);

        var cut = RenderEdit();

        Assert.NotNull(cut.Find("[data-testid=deleted]"));
        Assert.True(cut.Find("button[data-testid=save]").HasAttribute("disabled"));
    }

    private IRenderedComponent<ServerEdit> RenderEdit() =>
        Render<ServerEdit>(p => p.Add(e => e.SavedName, "filesystem").Add(e => e.Version, "v1"));

    private static Bunit.TestDoubles.CapturedParameterView<JsonEditor> Editor(IRenderedComponent<ServerEdit> cut, string label) =>
        cut.FindComponents<Stub<JsonEditor>>().Single(s => s.Instance.Parameters.Get(e => e.Label) == label).Instance.Parameters;

    private static void SetEditor(IRenderedComponent<ServerEdit> cut, string label, string text)
    {
        var changed = Editor(cut, label).Get(e => e.ValueChanged);
        cut.InvokeAsync(() => changed.InvokeAsync(text)).GetAwaiter().GetResult();
    }
}
