using Bunit;
using RegistryConsole.Components.Pages.Servers;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components.Pages.Servers;

/// <summary>Issue 13 item 5: bulk add lands on <c>/servers?added=...</c>, the list of exactly what it stored.</summary>
public sealed class ServerListAddedTests : ConsoleTestContext
{
    public ServerListAddedTests()
    {
        foreach (var name in new[] { "alpha", "beta", "gamma", "delta" })
        {
            Servers.Stored.Add(TestServers.Stdio(name));
        }
    }

    [Fact]
    public void Added_ShowsExactlyThoseServersWithABanner()
    {
        Navigation.NavigateTo("/servers?added=gamma:v1,alpha:v1");

        var cut = Render<ServerList>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=server-grid] tbody tr").Count));
        Assert.Equal(["alpha", "gamma"], cut.FindAll("[data-testid=server-grid] tbody tr td:first-child a").Select(a => a.TextContent.Trim()));
        Assert.Contains("Showing only the 2 servers just added", cut.Find("[data-testid=added-filter]").TextContent, StringComparison.Ordinal);
        Assert.Empty(Servers.ListCalls);
    }

    [Fact]
    public void Added_ShowAll_GoesBackToTheWholeList()
    {
        Navigation.NavigateTo("/servers?added=alpha:v1");
        var cut = Render<ServerList>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=added-filter]")));

        cut.Find("button[data-testid=show-all]").Click();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=server-grid] tbody tr").Count));
        Assert.Equal("http://localhost/servers", Navigation.Uri);
        Assert.Empty(cut.FindAll("[data-testid=added-filter]"));
    }

    [Fact]
    public void ServerListState_Added_OneUrlPerSetAndInvalidItemsDropped()
    {
        var state = ServerListState.OfAdded([new ServerKey("b", "v1"), new ServerKey("a", "v2"), new ServerKey("b", "v1")]);
        var fromUrl = ServerListState.FromQuery(null, null, null, null, null, null, null, "b:v1, a:v2,../etc:v1,broken");

        Assert.Equal("a:v2,b:v1", state.Added);
        Assert.Equal(state, fromUrl);
        Assert.Equal([new ServerKey("a", "v2"), new ServerKey("b", "v1")], fromUrl.AddedKeys);
        Assert.True(fromUrl.HasFilters);
        Assert.Equal("a:v2,b:v1", fromUrl.ToQuery()["added"]);
    }
}
