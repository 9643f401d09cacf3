using Bunit;
using RegistryConsole.Components.Layout;
using RegistryConsole.Components.Pages.Servers;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components.Layout;

/// <summary>Issue 13 item 8: the review-queue badge and the servers grid follow commits by anyone, without a navigation.</summary>
public sealed class LiveCountsTests : ConsoleTestContext
{
    /// <summary>The listener's delay plus a busy machine's scheduling: generous, since a pass comes as soon as the render does.</summary>
    private static readonly TimeSpan AfterChange = TimeSpan.FromSeconds(10);

    [Fact]
    public void NavMenu_RegistryChangeCommitted_BadgeDropsWithoutNavigation()
    {
        Reviews.Pending.Add(TestServers.Stdio("filesystem"));
        Reviews.Pending.Add(TestServers.Stdio("github"));
        var cut = Render<NavMenu>(p => p.Add(n => n.Actor, SignInAs(Role.Reviewer)));
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=pending-badge]").TextContent.Trim()));

        // Someone else approves one of them: their commit publishes the registry scope.
        Reviews.Pending.RemoveAt(0);
        Changes.Publish(ChangeStamp.Registry);

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=pending-badge]").TextContent.Trim()), AfterChange);
        Assert.Equal("http://localhost/", Navigation.Uri);
    }

    [Fact]
    public void NavMenu_LastPendingApproved_BadgeDisappears_AndABurstIsCountedOnce()
    {
        Reviews.Pending.Add(TestServers.Stdio("filesystem"));
        var cut = Render<NavMenu>(p => p.Add(n => n.Actor, SignInAs(Role.Admin)));
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=pending-badge]").TextContent.Trim()));
        var callsBefore = Reviews.CountCalls;

        Reviews.Pending.Clear();
        for (var i = 0; i < 20; i++)
        {
            Changes.Publish(ChangeStamp.Registry);
        }

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=pending-badge]")), AfterChange);
        Assert.Equal(callsBefore + 1, Reviews.CountCalls);
    }

    [Fact]
    public async Task NavMenu_Disposed_Unsubscribes_AndAnEditorNeverSubscribes()
    {
        var reviewer = Render<NavMenu>(p => p.Add(n => n.Actor, SignInAs(Role.Reviewer)));
        Assert.Equal(1, Changes.SubscriberCount);

        await DisposeComponentsAsync();
        Assert.Equal(0, Changes.SubscriberCount);

        Render<NavMenu>(p => p.Add(n => n.Actor, SignInAs(Role.Editor)));
        Assert.Equal(0, Changes.SubscriberCount);
        Assert.NotNull(reviewer);
    }

    [Fact]
    public void ServerList_ReviewCommittedElsewhere_PendingChipBecomesApproved()
    {
        Servers.Stored.Add(TestServers.Stdio("filesystem"));
        var cut = Render<ServerList>();
        cut.WaitForAssertion(() => Assert.Contains("pending", cut.Find("tbody tr.mud-table-row").TextContent, StringComparison.Ordinal));

        Servers.Stored[0] = Servers.Stored[0] with { ReviewStatus = ReviewStatuses.Approved, ApprovedRevision = 1 };
        Changes.Publish(ChangeStamp.Registry);

        cut.WaitForAssertion(() =>
        {
            var row = cut.Find("tbody tr.mud-table-row").TextContent;
            Assert.Contains("approved", row, StringComparison.Ordinal);
            Assert.DoesNotContain("pending", row, StringComparison.Ordinal);
        }, AfterChange);
    }

    [Fact]
    public void ServerList_AccessChange_DoesNotReloadTheGrid()
    {
        Servers.Stored.Add(TestServers.Stdio("filesystem"));
        var cut = Render<ServerList>();
        cut.WaitForAssertion(() => Assert.Single(Servers.ListCalls));

        // A key or a user changed: nothing the grid shows. Wait well past the listener's delay; no reload came.
        Changes.Publish(ChangeStamp.Access);
        Thread.Sleep(RegistryChangeListener.DefaultDelay * 3);
        Assert.Single(Servers.ListCalls);

        Changes.Publish(ChangeStamp.Registry);
        cut.WaitForAssertion(() => Assert.Equal(2, Servers.ListCalls.Count), AfterChange);
    }
}
