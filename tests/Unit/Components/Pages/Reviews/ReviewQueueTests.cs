using Bunit;
using RegistryConsole.Components.Pages.Reviews;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Tests.Unit.Components.Pages.Reviews;

public sealed class ReviewQueueTests : ConsoleTestContext
{
    [Fact]
    public void ReviewQueue_WhileLoading_ShowsProgress()
    {
        Reviews.Gate = new TaskCompletionSource();

        var cut = Render<ReviewQueue>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=loading]")));
        Reviews.Gate.SetResult();
    }

    [Fact]
    public void ReviewQueue_Empty_SaysNothingWaits()
    {
        var cut = Render<ReviewQueue>();

        cut.WaitForAssertion(() => Assert.Contains("Nothing waits for review", cut.Find("[data-testid=empty-state]").TextContent, StringComparison.Ordinal));
        Assert.Contains("0 pending", cut.Find("[data-testid=pending-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewQueue_ServiceError_ShowsTheMessage()
    {
        Reviews.ListError = Error.Forbidden("The 'runtime' role may not perform this action");

        var cut = Render<ReviewQueue>();

        cut.WaitForAssertion(() => Assert.Contains("may not perform", cut.Find("[data-testid=load-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void ReviewQueue_Pending_ListsThemInServiceOrderWithReviewLinks()
    {
        Reviews.Pending.Add(TestServers.Stdio("oldest") with { ApprovedRevision = 2 });
        Reviews.Pending.Add(TestServers.Stdio("newer"));

        var cut = Render<ReviewQueue>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr.mud-table-row").Count));
        var rows = cut.FindAll("tbody tr.mud-table-row");
        Assert.Equal("/reviews/oldest/v1", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("revision 2 is served", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("new server", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("2 pending", cut.Find("[data-testid=pending-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewQueue_PageInTheUrl_IsTheOneAskedFor()
    {
        Navigation.NavigateTo("/reviews?page=2&per_page=50");

        var cut = Render<ReviewQueue>();

        cut.WaitForAssertion(() => Assert.NotEmpty(Reviews.ListCalls));
        Assert.Equal(new PageRequest(2, 50), Reviews.ListCalls[0]);
    }
}
