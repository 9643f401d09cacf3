using Bunit;
using Bunit.TestDoubles;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components.Shared;

public sealed class ServerHistoryTests : ConsoleTestContext
{
    public ServerHistoryTests()
    {
        ComponentFactories.AddStub<JsonDiffViewer>();
    }

    [Fact]
    public void ServerHistory_WhileLoading_ShowsProgress()
    {
        Audit.Gate = new TaskCompletionSource();

        var cut = RenderHistory();

        Assert.NotNull(cut.Find("[data-testid=history-loading]"));
        Audit.Gate.SetResult();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=history-loading]")));
    }

    [Fact]
    public void ServerHistory_NoEvents_SaysWhatWillAppear()
    {
        var cut = RenderHistory();

        Assert.Contains("No recorded changes yet", cut.Find("[data-testid=history-empty]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerHistory_ServiceError_ShowsIt()
    {
        Audit.HistoryError = Error.NotFound("MCP registry server 'filesystem' version 'v1' not found");

        var cut = RenderHistory();

        Assert.Contains("not found", cut.Find("[data-testid=history-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerHistory_Events_InServiceOrderAndExpandToTheirDiff()
    {
        Audit.History.Add(new ServerHistoryEntryDto(5, "server.approve", "carol", new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc), FakeAuditService.Changes(("review_status", "pending", "approved")), "ok"));
        Audit.History.Add(new ServerHistoryEntryDto(4, "server.modify", "bob", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), FakeAuditService.Changes(("mcp_config.config.args", null, "[\"-y\"]")), null));

        var cut = RenderHistory();

        var entries = cut.FindAll("[data-testid=history-entry]");
        Assert.Equal(2, entries.Count);
        Assert.Contains("server.approve", entries[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("carol", entries[0].TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindComponents<Stub<JsonDiffViewer>>());

        cut.FindAll("[data-testid=history-entry] .mud-expand-panel-header")[1].Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindComponents<Stub<JsonDiffViewer>>()));
        Assert.Contains("mcp_config.config.args", cut.FindComponent<Stub<JsonDiffViewer>>().Instance.Parameters.Get(d => d.Modified), StringComparison.Ordinal);
        Assert.Equal(new ServerKey("filesystem", "v1"), Audit.HistoryCalls[0].Key);
    }

    [Fact]
    public void ServerHistory_MoreThanOnePage_LoadsOlderOnRequest()
    {
        for (var i = 0; i < ServerHistory.PageSize + 5; i++)
        {
            Audit.History.Add(new ServerHistoryEntryDto(i, "server.modify", "bob", DateTime.UnixEpoch.AddDays(-i), [], null));
        }

        var cut = RenderHistory();
        Assert.Equal(ServerHistory.PageSize, cut.FindAll("[data-testid=history-entry]").Count);

        cut.Find("button[data-testid=history-more]").Click();

        cut.WaitForAssertion(() => Assert.Equal(ServerHistory.PageSize + 5, cut.FindAll("[data-testid=history-entry]").Count));
        Assert.Equal(2, Audit.HistoryCalls[^1].Page.Page);
        Assert.Empty(cut.FindAll("[data-testid=history-more]"));
    }

    private IRenderedComponent<ServerHistory> RenderHistory() =>
        Render<ServerHistory>(p => p.Add(h => h.SavedName, "filesystem").Add(h => h.Version, "v1"));
}
