using System.Text.Json.Nodes;
using Bunit;
using Bunit.TestDoubles;
using MudBlazor;
using RegistryConsole.Core.Access;
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

        // Issue 13 item 7: the actor filter is an autocomplete; picking (or entering) a name applies it.
        var actor = cut.FindComponent<MudAutocomplete<string>>();
        cut.InvokeAsync(() => actor.Instance.ValueChanged.InvokeAsync("bob"));

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

    [Fact]
    public async Task AuditLog_ActorFilter_SuggestsTheDistinctActorsContainingTheText()
    {
        Audit.Events.Add(Event("server.modify", "fs@v1"));
        Audit.Events.Add(Event("server.add", "gh@v1") with { Actor = "Alice Admin" });
        Audit.Events.Add(Event("server.add", "gl@v1") with { Actor = "bob" });
        var cut = Render<AuditLogPage>();
        var actor = cut.FindComponent<MudAutocomplete<string>>();

        var pending = actor.Instance.SearchFunc!("ali", Ct);
        Assert.NotNull(pending);
        var found = await pending;

        Assert.Equal(["Alice Admin", "alice"], found);
        Assert.Equal("ali", Audit.ActorSearches[^1]);
    }

    [Theory]
    [InlineData(Role.Admin, AuditEntities.Server, "filesystem@v1", "/servers/filesystem/v1")]
    [InlineData(Role.Viewer, AuditEntities.Gateway, "prod@2.0.1", "/gateways/prod/2.0.1")]
    [InlineData(Role.Admin, AuditEntities.User, "carol@example.com", "/users")]
    [InlineData(Role.Viewer, AuditEntities.User, "carol@example.com", null)]
    [InlineData(Role.Admin, AuditEntities.ApiKey, "ci-key", "/api-keys")]
    [InlineData(Role.Viewer, AuditEntities.Settings, "default", "/settings")]
    public void AuditLog_EntityName_LinksToTheEntity(Role role, string entityType, string entityName, string? href)
    {
        SignInAs(role);
        Audit.Events.Add(Event("x.modify", entityName) with { EntityType = entityType });

        var cut = Render<AuditLogPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr.mud-table-row")));
        var link = cut.FindAll("tbody tr.mud-table-row [data-testid=entity-link]").SingleOrDefault();
        Assert.Equal(href, link?.GetAttribute("href"));
        Assert.Contains(entityName, cut.Find("tbody tr.mud-table-row").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AuditLog_ClickingTheEntityLink_DoesNotOpenTheEventDialog()
    {
        Audit.Events.Add(Event("server.modify", "filesystem@v1"));
        var dialogs = RenderDialogHost();
        var cut = Render<AuditLogPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr.mud-table-row")));

        cut.Find("[data-testid=entity-link]").Click();

        Assert.Equal("http://localhost/servers/filesystem/v1", Navigation.Uri);
        Assert.Empty(dialogs.FindAll("[data-testid=change-table]"));
    }

    [Fact]
    public void AuditLog_TimeRange_IsTypedInTheBrowsersZoneAndSentAsUtc()
    {
        JSInterop.Setup<string?>("registryConsole.timeZone").SetResult("Europe/Berlin");
        Audit.Events.Add(Event("server.modify", "filesystem@v1"));
        Navigation.NavigateTo("/audit");
        var cut = Render<AuditLogPage>();
        cut.WaitForAssertion(() => Assert.Contains("Europe/Berlin", cut.Find("[data-testid=time-zone]").TextContent, StringComparison.Ordinal));
        Assert.Contains("2026-03-04 06:06:07 UTC+01:00", cut.Find("tbody tr.mud-table-row").TextContent, StringComparison.Ordinal);

        cut.Find("input[data-testid=from-filter], [data-testid=from-filter] input").Change("2026-03-04T10:30");
        cut.WaitForAssertion(() => Assert.Equal(new DateTime(2026, 3, 4, 9, 30, 0, DateTimeKind.Utc), Audit.ListCalls[^1].From));
        cut.Find("input[data-testid=to-filter], [data-testid=to-filter] input").Change("2026-07-01T00:15");

        cut.WaitForAssertion(() => Assert.Equal(new DateTime(2026, 6, 30, 22, 16, 0, DateTimeKind.Utc).AddTicks(-1), Audit.ListCalls[^1].To));
        Assert.Equal(new DateTime(2026, 3, 4, 9, 30, 0, DateTimeKind.Utc), Audit.ListCalls[^1].From);
        cut.WaitForAssertion(() => Assert.Equal("http://localhost/audit?from=2026-03-04T09%3A30Z&to=2026-06-30T22%3A15Z", Navigation.Uri));
    }

    [Fact]
    public void AuditListState_LocalInput_RoundTripsThroughUtcAndLegacyDaysStillRead()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var utc = AuditListState.FromLocalInput("2026-01-15T08:05", berlin);

        Assert.Equal(new DateTime(2026, 1, 15, 7, 5, 0, DateTimeKind.Utc), utc);
        Assert.Equal("2026-01-15T08:05", AuditListState.ToLocalInput(utc, berlin));
        Assert.Null(AuditListState.FromLocalInput("2026-03-29T02:30", berlin)); // skipped by the clocks going forward
        Assert.Null(AuditListState.FromLocalInput("", berlin));
        var state = AuditListState.FromQuery(null, null, null, null, null, null, "2026-01-15T07:05Z", "2026-01-31");
        Assert.Equal(new DateTime(2026, 1, 15, 7, 5, 0, DateTimeKind.Utc), state.From);
        Assert.Equal(new DateTime(2026, 1, 31, 23, 59, 0, DateTimeKind.Utc), state.To);
        Assert.Equal("2026-01-15T07:05Z", state.ToQuery()["from"]);
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
