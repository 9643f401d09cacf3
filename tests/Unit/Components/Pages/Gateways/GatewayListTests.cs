using Bunit;
using RegistryConsole.Components.Pages.Gateways;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Tests.Unit.Components.Pages.Gateways;

public sealed class GatewayListTests : ConsoleTestContext
{
    [Fact]
    public void GatewayList_WhileLoading_ShowsProgress()
    {
        Gateways.Gate = new TaskCompletionSource();

        var cut = Render<GatewayList>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=loading]")));
        Gateways.Gate.SetResult();
    }

    [Fact]
    public void GatewayList_NoGatewaysForEditor_SaysHowToAddOne()
    {
        var cut = Render<GatewayList>();

        cut.WaitForAssertion(() => Assert.Contains("No gateways yet", cut.Find("[data-testid=empty-state]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Add gateway", cut.Find("[data-testid=empty-state]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=add-gateway]"));
    }

    [Fact]
    public void GatewayList_Viewer_SeesNoAddButton()
    {
        SignInAs(Role.Viewer);

        var cut = Render<GatewayList>();

        cut.WaitForAssertion(() => Assert.Contains("An editor or admin can create gateways", cut.Find("[data-testid=empty-state]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=add-gateway]"));
    }

    [Fact]
    public void GatewayList_Reviewer_SeesNoAddButton()
    {
        SignInAs(Role.Reviewer);

        var cut = Render<GatewayList>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=empty-state]")));
        Assert.Empty(cut.FindAll("[data-testid=add-gateway]"));
    }

    [Fact]
    public void GatewayList_ServiceError_ShowsTheMessage()
    {
        Gateways.ListError = Error.Validation("per_page", "must be between 1 and 100");

        var cut = Render<GatewayList>();

        cut.WaitForAssertion(() => Assert.Contains("must be between 1 and 100", cut.Find("[data-testid=load-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void GatewayList_WithGateways_ShowsNameVersionServersAndLinks()
    {
        Gateways.Stored.Add(TestGateways.With("prod", "v2", true, "filesystem", "github"));
        Gateways.Stored.Add(TestGateways.With("staging"));

        var cut = Render<GatewayList>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr.mud-table-row").Count));
        var first = cut.FindAll("tbody tr.mud-table-row")[0];
        Assert.Contains("v2", first.TextContent, StringComparison.Ordinal);
        Assert.Contains("The prod gateway", first.TextContent, StringComparison.Ordinal);
        Assert.Equal("2", first.QuerySelector("[data-testid=server-count]")!.TextContent.Trim());
        Assert.Equal("/gateways/prod/v2", first.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void GatewayList_UrlState_IsWhatTheServiceIsAskedFor()
    {
        Navigation.NavigateTo("/gateways?page=3&per_page=50&search=prod&status=deleted");

        var cut = Render<GatewayList>();

        cut.WaitForAssertion(() => Assert.NotEmpty(Gateways.ListCalls));
        var query = Gateways.ListCalls[0];
        Assert.Equal(3, query.Page);
        Assert.Equal(50, query.PerPage);
        Assert.Equal("prod", query.Search);
        Assert.False(query.IsActive);
    }

    [Fact]
    public void GatewayList_Search_ReloadsFromPageOneAndWritesTheUrl()
    {
        Gateways.Stored.Add(TestGateways.With("prod"));
        Navigation.NavigateTo("/gateways?status=all");
        var cut = Render<GatewayList>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr.mud-table-row")));

        cut.Find("[data-testid=search]").Input("pro");

        cut.WaitForAssertion(() => Assert.Equal("pro", Gateways.ListCalls[^1].Search), TimeSpan.FromSeconds(5));
        Assert.Equal(1, Gateways.ListCalls[^1].Page);
        cut.WaitForAssertion(() => Assert.Equal("http://localhost/gateways?status=all&search=pro", Navigation.Uri));
    }

    [Fact]
    public void GatewayListState_UnknownValues_FallBackToDefaults()
    {
        var state = GatewayListState.FromQuery(0, 999, " ", "gone");

        Assert.Equal(GatewayListState.Default, state);
        Assert.All(state.ToQuery().Values, Assert.Null);
    }
}
