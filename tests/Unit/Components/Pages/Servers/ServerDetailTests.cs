using RegistryConsole.Core.Servers;
using System.Text.Json.Nodes;
using Bunit;
using Bunit.TestDoubles;
using RegistryConsole.Components.Pages.Servers;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;

namespace RegistryConsole.Tests.Unit.Components.Pages.Servers;

public sealed class ServerDetailTests : ConsoleTestContext
{
    public ServerDetailTests()
    {
        ComponentFactories.AddStub<JsonEditor>();
        Servers.Stored.Add(TestServers.Stdio("filesystem"));
    }

    [Fact]
    public void ServerDetail_WhileLoading_ShowsProgress()
    {
        Servers.GetGate = new TaskCompletionSource();

        var cut = RenderDetail("filesystem");

        Assert.NotNull(cut.Find("[data-testid=loading]"));
        Servers.GetGate.SetResult();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=loading]")));
    }

    [Fact]
    public void ServerDetail_UnknownServer_SaysSo()
    {
        var cut = RenderDetail("nope");

        Assert.Contains("'nope' version 'v1' not found", cut.Find("[data-testid=load-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerDetail_ServiceFails_ShowsTheError()
    {
        Servers.GetError = Error.Forbidden("The 'runtime' role may not perform this action");

        var cut = RenderDetail("filesystem");

        Assert.Contains("may not perform this action", cut.Find("[data-testid=load-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerDetail_Editor_SeesHeaderChipsAndActions()
    {
        var cut = RenderDetail("filesystem");

        Assert.Equal("filesystem", cut.Find("h1").TextContent);
        Assert.Contains("pending", cut.Find("[data-testid=review-status]").TextContent, StringComparison.Ordinal);
        Assert.Contains("active", cut.Find("[data-testid=active-chip]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=edit]"));
        Assert.NotNull(cut.Find("[data-testid=delete]"));
        Assert.Empty(cut.FindAll("[data-testid=restore]"));
    }

    [Fact]
    public void ServerDetail_Viewer_SeesNoActions()
    {
        SignInAs(Role.Viewer);

        var cut = RenderDetail("filesystem");

        Assert.Empty(cut.FindAll("[data-testid=edit]"));
        Assert.Empty(cut.FindAll("[data-testid=delete]"));
        Assert.Empty(cut.FindAll("[data-testid=restore]"));
    }

    [Fact]
    public void ServerDetail_Reviewer_SeesNoWriteActions()
    {
        SignInAs(Role.Reviewer);

        var cut = RenderDetail("filesystem");

        Assert.Empty(cut.FindAll("[data-testid=edit]"));
        Assert.Empty(cut.FindAll("[data-testid=delete]"));
    }

    [Fact]
    public void ServerDetail_ConfigurationTab_OneReadOnlyEditorPerSectionSet()
    {
        Navigation.NavigateTo("/servers/filesystem/v1?tab=configuration");

        var cut = RenderDetail("filesystem");

        var editors = cut.FindComponents<Stub<JsonEditor>>().Select(s => s.Instance.Parameters).ToList();
        Assert.Equal(["Config", "Tools", "Denied tools", "Input guardrails"], editors.Select(p => p.Get(e => e.Label)));
        Assert.All(editors, p => Assert.True(p.Get(e => e.ReadOnly)));
        Assert.Contains("\"GITHUB_TOKEN\": \"********\"", editors[0].Get(e => e.Value), StringComparison.Ordinal);
        Assert.Contains("on", cut.Find("[data-testid=server-info-validation]").TextContent, StringComparison.Ordinal);
        Assert.Contains("not set", cut.Find("[data-testid=configuration]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerDetail_GatewaysTab_ListsGatewaysWithOverrides()
    {
        Servers.Gateways.Add(Gateway("prod-gateway", new JsonObject { ["enable_server_info_validation"] = false }));
        Navigation.NavigateTo("/servers/filesystem/v1?tab=gateways");

        var cut = RenderDetail("filesystem");

        var table = cut.Find("[data-testid=gateways]").TextContent;
        Assert.Contains("prod-gateway", table, StringComparison.Ordinal);
        // Issue 13 item 1: readable key names and short values instead of raw one-line JSON.
        Assert.Contains("Server-info validation", table, StringComparison.Ordinal);
        var validation = cut.Find("[data-testid=gateway-row] [data-testid=key-enable_server_info_validation]").TextContent;
        Assert.Contains("off", validation, StringComparison.Ordinal);
        Assert.Contains("per-server override", validation, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerDetail_GatewaysTab_ShowsEachKeyInShortFormWithItsSourceAndWhetherItIsServed()
    {
        Servers.Stored[0] = Servers.Stored[0] with { ApprovedRevision = 2 };
        var common = new JsonObject
        {
            ["input_guardrails_config"] = new JsonObject { ["enabled"] = true, ["guardrail_name"] = "prod-strict-input", ["block"] = new JsonArray("pii", "nsfw", "bias", "toxicity", "injection_attack") },
        };
        Servers.Gateways.Add(Gateway("prod-gateway", new JsonObject()) with { CommonOverrides = common });
        Servers.Gateways.Add(Gateway("old-gateway", new JsonObject()) with { IsActive = false });
        Navigation.NavigateTo("/servers/filesystem/v1?tab=gateways");

        var cut = RenderDetail("filesystem");

        var rows = cut.FindAll("[data-testid=gateway-row]");
        var input = rows[0].QuerySelector("[data-testid=key-input_guardrails_config]")!.TextContent;
        Assert.Contains("prod-strict-input · 5 detectors · enabled", input, StringComparison.Ordinal);
        Assert.Contains("common override", input, StringComparison.Ordinal);
        Assert.Contains("base · 1 detector · enabled", rows[1].QuerySelector("[data-testid=key-input_guardrails_config]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("registry", rows[1].QuerySelector("[data-testid=key-input_guardrails_config]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("not set", rows[0].QuerySelector("[data-testid=key-output_guardrails_config]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("yes · active, revision 2", rows[0].QuerySelector("[data-testid=serves-now]")!.TextContent);
        Assert.Equal("no: the gateway is deleted", rows[1].QuerySelector("[data-testid=serves-now]")!.TextContent);
    }

    [Fact]
    public void ServerDetail_GatewaysTab_ShowsTheEffectiveConfigEachGatewayServesMasked()
    {
        Servers.Gateways.Add(Gateway("prod-gateway", new JsonObject { ["enable_server_info_validation"] = false }));
        Gateways.Expanded[new ServerKey("filesystem", "v1")] = new Dictionary<string, ExpandedServerDto>
        {
            ["prod-gateway-id"] = new ExpandedServerDto
            {
                SavedName = "filesystem",
                ServerVersion = "v1",
                RegistryId = "r1",
                IsActive = true,
                ReviewStatus = "approved",
                ServedRevision = 4,
                McpConfig = new JsonObject
                {
                    ["config"] = new JsonObject { ["command"] = "npx", ["env"] = new JsonObject { ["API_TOKEN"] = "plain-secret" } },
                    ["enable_server_info_validation"] = false,
                },
                GatewayOverrides = new JsonObject { ["enable_server_info_validation"] = false },
                OverriddenKeys = new Dictionary<string, string> { ["enable_server_info_validation"] = "gateway_overrides" },
            },
        };
        Navigation.NavigateTo("/servers/filesystem/v1?tab=gateways");

        var cut = RenderDetail("filesystem");

        cut.WaitForAssertion(() => Assert.Contains("revision 4", cut.Find("[data-testid=effective-config-meta]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Server-info validation ← per-server override", cut.Find("[data-testid=effective-config-meta]").TextContent, StringComparison.Ordinal);
        var effective = cut.FindComponents<Stub<JsonEditor>>().Select(s => s.Instance.Parameters).Single(p => p.Get(e => e.Label) == "Effective mcp_config");
        Assert.Contains("\"API_TOKEN\": \"********\"", effective.Get(e => e.Value), StringComparison.Ordinal);
        Assert.DoesNotContain("plain-secret", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerDetail_GatewaysTab_EffectiveConfigMarksTheOverriddenKeysInsideTheEditor()
    {
        Servers.Gateways.Add(Gateway("prod-gateway", new JsonObject { ["enable_server_info_validation"] = false }));
        Gateways.Expanded[new ServerKey("filesystem", "v1")] = new Dictionary<string, ExpandedServerDto>
        {
            ["prod-gateway-id"] = new ExpandedServerDto
            {
                SavedName = "filesystem",
                ServerVersion = "v1",
                RegistryId = "r1",
                IsActive = true,
                ReviewStatus = "approved",
                ServedRevision = 4,
                McpConfig = new JsonObject { ["enable_server_info_validation"] = false, ["input_guardrails_config"] = new JsonObject { ["enabled"] = true } },
                GatewayOverrides = new JsonObject { ["enable_server_info_validation"] = false },
                OverriddenKeys = new Dictionary<string, string>
                {
                    ["enable_server_info_validation"] = "gateway_overrides",
                    ["input_guardrails_config"] = "common_overrides",
                },
            },
        };
        Navigation.NavigateTo("/servers/filesystem/v1?tab=gateways");

        var cut = RenderDetail("filesystem");

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=effective-config-meta]")));
        var effective = cut.FindComponents<Stub<JsonEditor>>().Select(s => s.Instance.Parameters).Single(p => p.Get(e => e.Label) == "Effective mcp_config");
        Assert.Equal(
        [
            new JsonHighlight("enable_server_info_validation", "Server-info validation ← per-server override", "server"),
            new JsonHighlight("input_guardrails_config", "Input guardrails ← common override", "common"),
        ], effective.Get(e => e.Highlights));
    }

    [Fact]
    public void ServerDetail_GatewaysTabWithoutGateways_SaysNoneYet()
    {
        Navigation.NavigateTo("/servers/filesystem/v1?tab=gateways");

        var cut = RenderDetail("filesystem");

        Assert.NotNull(cut.Find("[data-testid=no-gateways]"));
    }

    [Fact]
    public void Delete_Confirmed_NamesAffectedGatewaysAndDeletesAtTheReadRevision()
    {
        Servers.Gateways.Add(Gateway("prod-gateway", []));
        Servers.Gateways.Add(Gateway("staging-gateway", []));
        var dialogs = RenderDialogHost();
        var cut = RenderDetail("filesystem");

        cut.Find("[data-testid=delete] button, button[data-testid=delete]").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=affected-gateways]")));
        var affected = dialogs.Find("[data-testid=affected-gateways]").TextContent;
        dialogs.Find("button[data-testid=confirm-delete]").Click();

        Assert.Contains("prod-gateway v1", affected, StringComparison.Ordinal);
        Assert.Contains("staging-gateway v1", affected, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Single(Servers.DeleteCalls));
        Assert.Equal(3, Servers.DeleteCalls[0].ExpectedRevision);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=restore]")));
    }

    [Fact]
    public void Delete_Cancelled_DeletesNothing()
    {
        var dialogs = RenderDialogHost();
        var cut = RenderDetail("filesystem");

        cut.Find("button[data-testid=delete]").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=no-gateways-affected]")));
        dialogs.FindAll("button").First(b => b.TextContent.Contains("Cancel", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=no-gateways-affected]")));
        Assert.Empty(Servers.DeleteCalls);
    }

    [Fact]
    public void Delete_ChangedMeanwhile_OffersReloadInsteadOfDeleting()
    {
        Servers.OnDelete = (key, _) => Error.PreconditionFailed($"{key} has changed since it was read (revision 4); read it again");
        var dialogs = RenderDialogHost();
        var cut = RenderDetail("filesystem");

        cut.Find("button[data-testid=delete]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("button[data-testid=confirm-delete]").Click());

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=concurrency-alert]")));
        Assert.NotNull(cut.Find("[data-testid=active-chip]"));
    }

    [Fact]
    public void Restore_DeletedServer_SendsIsActiveTrueAtTheReadRevision()
    {
        Servers.Stored[0] = TestServers.Stdio("filesystem", active: false);
        var cut = RenderDetail("filesystem");

        cut.Find("button[data-testid=restore]").Click();

        cut.WaitForAssertion(() => Assert.Single(Servers.ModifyCalls));
        var (key, patch, revision) = Servers.ModifyCalls[0];
        Assert.Equal("filesystem", key.SavedName);
        Assert.Equal("{\"is_active\":true}", patch.ToJsonString());
        Assert.Equal(3, revision);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=edit]")));
    }

    [Fact]
    public void Pending_ChangeToAnApprovedServer_SaysWhatGatewaysServeAndLinksTheReview()
    {
        ServeRevision2();

        var cut = RenderDetail("filesystem");

        Assert.Equal("Revision 3 awaits review; gateways serve revision 2.", cut.Find("[data-testid=pending-banner-text]").TextContent);
        Assert.Equal("/reviews/filesystem/v1", cut.Find("[data-testid=review-link]").GetAttribute("href"));
    }

    [Fact]
    public void Pending_NeverApproved_SaysNothingIsServedAndHasNoToggle()
    {
        var cut = RenderDetail("filesystem");

        Assert.Equal("Revision 3 awaits review; nothing is served until it is approved.", cut.Find("[data-testid=pending-banner-text]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=served-toggle]"));
    }

    [Fact]
    public void Approved_ShowsNoBanner()
    {
        Servers.Stored[0] = Servers.Stored[0] with { ReviewStatus = ReviewStatuses.Approved, ApprovedRevision = 3 };

        var cut = RenderDetail("filesystem");

        Assert.Empty(cut.FindAll("[data-testid=pending-banner]"));
    }

    [Fact]
    public void Toggle_ShowsTheServedConfigurationThenThePendingOneAgain()
    {
        ServeRevision2();
        Navigation.NavigateTo("/servers/filesystem/v1?tab=configuration");
        var cut = RenderDetail("filesystem");

        cut.Find("button[data-testid=show-served]").Click();

        Assert.NotNull(cut.Find("[data-testid=showing-served]"));
        Assert.Contains("push_files", DeniedToolsEditorText(cut), StringComparison.Ordinal);
        cut.Find("button[data-testid=show-pending]").Click();
        Assert.Contains("delete_*", DeniedToolsEditorText(cut), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=showing-served]"));
    }

    [Fact]
    public void Reviewer_ApprovesFromTheDetailPage_WithTheReadRevision()
    {
        ServeRevision2();
        SignInAs(Role.Reviewer);
        Reviews.OnReview = (key, _, _) => Servers.Stored[0] with { ReviewStatus = ReviewStatuses.Approved, ApprovedRevision = 3 };
        var cut = RenderDetail("filesystem");

        cut.Find("[data-testid=decision] button[data-testid=approve]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=pending-banner]")));
        var call = Assert.Single(Reviews.ReviewCalls);
        Assert.Equal((new ServerKey("filesystem", "v1"), "approve", 3), (call.Key, (string?)call.Body["decision"], call.ExpectedRevision));
        Assert.Contains("approved", cut.Find("[data-testid=review-status]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Reviewer_OwnChange_DecisionDisabledWithTheReason()
    {
        ServeRevision2(ownChange: true);
        SignInAs(Role.Reviewer);

        var cut = RenderDetail("filesystem");

        Assert.True(cut.Find("[data-testid=decision] button[data-testid=approve]").HasAttribute("disabled"));
        Assert.NotNull(cut.Find("[data-testid=own-change]"));
    }

    [Fact]
    public void Editor_SeesNoDecision()
    {
        ServeRevision2();

        var cut = RenderDetail("filesystem");

        Assert.Empty(cut.FindAll("[data-testid=decision]"));
        Assert.NotNull(cut.Find("[data-testid=pending-banner]"));
    }

    [Fact]
    public void VersionSwitcher_ListsTheOtherVersionsOfThisNameOnly()
    {
        Servers.Stored.Add(TestServers.Stdio("filesystem", "v2", review: ReviewStatuses.Approved));
        Servers.Stored.Add(TestServers.Stdio("filesystem", "v0", active: false));
        Servers.Stored.Add(TestServers.Stdio("filesystem-extra", "v1"));
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var cut = RenderDetail("filesystem");

        cut.Find("[data-testid=version-switcher] .mud-menu-activator").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        popovers.WaitForAssertion(() => Assert.Equal(3, popovers.FindAll("[data-testid=version-option]").Count));
        var options = popovers.FindAll("[data-testid=version-option]");
        Assert.Contains("v0", options[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("deleted", options[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("/servers/filesystem/v2", options[2].GetAttribute("href"));
    }

    [Fact]
    public void VersionSwitcher_OneVersion_IsAPlainChip()
    {
        var cut = RenderDetail("filesystem");

        Assert.Empty(cut.FindAll("[data-testid=version-chip]"));
    }

    private void ServeRevision2(bool ownChange = false)
    {
        Servers.Stored[0] = Servers.Stored[0] with { ApprovedRevision = 2 };
        var served = (JsonObject)Servers.Stored[0].McpConfig.DeepClone();
        served["denied_tools"] = new JsonArray("push_files");
        Reviews.Reviews[new ServerKey("filesystem", "v1")] = new RegistryConsole.Core.Reviews.ServerReviewDto
        {
            Server = Servers.Stored[0],
            Served = new JsonObject { ["mcp_config"] = served },
            ServedRevision = 2,
            Pending = new JsonObject { ["mcp_config"] = Servers.Stored[0].McpConfig.DeepClone() },
            Findings = [],
            IsOwnChange = ownChange,
        };
    }

    private static string DeniedToolsEditorText(IRenderedComponent<ServerDetail> cut) =>
        cut.FindComponents<Stub<JsonEditor>>().Select(e => e.Instance.Parameters).Single(p => p.Get(e => e.Label) == "Denied tools").Get(e => e.Value) ?? string.Empty;

    private IRenderedComponent<ServerDetail> RenderDetail(string savedName, string version = "v1") =>
        Render<ServerDetail>(p => p.Add(d => d.SavedName, savedName).Add(d => d.Version, version));

    private static GatewayUsageDto Gateway(string name, JsonObject overrides) => new()
    {
        GatewaySavedName = name,
        GatewayVersion = "v1",
        GatewayId = name + "-id",
        IsActive = true,
        Overrides = overrides,
        CommonOverrides = [],
    };
}
