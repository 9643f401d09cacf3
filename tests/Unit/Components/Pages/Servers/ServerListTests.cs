using Bunit;
using MudBlazor;
using RegistryConsole.Components.Pages.Servers;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Tests.Unit.Components.Pages.Servers;

public sealed class ServerListTests : ConsoleTestContext
{
    [Fact]
    public void ServerList_WhileLoading_ShowsProgress()
    {
        Servers.ListGate = new TaskCompletionSource();

        var cut = Render<ServerList>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=loading]")));
        Servers.ListGate.SetResult();
    }

    [Fact]
    public void ServerList_NoServersForEditor_SaysHowToAddOne()
    {
        var cut = Render<ServerList>();

        cut.WaitForAssertion(() => Assert.Contains("No servers yet", cut.Find("[data-testid=empty-state]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Bulk add", cut.Find("[data-testid=empty-state]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerList_NoServersForViewer_OffersNoAddButtons()
    {
        SignInAs(Role.Viewer);

        var cut = Render<ServerList>();

        cut.WaitForAssertion(() => Assert.Contains("An editor or admin can register servers", cut.Find("[data-testid=empty-state]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=add-server]"));
        Assert.Empty(cut.FindAll("[data-testid=bulk-add]"));
    }

    [Fact]
    public void ServerList_ServiceError_ShowsTheMessage()
    {
        Servers.ListError = Error.Validation("sort", "must be one of saved_name, created_at, updated_at");

        var cut = Render<ServerList>();

        cut.WaitForAssertion(() => Assert.Contains("must be one of saved_name", cut.Find("[data-testid=load-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void ServerList_DatabaseDown_ShowsAFriendlyError()
    {
        Servers.ListException = new InvalidOperationException("SQLite Error 1: no such table");

        var cut = Render<ServerList>();

        cut.WaitForAssertion(() => Assert.Contains("could not be loaded", cut.Find("[data-testid=load-error]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("SQLite", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerList_WithServers_ShowsOneRowEachWithTransportAndReview()
    {
        Servers.Stored.Add(TestServers.Stdio("filesystem"));
        Servers.Stored.Add(TestServers.Remote("github"));

        var cut = Render<ServerList>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr.mud-table-row").Count));
        var rows = cut.FindAll("tbody tr.mud-table-row");
        Assert.Contains("filesystem", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("stdio", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("remote", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("pending", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("/servers/github/v1", rows[1].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void ServerList_WithServers_ShowsHowManyGatewaysUseEach()
    {
        Servers.Stored.Add(TestServers.Stdio("filesystem"));
        Servers.Stored.Add(TestServers.Remote("github"));
        Gateways.UsageCounts[new RegistryConsole.Core.Servers.ServerKey("github", "v1")] = 3;

        var cut = Render<ServerList>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=gateway-count]").Count));
        var counts = cut.FindAll("[data-testid=gateway-count]");
        Assert.Equal("0", counts[0].TextContent.Trim());
        Assert.Equal("3", counts[1].TextContent.Trim());
        Assert.Equal("/servers/github/v1?tab=gateways", counts[1].GetAttribute("href"));
    }

    [Fact]
    public void ServerList_At1280_NameAndVersionShareACell_ZeroIsNeutral_ChangePendingIsCombined()
    {
        Servers.Stored.Add(TestServers.Stdio("filesystem") with { ApprovedRevision = 2 });
        Servers.Stored.Add(TestServers.Stdio("github", "v2"));

        var cut = Render<ServerList>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=gateway-count]").Count));
        var headers = cut.FindAll("th").Select(h => h.TextContent.Trim()).ToList();
        Assert.DoesNotContain("Version", headers);
        Assert.DoesNotContain("Active", headers);
        Assert.Equal(" · v2", cut.FindAll("[data-testid=server-version]")[1].TextContent);
        var statuses = cut.FindAll("[data-testid=review-status]").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["approved · change pending", "pending"], statuses);
        var zero = cut.FindAll("[data-testid=gateway-count]")[0];
        Assert.DoesNotContain("mud-secondary-text", zero.ClassName, StringComparison.Ordinal);
        Assert.Contains("mud-text-secondary", zero.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerList_Editor_SeesAddButtons()
    {
        var cut = Render<ServerList>();

        Assert.NotNull(cut.Find("[data-testid=add-server]"));
        Assert.NotNull(cut.Find("[data-testid=bulk-add]"));
    }

    [Fact]
    public void ServerList_UrlState_IsWhatTheServiceIsAskedFor()
    {
        Navigation.NavigateTo("/servers?page=2&per_page=50&search=fs&status=all&review=approved&sort=updated_at&order=desc");

        var cut = Render<ServerList>();

        cut.WaitForAssertion(() => Assert.NotEmpty(Servers.ListCalls));
        var query = Servers.ListCalls[0];
        Assert.Equal(2, query.Page);
        Assert.Equal(50, query.PerPage);
        Assert.Equal("fs", query.Search);
        Assert.Null(query.IsActive);
        Assert.Equal("approved", query.ReviewStatus);
        Assert.Equal("updated_at", query.Sort);
        Assert.Equal("desc", query.Order);
    }

    [Fact]
    public void ServerList_Search_ReloadsFromPageOneAndWritesTheUrl()
    {
        for (var i = 0; i < 30; i++)
        {
            Servers.Stored.Add(TestServers.Stdio($"server-{i:00}"));
        }

        Navigation.NavigateTo("/servers?page=2&status=all");
        var cut = Render<ServerList>();
        cut.WaitForAssertion(() => Assert.Equal(10, cut.FindAll("tbody tr.mud-table-row").Count));

        cut.Find("[data-testid=search]").Input("git");

        cut.WaitForAssertion(() => Assert.Equal("git", Servers.ListCalls[^1].Search), TimeSpan.FromSeconds(5));
        Assert.Equal(1, Servers.ListCalls[^1].Page);
        Assert.Equal("http://localhost/servers?status=all&search=git", Navigation.Uri);
    }

    [Fact]
    public void ServerListState_UnknownValues_FallBackToDefaults()
    {
        var state = ServerListState.FromQuery(-1, 5000, "  ", "gone", "maybe", "drop table", "sideways");

        Assert.Equal(ServerListState.Default, state);
        Assert.All(state.ToQuery().Values, Assert.Null);
    }
}
