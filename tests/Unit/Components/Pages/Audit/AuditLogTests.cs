using System.Text.Json.Nodes;
using Bunit;
using Bunit.TestDoubles;
using RegistryConsole.Components.Pages.Audit;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Tests.Unit.Components.Pages.Audit;

public sealed class AuditLogTests : ConsoleTestContext
{
    public AuditLogTests()
    {
        ComponentFactories.AddStub<JsonDiffViewer>();
    }

    [Fact]
    public void AuditLog_WhileLoading_ShowsProgress()
    {
        Audit.Gate = new TaskCompletionSource();

        var cut = Render<AuditLogPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=loading]")));
        Audit.Gate.SetResult();
    }

    [Fact]
    public void AuditLog_Empty_SaysWhatRecordsEvents()
    {
        var cut = Render<AuditLogPage>();

        cut.WaitForAssertion(() => Assert.Contains("Nothing recorded yet", cut.Find("[data-testid=empty-state]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void AuditLog_ServiceError_ShowsTheMessage()
    {
        Audit.ListError = Error.Validation("page", "must be 1 or more");

        var cut = Render<AuditLogPage>();

        cut.WaitForAssertion(() => Assert.Contains("must be 1 or more", cut.Find("[data-testid=load-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void AuditLog_Events_ShowTimeActorChannelActionAndEntity()
    {
        Audit.Events.Add(Event("server.modify", "filesystem"));

        var cut = Render<AuditLogPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr.mud-table-row")));
        var row = cut.Find("tbody tr.mud-table-row").TextContent;
        Assert.Contains("2026-03-04 05:06:07 UTC", row, StringComparison.Ordinal);
        Assert.Contains("alice", row, StringComparison.Ordinal);
        Assert.Contains("api", row, StringComparison.Ordinal);
        Assert.Contains("server.modify", row, StringComparison.Ordinal);
        Assert.Contains("filesystem", row, StringComparison.Ordinal);
    }

    [Fact]
    public void AuditLog_UrlFilters_AreWhatTheServiceIsAskedFor()
    {
        Navigation.NavigateTo("/audit?entity=gateway&actor=alice&action=gateway.modify&search=prod&from=2026-01-01&to=2026-01-31&page=2&per_page=20");

        var cut = Render<AuditLogPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(Audit.ListCalls));
        var query = Audit.ListCalls[0];
        Assert.Equal("gateway", query.EntityType);
        Assert.Equal("alice", query.Actor);
        Assert.Equal("gateway.modify", query.Action);
        Assert.Equal("prod", query.Search);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), query.From);
        Assert.Equal(new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1), query.To);
        Assert.Equal(2, query.Page);
        Assert.Equal(20, query.PerPage);
    }

    [Fact]
    public void AuditLog_ActorFilter_ReloadsFromPageOneAndWritesTheUrl()
    {
        Navigation.NavigateTo("/audit?page=3");
        var cut = Render<AuditLogPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(Audit.ListCalls));

        cut.Find("[data-testid=actor-filter]").Input("bob");

        cut.WaitForAssertion(() => Assert.Equal("bob", Audit.ListCalls[^1].Actor), TimeSpan.FromSeconds(5));
        Assert.Equal(1, Audit.ListCalls[^1].Page);
        cut.WaitForAssertion(() => Assert.Equal("http://localhost/audit?actor=bob", Navigation.Uri));
    }

    [Fact]
    public void AuditLog_ClickingAnEvent_OpensItsDiffAndChangeTable()
    {
        Audit.Events.Add(Event("server.modify", "filesystem"));
        var dialogs = RenderDialogHost();
        var cut = Render<AuditLogPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr.mud-table-row")));

        cut.Find("tbody tr.mud-table-row").Click();

        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=change-table]")));
        Assert.Contains("mcp_config.config.command", dialogs.Find("[data-testid=change-table]").TextContent, StringComparison.Ordinal);
        Assert.Contains("looks fine", dialogs.Find("[data-testid=event-note]").TextContent, StringComparison.Ordinal);
        var diff = dialogs.FindComponent<Stub<JsonDiffViewer>>().Instance.Parameters;
        Assert.Contains("\"mcp_config.config.command\": \"node\"", diff.Get(d => d.Original), StringComparison.Ordinal);
        Assert.Contains("\"mcp_config.config.command\": \"npx\"", diff.Get(d => d.Modified), StringComparison.Ordinal);
        Assert.DoesNotContain("description", diff.Get(d => d.Original), StringComparison.Ordinal);
        Assert.Contains("\"description\": \"new\"", diff.Get(d => d.Modified), StringComparison.Ordinal);
    }

    [Fact]
    public void AuditListState_UnknownValues_FallBackToDefaults()
    {
        var state = AuditListState.FromQuery(-2, 0, "planet", " ", "", null, "yesterday", "2026-13-40");

        Assert.Equal(AuditListState.Default, state);
        Assert.All(state.ToQuery().Values, Assert.Null);
    }

    private static AuditEventDto Event(string action, string name) => new()
    {
        Id = Guid.NewGuid().ToString(),
        At = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc),
        Actor = "alice",
        Channel = "api",
        Action = action,
        EntityType = AuditEntities.Server,
        EntityId = "server-1",
        EntityName = name,
        Revision = 4,
        Changes = FakeAuditService.Changes(("mcp_config.config.command", "node", "npx"), ("description", null, "new")),
        Note = "looks fine",
    };
}
