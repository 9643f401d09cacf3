using System.Text.Json.Nodes;
using Bunit;
using Bunit.TestDoubles;
using MudBlazor;
using RegistryConsole.Components.Pages.Gateways;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components.Pages.Gateways;

public sealed class GatewayDetailTests : ConsoleTestContext
{
    private static readonly GatewayKey Prod = new("prod", "v1");

    public GatewayDetailTests()
    {
        ComponentFactories.AddStub<JsonEditor>();
        Gateways.Stored.Add(TestGateways.With("prod", "v1", true, "filesystem", "github"));
    }

    [Fact]
    public void GatewayDetail_WhileLoading_ShowsProgress()
    {
        Gateways.Gate = new TaskCompletionSource();

        var cut = RenderDetail();

        Assert.NotNull(cut.Find("[data-testid=loading]"));
        Gateways.Gate.SetResult();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=loading]")));
    }

    [Fact]
    public void GatewayDetail_UnknownGateway_SaysSoAndLinksBack()
    {
        var cut = RenderDetail("nope");

        Assert.Contains("no gateway 'nope' version 'v1'", cut.Find("[data-testid=load-error]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("a[href='/gateways']"));
    }

    [Fact]
    public void GatewayDetail_Editor_SeesChipsServersAndActions()
    {
        var cut = RenderDetail();

        Assert.Equal("prod", cut.Find("h1").TextContent);
        Assert.Contains("v1", cut.Find("[data-testid=version-chip]").TextContent, StringComparison.Ordinal);
        Assert.Contains("active", cut.Find("[data-testid=active-chip]").TextContent, StringComparison.Ordinal);
        var rows = cut.FindAll("[data-testid=server-row]");
        Assert.Equal(2, rows.Count);
        Assert.Equal("/servers/filesystem/v1", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(cut.Find("[data-testid=save]"));
        Assert.NotNull(cut.Find("[data-testid=delete]"));
        Assert.NotNull(cut.Find("[data-testid=attach-search]"));
        Assert.Equal(2, cut.FindAll("[data-testid=detach]").Count);
    }

    [Theory]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Reviewer)]
    public void GatewayDetail_WithoutWriteRole_HidesEveryChangeAndEditorsAreReadOnly(Role role)
    {
        SignInAs(role);
        Navigation.NavigateTo("/gateways/prod/v1?tab=overrides");

        var cut = RenderDetail();

        Assert.Empty(cut.FindAll("[data-testid=save]"));
        Assert.Empty(cut.FindAll("[data-testid=delete]"));
        Assert.Empty(cut.FindAll("[data-testid=restore]"));
        Assert.Empty(cut.FindAll("[data-testid=detach]"));
        Assert.Empty(cut.FindAll("[data-testid=attach-search]"));
        Assert.All(cut.FindComponents<Stub<JsonEditor>>(), e => Assert.True(e.Instance.Parameters.Get(p => p.ReadOnly)));
    }

    [Fact]
    public void GatewayDetail_NoServers_SaysHowToAttachOne()
    {
        Gateways.Stored[0] = TestGateways.With("prod");

        var cut = RenderDetail();

        Assert.Contains("No servers attached yet", cut.Find("[data-testid=no-servers]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_OneEditorForCommonAndOnePerServer_HoldingOnlyTheOverrides()
    {
        Gateways.Stored[0] = TestGateways.Apply(Gateways.Stored[0], Patch(servers: new JsonObject
        {
            ["saved_name"] = "github",
            ["server_version"] = "v1",
            ["tool_guardrails_config"] = new JsonObject { ["enabled"] = false },
        }));
        Navigation.NavigateTo("/gateways/prod/v1?tab=overrides");

        var cut = RenderDetail();

        Assert.Contains("enable_server_info_validation", Editor(cut, "Common overrides (every server)").Get(e => e.Value), StringComparison.Ordinal);
        Assert.Equal("{}", Editor(cut, "filesystem · v1").Get(e => e.Value));
        var github = Editor(cut, "github · v1").Get(e => e.Value)!;
        Assert.Contains("tool_guardrails_config", github, StringComparison.Ordinal);
        Assert.DoesNotContain("saved_name", github, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_SendsOnlyWhatChangedAtTheReadRevision()
    {
        Navigation.NavigateTo("/gateways/prod/v1?tab=overrides");
        var cut = RenderDetail();
        Assert.True(cut.Find("button[data-testid=save]").HasAttribute("disabled"));

        Type(cut, "filesystem · v1", """{ "input_guardrails_config": { "enabled": true, "guardrail_name": "strict" } }""");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Single(Gateways.ModifyCalls));
        var (key, patch, revision) = Gateways.ModifyCalls[0];
        Assert.Equal(Prod, key);
        Assert.Equal(4, revision);
        Assert.Equal(
            """{"servers_config":{"servers":[{"saved_name":"filesystem","server_version":"v1","input_guardrails_config":{"enabled":true,"guardrail_name":"strict"}}]}}""",
            patch.ToJsonString());
    }

    [Fact]
    public void Save_KeyRemovedFromCommonOverrides_IsSentAsNull()
    {
        Navigation.NavigateTo("/gateways/prod/v1?tab=overrides");
        var cut = RenderDetail();

        Type(cut, "Common overrides (every server)", "{}");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Single(Gateways.ModifyCalls));
        Assert.Equal("""{"servers_config":{"common_overrides":{"enable_server_info_validation":null}}}""", Gateways.ModifyCalls[0].Patch.ToJsonString());
    }

    [Fact]
    public void Save_NotJson_StaysOnThePageWithTheMessageOnThatEditor()
    {
        Navigation.NavigateTo("/gateways/prod/v1?tab=overrides");
        var cut = RenderDetail();

        Type(cut, "github · v1", "{ oops");
        cut.Find("button[data-testid=save]").Click();

        Assert.Empty(Gateways.ModifyCalls);
        var errors = Editor(cut, "github · v1").Get(e => e.Errors)!;
        Assert.Contains("not valid JSON", errors.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_FieldErrors_LandOnTheEditorTheyName()
    {
        Gateways.OnModify = (_, _, _) => Error.Validation(new Dictionary<string, string[]>
        {
            ["servers_config.servers[0].input_guardrails_config.guardrail_name"] = ["is required when enabled is true"],
            ["servers_config.common_overrides.bogus"] = ["unknown field"],
        });
        Navigation.NavigateTo("/gateways/prod/v1?tab=overrides");
        var cut = RenderDetail();

        Type(cut, "github · v1", """{ "input_guardrails_config": { "enabled": true } }""");
        Type(cut, "Common overrides (every server)", """{ "enable_server_info_validation": true, "bogus": 1 }""");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(Editor(cut, "github · v1").Get(e => e.Errors)!));
        var github = Editor(cut, "github · v1").Get(e => e.Errors)!.Single();
        Assert.Equal("input_guardrails_config.guardrail_name", github.Path);
        Assert.Equal("bogus", Editor(cut, "Common overrides (every server)").Get(e => e.Errors)!.Single().Path);
        Assert.Empty(Editor(cut, "filesystem · v1").Get(e => e.Errors) ?? []);
    }

    [Fact]
    public void Save_FieldErrors_AreSummedUpAtTheTopWithALinkPerEditorLine()
    {
        Gateways.OnModify = (_, _, _) => Error.Validation(new Dictionary<string, string[]>
        {
            ["servers_config.servers[0].input_guardrails_config.guardrail_name"] = ["is required when enabled is true"],
        });
        Navigation.NavigateTo("/gateways/prod/v1?tab=overrides");
        var cut = RenderDetail();

        Type(cut, "github · v1", """{ "input_guardrails_config": { "enabled": true } }""");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=error-summary]")));
        var link = cut.Find("[data-testid=error-summary-link]");
        Assert.Contains("github · v1, line 1", link.TextContent, StringComparison.Ordinal);
        Assert.Contains("input_guardrails_config.guardrail_name: is required when enabled is true", link.TextContent, StringComparison.Ordinal);
        Assert.Equal("#overrides-github-v1:1", link.GetAttribute("href"));
    }

    [Fact]
    public void Save_ChangedBySomeoneElse_SaysSoAndReloadShowsTheirVersion()
    {
        Gateways.OnModify = (key, _, _) => Error.PreconditionFailed($"{key} has changed since it was read (revision 5); read it again");
        Navigation.NavigateTo("/gateways/prod/v1?tab=overrides");
        var cut = RenderDetail();

        Type(cut, "filesystem · v1", """{ "enable_server_info_validation": false }""");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("changed this gateway", cut.Find("[data-testid=concurrency-alert]").TextContent, StringComparison.Ordinal));
        Gateways.Stored[0] = Gateways.Stored[0] with { Revision = 5, Description = "their description" };
        cut.Find("button[data-testid=reload]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=concurrency-alert]")));
        Assert.Contains("their description", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("{}", Editor(cut, "filesystem · v1").Get(e => e.Value));
    }

    [Fact]
    public void Attach_PickedServer_IsUpsertedAsANewEntry()
    {
        var cut = RenderDetail();
        var picker = cut.FindComponent<MudAutocomplete<ServerDto>>();

        cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(TestServers.Stdio("slack", "v2")));
        cut.Find("button[data-testid=attach]").Click();
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Single(Gateways.ModifyCalls));
        Assert.Equal("""{"servers_config":{"servers":[{"saved_name":"slack","server_version":"v2"}]}}""", Gateways.ModifyCalls[0].Patch.ToJsonString());
        Assert.Equal(4, Gateways.ModifyCalls[0].ExpectedRevision);
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=server-row]").Count));
    }

    [Fact]
    public async Task Attach_Search_AsksTheRegistryForActiveServersAndLeavesOutAttachedOnes()
    {
        Servers.Stored.Add(TestServers.Stdio("filesystem"));
        Servers.Stored.Add(TestServers.Stdio("files-extra"));
        var cut = RenderDetail();
        var picker = cut.FindComponent<MudAutocomplete<ServerDto>>();

        var search = picker.Instance.SearchFunc;
        Assert.NotNull(search);
        var pending = search("files", Ct);
        Assert.NotNull(pending);
        var found = await pending;

        Assert.Equal(["files-extra"], found.Select(s => s.SavedName));
        Assert.Equal("files", Servers.ListCalls[^1].Search);
        Assert.True(Servers.ListCalls[^1].IsActive);
    }

    [Fact]
    public void Detach_Confirmed_SendsRemoveTrue()
    {
        var dialogs = RenderDialogHost();
        var cut = RenderDetail();

        cut.FindAll("button[data-testid=detach]")[1].Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Detach github v1", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Detach").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=staged-mark]")));
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Single(Gateways.ModifyCalls));
        Assert.Equal("""{"servers_config":{"servers":[{"saved_name":"github","server_version":"v1","remove":true}]}}""", Gateways.ModifyCalls[0].Patch.ToJsonString());
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=server-row]")));
    }

    [Fact]
    public void Detach_Cancelled_ChangesNothing()
    {
        var dialogs = RenderDialogHost();
        var cut = RenderDetail();

        cut.FindAll("button[data-testid=detach]")[0].Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Cancel").Click());

        cut.WaitForAssertion(() => Assert.DoesNotContain("Detach filesystem", dialogs.Markup, StringComparison.Ordinal));
        Assert.Empty(Gateways.ModifyCalls);
    }

    [Fact]
    public void Delete_Confirmed_DeletesAtTheReadRevisionAndOffersRestore()
    {
        var dialogs = RenderDialogHost();
        var cut = RenderDetail();

        cut.Find("button[data-testid=delete]").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Delete").Click());

        cut.WaitForAssertion(() => Assert.Single(Gateways.DeleteCalls));
        Assert.Equal(4, Gateways.DeleteCalls[0].ExpectedRevision);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("button[data-testid=restore]")));
        Assert.NotNull(cut.Find("[data-testid=deleted-banner]"));
    }

    [Fact]
    public void Restore_DeletedGateway_SendsIsActiveTrue()
    {
        Gateways.Stored[0] = Gateways.Stored[0] with { IsActive = false };
        var cut = RenderDetail();

        cut.Find("button[data-testid=restore]").Click();

        cut.WaitForAssertion(() => Assert.Single(Gateways.ModifyCalls));
        Assert.Equal("""{"is_active":true}""", Gateways.ModifyCalls[0].Patch.ToJsonString());
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("button[data-testid=delete]")));
    }

    [Fact]
    public void ExpandedConfig_MarksOverriddenKeysWithTheirLevel()
    {
        Gateways.Configs[Prod] = TestGateways.ConfigOf(Gateways.Stored[0],
        [
            TestGateways.Expanded("filesystem", new JsonObject { ["enable_server_info_validation"] = true }, new Dictionary<string, string>
            {
                ["enable_server_info_validation"] = "common_overrides",
                ["input_guardrails_config"] = "gateway_overrides",
            }),
            TestGateways.Expanded("github", [], active: false),
        ]);
        Navigation.NavigateTo("/gateways/prod/v1?tab=config");

        var cut = RenderDetail();

        var markers = cut.FindAll("[data-testid=overridden-key]").Select(m => m.TextContent.Trim()).ToList();
        Assert.Contains("enable_server_info_validation ← common override", markers);
        Assert.Contains("input_guardrails_config ← server override", markers);
        Assert.Contains("never approved", cut.Find("[data-testid=not-served]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_CommonEditorKnowsGatewayWideKeys_ServerEditorsDoNot()
    {
        Navigation.NavigateTo("/gateways/prod/v1?tab=overrides");

        var cut = RenderDetail();

        var schemas = cut.FindComponents<Stub<JsonEditor>>().Select(e => e.Instance.Parameters.Get(p => p.Schema)).ToList();
        Assert.Equal([JsonEditorSchemas.CommonOverrides, JsonEditorSchemas.Overrides, JsonEditorSchemas.Overrides], schemas);
    }

    [Fact]
    public void ExpandedConfig_GatewayWideToolGuardrail_MarkedAsCommonOverride()
    {
        Gateways.Configs[Prod] = TestGateways.ConfigOf(Gateways.Stored[0],
        [
            TestGateways.Expanded("filesystem", [], new Dictionary<string, string> { [GatewayExpansion.ServerToolsGuardrails] = "common_overrides" }),
        ]);
        Navigation.NavigateTo("/gateways/prod/v1?tab=config");

        var cut = RenderDetail();

        var marker = Assert.Single(cut.FindAll("[data-testid=overridden-key]"));
        Assert.Equal("server_tools_guardrails_config ← common override", marker.TextContent.Trim());
    }

    [Fact]
    public void ExpandedConfig_RevealedSecrets_AreMaskedInThePage()
    {
        SignInAs(Role.Admin);
        var config = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["command"] = "npx",
                ["env"] = new JsonObject { ["GITHUB_TOKEN"] = "ghp_realsecretvalue123", ["LOG_LEVEL"] = "debug" },
            },
        };
        Gateways.Configs[Prod] = TestGateways.ConfigOf(Gateways.Stored[0], [TestGateways.Expanded("filesystem", config)]);
        Navigation.NavigateTo("/gateways/prod/v1?tab=config");

        var cut = RenderDetail();

        var json = cut.FindComponents<Stub<JsonEditor>>().Single().Instance.Parameters.Get(e => e.Value)!;
        Assert.DoesNotContain("ghp_realsecretvalue123", json, StringComparison.Ordinal);
        Assert.Contains("\"GITHUB_TOKEN\": \"********\"", json, StringComparison.Ordinal);
        Assert.Contains("debug", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Tabs_Change_WritesTheTabIntoTheUrl()
    {
        Navigation.NavigateTo("/gateways/prod/v1");
        var cut = RenderDetail();

        cut.FindAll(".mud-tab").First(t => t.TextContent.Contains("Expanded config", StringComparison.Ordinal)).Click();

        Assert.Equal("http://localhost/gateways/prod/v1?tab=config", Navigation.Uri);
    }

    [Fact]
    public void Leaving_WithUnsavedOverrides_AsksFirstAndStaysWhenKept()
    {
        var dialogs = RenderDialogHost();
        Navigation.NavigateTo("/gateways/prod/v1?tab=overrides");
        var cut = RenderDetail();
        Type(cut, "github · v1", """{ "enable_server_info_validation": false }""");

        cut.InvokeAsync(() => Navigation.NavigateTo("/gateways"));

        dialogs.WaitForAssertion(() => Assert.Contains("Discard unsaved changes?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Keep editing").Click();
        cut.WaitForAssertion(() => Assert.Equal("http://localhost/gateways/prod/v1?tab=overrides", Navigation.Uri));
    }

    [Fact]
    public void SwitchingTabs_WithUnsavedOverrides_DoesNotAsk()
    {
        var dialogs = RenderDialogHost();
        Navigation.NavigateTo("/gateways/prod/v1?tab=overrides");
        var cut = RenderDetail();
        Type(cut, "github · v1", """{ "enable_server_info_validation": false }""");

        cut.FindAll(".mud-tab").First(t => t.TextContent.Contains("Servers", StringComparison.Ordinal)).Click();

        Assert.Equal("http://localhost/gateways/prod/v1", Navigation.Uri);
        Assert.DoesNotContain("Discard unsaved changes?", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Attach_IsStagedUntilSave_MarkedOnItsRowAndInTheUnsavedBar()
    {
        var cut = RenderDetail();
        Assert.Empty(cut.FindAll("[data-testid=unsaved-bar]"));

        Stage(cut, TestServers.Stdio("slack", "v2"));

        Assert.Empty(Gateways.ModifyCalls);
        var rows = cut.FindAll("[data-testid=server-row]");
        Assert.Equal(3, rows.Count);
        Assert.Equal("to be attached", rows[2].QuerySelector("[data-testid=staged-mark]")!.TextContent.Trim());
        Assert.Contains("attach slack v2", cut.Find("[data-testid=unsaved-bar]").TextContent, StringComparison.Ordinal);
        Assert.False(cut.Find("button[data-testid=save]").HasAttribute("disabled"));
    }

    [Fact]
    public void Save_StagedAttachDetachAndOverrides_GoOutAsOneChange()
    {
        var dialogs = RenderDialogHost();
        var cut = RenderDetail();

        Stage(cut, TestServers.Stdio("slack", "v2"));
        cut.FindAll("button[data-testid=detach]")[1].Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Detach").Click());
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=staged-mark]").Count));
        OpenTab(cut, "Overrides");
        Assert.Equal(["Common overrides (every server)", "filesystem · v1", "slack · v2"], cut.FindComponents<Stub<JsonEditor>>().Select(e => e.Instance.Parameters.Get(p => p.Label)));
        Type(cut, "filesystem · v1", """{ "enable_server_info_validation": false }""");
        Type(cut, "slack · v2", """{ "tool_guardrails_config": { "enabled": true } }""");
        Assert.Empty(Gateways.ModifyCalls);
        Assert.Contains("detach github v1", cut.Find("[data-testid=unsaved-bar]").TextContent, StringComparison.Ordinal);
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Single(Gateways.ModifyCalls));
        Assert.Equal(
            """{"servers_config":{"servers":[{"saved_name":"filesystem","server_version":"v1","enable_server_info_validation":false},{"saved_name":"github","server_version":"v1","remove":true},{"saved_name":"slack","server_version":"v2","tool_guardrails_config":{"enabled":true}}]}}""",
            Gateways.ModifyCalls[0].Patch.ToJsonString());
        Assert.Equal(4, Gateways.ModifyCalls[0].ExpectedRevision);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=unsaved-bar]")));
        OpenTab(cut, "Servers");
        Assert.Empty(cut.FindAll("[data-testid=staged-mark]"));
        Assert.Equal(["filesystem", "slack"], cut.FindAll("[data-testid=server-row] td:first-child a").Select(a => a.TextContent));
    }

    [Fact]
    public async Task SaveShortcut_SavesWhatIsStaged()
    {
        var cut = RenderDetail();
        Stage(cut, TestServers.Stdio("slack", "v2"));

        await cut.InvokeAsync(() => cut.FindComponent<SaveShortcut>().Instance.OnSaveShortcut());

        cut.WaitForAssertion(() => Assert.Single(Gateways.ModifyCalls));
        Assert.Equal("""{"servers_config":{"servers":[{"saved_name":"slack","server_version":"v2"}]}}""", Gateways.ModifyCalls[0].Patch.ToJsonString());
    }

    [Fact]
    public void Detach_Staged_CanBeTakenBackAndTheStagedAttachUndone()
    {
        var dialogs = RenderDialogHost();
        var cut = RenderDetail();
        Stage(cut, TestServers.Stdio("slack", "v2"));
        cut.FindAll("button[data-testid=detach]")[0].Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Detach").Click());
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("button[data-testid=undo-staged]").Count));

        cut.FindAll("button[data-testid=undo-staged]")[0].Click();
        cut.FindAll("button[data-testid=undo-staged]")[0].Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=staged-mark]")));
        Assert.Equal(2, cut.FindAll("[data-testid=server-row]").Count);
        Assert.True(cut.Find("button[data-testid=save]").HasAttribute("disabled"));
        Assert.Empty(Gateways.ModifyCalls);
    }

    [Fact]
    public void DestructiveConfirmations_DetachDeleteAndDiscard_AreErrorColoured()
    {
        var dialogs = RenderDialogHost();
        var cut = RenderDetail();

        cut.FindAll("button[data-testid=detach]")[0].Click();
        dialogs.WaitForAssertion(() => Assert.Contains("mud-button-filled-error", dialogs.Find("[data-testid=confirm-yes]").ClassName, StringComparison.Ordinal));
        Assert.Equal("Detach", dialogs.Find("[data-testid=confirm-yes]").TextContent.Trim());
        dialogs.Find("[data-testid=confirm-yes]").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("button[data-testid=discard]")));

        cut.Find("button[data-testid=discard]").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("Discard changes", dialogs.Find("[data-testid=confirm-yes]").TextContent.Trim()));
        Assert.Contains("mud-button-filled-error", dialogs.Find("[data-testid=confirm-yes]").ClassName, StringComparison.Ordinal);
        dialogs.Find("[data-testid=confirm-yes]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=staged-mark]")));

        cut.Find("button[data-testid=delete]").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("Delete", dialogs.Find("[data-testid=confirm-yes]").TextContent.Trim()));
        Assert.Contains("mud-button-filled-error", dialogs.Find("[data-testid=confirm-yes]").ClassName, StringComparison.Ordinal);
        Assert.Empty(Gateways.ModifyCalls);
    }

    [Fact]
    public void ServersTab_ShowsTheCommonOverridesAndEachServersOwnInShortForm()
    {
        Gateways.Stored[0] = TestGateways.Apply(Gateways.Stored[0], Patch(servers: new JsonObject
        {
            ["saved_name"] = "github",
            ["server_version"] = "v1",
            ["input_guardrails_config"] = new JsonObject { ["enabled"] = true, ["guardrail_name"] = "strict", ["block"] = new JsonArray("pii", "toxicity") },
        }));

        var cut = RenderDetail();

        Assert.Equal("Server-info validation: on", cut.Find("[data-testid=common-override]").TextContent.Trim());
        var github = cut.FindAll("[data-testid=server-row]")[1];
        Assert.Equal("Input guardrails: strict · 2 detectors · enabled", github.QuerySelector("[data-testid=server-override]")!.TextContent.Trim());
    }

    [Fact]
    public void ServersTab_ServerWithAChangeAwaitingReview_HasAPendingChipLinkingItsReview()
    {
        Gateways.Configs[Prod] = TestGateways.ConfigOf(Gateways.Stored[0],
        [
            TestGateways.Expanded("filesystem", []) with { ReviewStatus = "pending", ServedRevision = 2 },
            TestGateways.Expanded("github", []),
        ]);

        var cut = RenderDetail();

        var rows = cut.FindAll("[data-testid=server-row]");
        var chip = rows[0].QuerySelector("[data-testid=pending-chip]")!;
        Assert.Equal("approved · change pending", chip.TextContent.Trim());
        Assert.Equal("/reviews/filesystem/v1", chip.GetAttribute("href") ?? chip.QuerySelector("a")?.GetAttribute("href"));
        Assert.Null(rows[1].QuerySelector("[data-testid=pending-chip]"));
    }

    [Fact]
    public void ExpandedConfig_OverriddenKeysAreMarkedInsideTheEditor()
    {
        Gateways.Configs[Prod] = TestGateways.ConfigOf(Gateways.Stored[0],
        [
            TestGateways.Expanded("filesystem", new JsonObject { ["enable_server_info_validation"] = true }, new Dictionary<string, string>
            {
                ["enable_server_info_validation"] = "common_overrides",
                ["input_guardrails_config"] = "gateway_overrides",
            }),
        ]);
        Navigation.NavigateTo("/gateways/prod/v1?tab=config");

        var cut = RenderDetail();

        var highlights = cut.FindComponents<Stub<JsonEditor>>().Single().Instance.Parameters.Get(e => e.Highlights)!;
        Assert.Equal(
        [
            new JsonHighlight("enable_server_info_validation", "Server-info validation ← common override", "common"),
            new JsonHighlight("input_guardrails_config", "Input guardrails ← per-server override", "server"),
        ], highlights);
    }

    private static void OpenTab(IRenderedComponent<GatewayDetail> cut, string name) =>
        cut.FindAll(".mud-tab").First(t => t.TextContent.Contains(name, StringComparison.Ordinal)).Click();

    private static void Stage(IRenderedComponent<GatewayDetail> cut, ServerDto server)
    {
        var picker = cut.FindComponent<MudAutocomplete<ServerDto>>();
        cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(server)).GetAwaiter().GetResult();
        cut.Find("button[data-testid=attach]").Click();
    }

    private IRenderedComponent<GatewayDetail> RenderDetail(string name = "prod", string version = "v1") =>
        Render<GatewayDetail>(p => p.Add(d => d.Name, name).Add(d => d.Version, version));

    private static CapturedParameterView<JsonEditor> Editor(IRenderedComponent<GatewayDetail> cut, string label) =>
        cut.FindComponents<Stub<JsonEditor>>().Single(s => s.Instance.Parameters.Get(e => e.Label) == label).Instance.Parameters;

    private static void Type(IRenderedComponent<GatewayDetail> cut, string label, string text) =>
        cut.InvokeAsync(() => Editor(cut, label).Get(e => e.ValueChanged).InvokeAsync(text)).GetAwaiter().GetResult();

    private static JsonObject Patch(JsonObject servers) =>
        new() { ["servers_config"] = new JsonObject { ["servers"] = new JsonArray(servers) } };
}
