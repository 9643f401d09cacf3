using System.Text.Json.Nodes;
using Bunit;
using Bunit.TestDoubles;
using RegistryConsole.Components.Pages.Gateways;
using RegistryConsole.Components.Pages.Reviews;
using RegistryConsole.Components.Pages.Servers;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components.Pages;

/// <summary>
/// Issue 13 item 8 beyond the badge and the servers grid: the review queue, server detail and gateway detail follow a
/// decision, change or restore committed by someone else, and a gateway draft with unsaved edits is never thrown away.
/// </summary>
public sealed class LivePagesTests : ConsoleTestContext
{
    /// <summary>The listener's delay plus a busy machine's scheduling: generous, since a pass comes as soon as the render does.</summary>
    private static readonly TimeSpan AfterChange = TimeSpan.FromSeconds(10);

    private static readonly GatewayKey Prod = new("prod", "v1");

    private static readonly ServerKey Filesystem = new("filesystem", "v1");

    public LivePagesTests() => ComponentFactories.AddStub<JsonEditor>();

    [Fact]
    public void ReviewQueue_ApprovedElsewhere_RowLeavesTheQueueAndTheCountDrops()
    {
        Reviews.Pending.Add(TestServers.Stdio("filesystem"));
        Reviews.Pending.Add(TestServers.Stdio("github"));
        var cut = Render<ReviewQueue>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr.mud-table-row").Count));

        // Another reviewer approves filesystem: their commit publishes the registry scope.
        Reviews.Pending.RemoveAt(0);
        Changes.Publish(ChangeStamp.Registry);

        cut.WaitForAssertion(() =>
        {
            var row = Assert.Single(cut.FindAll("tbody tr.mud-table-row"));
            Assert.Contains("github", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("1 pending", cut.Find("[data-testid=pending-count]").TextContent, StringComparison.Ordinal);
        }, AfterChange);
        Assert.Equal("http://localhost/", Navigation.Uri);
    }

    [Fact]
    public void ServerDetail_ApprovedElsewhere_BannerAndDecisionGo_StatusChipFollows()
    {
        PendingChangeToRevision2();
        SignInAs(Role.Reviewer);
        var cut = RenderServer();
        Assert.NotNull(cut.Find("[data-testid=decision]"));

        Servers.Stored[0] = Servers.Stored[0] with { ReviewStatus = ReviewStatuses.Approved, ApprovedRevision = 3, ReviewedBy = "Other Reviewer" };
        Changes.Publish(ChangeStamp.Registry);

        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-testid=pending-banner]"));
            Assert.Empty(cut.FindAll("[data-testid=decision]"));
            Assert.Contains("approved", cut.Find("[data-testid=review-status]").TextContent, StringComparison.Ordinal);
        }, AfterChange);
        Assert.Empty(cut.FindAll("[data-testid=revised-elsewhere]"));
        Assert.Empty(Reviews.ReviewCalls);
    }

    [Fact]
    public void ServerDetail_RevisedElsewhere_ShowsTheNewRevisionSaysSo_AndKeepsTheTypedNote()
    {
        PendingChangeToRevision2();
        SignInAs(Role.Reviewer);
        var cut = RenderServer();
        cut.Find("[data-testid=decision] textarea[data-testid=note]").Change("looks fine to me");

        Servers.Stored[0] = Servers.Stored[0] with { Revision = 4, UpdatedBy = "Other Editor" };
        Changes.Publish(ChangeStamp.Registry);

        cut.WaitForAssertion(() =>
            Assert.Equal("Revision 4 awaits review; gateways serve revision 2.", cut.Find("[data-testid=pending-banner-text]").TextContent), AfterChange);
        Assert.Contains("Revision 4 was saved by Other Editor", cut.Find("[data-testid=revised-elsewhere]").TextContent, StringComparison.Ordinal);
        Assert.Equal("looks fine to me", cut.Find("[data-testid=decision] textarea[data-testid=note]").GetAttribute("value"));

        // A decision now names the revision on screen.
        cut.Find("[data-testid=decision] button[data-testid=approve]").Click();
        cut.WaitForAssertion(() => Assert.Equal(4, Assert.Single(Reviews.ReviewCalls).ExpectedRevision));
    }

    [Fact]
    public void GatewayDetail_ServerApprovedElsewhere_PendingChipGoes()
    {
        Gateways.Stored.Add(TestGateways.With("prod", "v1", true, "filesystem", "github"));
        ServeFilesystem(ReviewStatuses.Pending);
        var cut = RenderGateway();
        Assert.NotNull(cut.FindAll("[data-testid=server-row]")[0].QuerySelector("[data-testid=pending-chip]"));

        ServeFilesystem(ReviewStatuses.Approved);
        Changes.Publish(ChangeStamp.Registry);

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=pending-chip]")), AfterChange);
        Assert.Empty(cut.FindAll("[data-testid=changed-elsewhere]"));
    }

    [Fact]
    public void GatewayDetail_CleanDraft_SavedElsewhere_TakesTheirVersion()
    {
        Gateways.Stored.Add(TestGateways.With("prod", "v1", true, "filesystem", "github"));
        var cut = RenderGateway();

        Gateways.Stored[0] = Gateways.Stored[0] with { Revision = 5, Description = "their description" };
        Changes.Publish(ChangeStamp.Registry);

        cut.WaitForAssertion(() => Assert.Contains("their description", cut.Markup, StringComparison.Ordinal), AfterChange);
        Assert.Contains("revision 5", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=changed-elsewhere]"));
    }

    [Fact]
    public async Task GatewayDetail_DirtyDraft_SavedElsewhere_KeepsTheEdits_ChipFollows_HintOffersReload()
    {
        Gateways.Stored.Add(TestGateways.With("prod", "v1", true, "filesystem", "github"));
        ServeFilesystem(ReviewStatuses.Pending);
        Navigation.NavigateTo("/gateways/prod/v1?tab=overrides");
        var cut = RenderGateway();
        const string typed = """{ "enable_server_info_validation": false }""";
        await cut.InvokeAsync(() => Editor(cut, "filesystem · v1").Get(e => e.ValueChanged).InvokeAsync(typed));

        Gateways.Stored[0] = Gateways.Stored[0] with { Revision = 5, Description = "their description" };
        ServeFilesystem(ReviewStatuses.Approved);
        Changes.Publish(ChangeStamp.Registry);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=changed-elsewhere]")), AfterChange);
        Assert.Equal(typed, Editor(cut, "filesystem · v1").Get(e => e.Value));
        Assert.NotNull(cut.Find("[data-testid=unsaved-bar]"));
        Assert.DoesNotContain("their description", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=pending-chip]"));

        // Reloading is the person's choice, and it takes their version.
        cut.Find("button[data-testid=reload-elsewhere]").Click();
        cut.WaitForAssertion(() => Assert.Contains("their description", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=changed-elsewhere]"));
        Assert.Equal("{}", Editor(cut, "filesystem · v1").Get(e => e.Value));
    }

    [Fact]
    public async Task Pages_Disposed_Unsubscribe()
    {
        Reviews.Pending.Add(TestServers.Stdio("filesystem"));
        Servers.Stored.Add(TestServers.Stdio("filesystem"));
        Gateways.Stored.Add(TestGateways.With("prod", "v1", true, "filesystem"));
        Render<ReviewQueue>();
        RenderServer();
        RenderGateway();
        Assert.Equal(3, Changes.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, Changes.SubscriberCount);
    }

    /// <summary>filesystem v1 at revision 3 awaits review while revision 2 is served.</summary>
    private void PendingChangeToRevision2()
    {
        Servers.Stored.Add(TestServers.Stdio("filesystem") with { ApprovedRevision = 2 });
        Reviews.Reviews[Filesystem] = new ServerReviewDto
        {
            Server = Servers.Stored[0],
            Served = new JsonObject { ["mcp_config"] = Servers.Stored[0].McpConfig.DeepClone() },
            ServedRevision = 2,
            Pending = new JsonObject { ["mcp_config"] = Servers.Stored[0].McpConfig.DeepClone() },
            Findings = [],
        };
    }

    private void ServeFilesystem(string status) => Gateways.Configs[Prod] = TestGateways.ConfigOf(Gateways.Stored[0],
    [
        TestGateways.Expanded("filesystem", []) with { ReviewStatus = status, ServedRevision = 2 },
        TestGateways.Expanded("github", []),
    ]);

    private IRenderedComponent<ServerDetail> RenderServer() =>
        Render<ServerDetail>(p => p.Add(d => d.SavedName, "filesystem").Add(d => d.Version, "v1"));

    private IRenderedComponent<GatewayDetail> RenderGateway() =>
        Render<GatewayDetail>(p => p.Add(d => d.Name, "prod").Add(d => d.Version, "v1"));

    private static CapturedParameterView<JsonEditor> Editor(IRenderedComponent<GatewayDetail> cut, string label) =>
        cut.FindComponents<Stub<JsonEditor>>().Single(s => s.Instance.Parameters.Get(e => e.Label) == label).Instance.Parameters;
}
