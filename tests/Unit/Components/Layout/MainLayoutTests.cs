using Bunit;
using Microsoft.AspNetCore.Components;
using RegistryConsole.Components.Layout;
using RegistryConsole.Core.Access;

namespace RegistryConsole.Tests.Unit.Components.Layout;

public sealed class MainLayoutTests : ConsoleTestContext
{
    [Fact]
    public void MainLayout_Interactive_RendersReadyMarkerProjectAndUser()
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-app-ready]")));
        Assert.Contains("default", cut.Find("[data-testid=project-name]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Test User", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("page body", cut.Markup, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("a[href='/api-reference']"));
    }

    [Fact]
    public void MainLayout_NotInteractive_HasNoReadyMarker()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

        Assert.Empty(cut.FindAll("[data-app-ready]"));
    }

    [Fact]
    public void NavMenu_Admin_SeesUsersApiKeysAndMyAccount_AndPagesNotBuiltAreHidden()
    {
        // Issue 8 built the Users and API keys pages this test used to expect hidden.
        var cut = Render<NavMenu>(p => p.Add(n => n.Actor, SignInAs(Role.Admin)));

        var links = cut.FindAll("a").Select(a => a.TextContent.Trim()).ToList();

        Assert.Contains("Servers", links);
        Assert.Contains("Gateways", links);
        Assert.Contains("Users", links);
        Assert.Contains("API keys", links);
        Assert.Contains("My account", links);
        Assert.False(NavMenu.HasPage("/no-such-page"));
    }

    [Fact]
    public void NavMenu_Editor_SeesMyAccountButNotUsersOrApiKeys()
    {
        var cut = Render<NavMenu>(p => p.Add(n => n.Actor, SignInAs(Role.Editor)));

        var links = cut.FindAll("a").Select(a => a.TextContent.Trim()).ToList();

        Assert.Contains("My account", links);
        Assert.DoesNotContain("Users", links);
        Assert.DoesNotContain("API keys", links);
    }

    [Fact]
    public void NavMenu_NoActor_ShowsNothing()
    {
        var cut = Render<NavMenu>(p => p.Add(n => n.Actor, null));

        Assert.Empty(cut.FindAll("a"));
    }

    [Fact]
    public void NavMenu_Reviewer_SeesThePendingCountOnTheReviewQueue()
    {
        Reviews.Pending.Add(TestServers.Stdio("filesystem"));
        Reviews.Pending.Add(TestServers.Stdio("github"));

        var cut = Render<NavMenu>(p => p.Add(n => n.Actor, SignInAs(Role.Reviewer)));

        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=pending-badge]").TextContent.Trim()));
    }

    [Fact]
    public void NavMenu_Navigation_RefreshesThePendingCount()
    {
        var cut = Render<NavMenu>(p => p.Add(n => n.Actor, SignInAs(Role.Admin)));
        Assert.Empty(cut.FindAll("[data-testid=pending-badge]"));

        Reviews.Pending.Add(TestServers.Stdio("filesystem"));
        Navigation.NavigateTo("/servers");

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=pending-badge]").TextContent.Trim()));
    }

    [Fact]
    public void NavMenu_Editor_HasNoReviewQueueAndAsksForNoCount()
    {
        var cut = Render<NavMenu>(p => p.Add(n => n.Actor, SignInAs(Role.Editor)));

        Assert.DoesNotContain("Review queue", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(0, Reviews.CountCalls);
    }
}
