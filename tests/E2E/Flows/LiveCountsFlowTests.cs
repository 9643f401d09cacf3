using Microsoft.Playwright;
using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

/// <summary>
/// Issue 13 item 8: two people, two browsers. A reviewer approves in one; in the other, left alone on the servers list,
/// the review-queue badge drops and the server's chip turns approved without a reload or a navigation; then, on the
/// review queue, the next approved server's row leaves it. On an app of its own (no other test moves the count), alone
/// like the timing tests.
/// </summary>
[Collection(ServersAtScaleCollection.Name)]
public sealed class LiveCountsFlowTests
{
    [Fact]
    public async Task ReviewerApprovesInOneBrowser_TheOtherBrowsersBadgeAndChipFollowWithoutNavigation()
    {
        await using var app = new ConsoleAppFactory();
        app.Start();
        using (var api = new RegistryApi(app.BaseUrl, ConsoleAppFactory.AdminKey))
        {
            await api.AddServerAsync(RegistryApi.StdioServer("live-a"));
            await api.AddServerAsync(RegistryApi.StdioServer("live-b"));
        }

        var reviewer = await ConsoleUsers.CreateAsync(app.Services, "reviewer");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchAsync(playwright);

        // Browser 1: the admin signs in and stays on the servers list.
        var watcher = await BrowserFixture.NewPageAsync(browser, app.BaseUrl, storageState: null);
        var login = new LoginPage(watcher);
        await login.GotoAsync();
        await login.SignInAsync(ConsoleUsers.Admin.Email, ConsoleUsers.Admin.Password);
        await login.WaitUntilSignedInAsync();
        var servers = new ServersPage(watcher);
        await Expect(servers.PendingBadge).ToHaveTextAsync("2");
        await Expect(servers.Row("live-a")).ToContainTextAsync("pending");
        await servers.MarkDocumentAsync();
        var url = watcher.Url;

        // Browser 2: the reviewer approves live-a.
        var actor = await BrowserFixture.NewPageAsync(browser, app.BaseUrl, storageState: null);
        var reviewerLogin = new LoginPage(actor);
        await reviewerLogin.GotoAsync();
        await reviewerLogin.SignInAsync(reviewer.Email, reviewer.Password);
        await reviewerLogin.WaitUntilSignedInAsync();
        var review = new ReviewPage(actor);
        await review.GotoAsync("live-a");
        await review.WaitForLoadedAsync("live-a");
        await review.Note.FillAsync("Approved while someone else watches the list.");
        await review.ApproveButton.ClickAsync();
        await Expect(review.Snackbar).ToContainTextAsync("live-a v1");

        // Browser 1, untouched: the badge and the chip moved by themselves.
        await Expect(servers.PendingBadge).ToHaveTextAsync("1");
        await Expect(servers.Row("live-a")).ToContainTextAsync("approved");
        await Expect(servers.Row("live-a")).Not.ToContainTextAsync("pending");
        await Expect(servers.Row("live-b")).ToContainTextAsync("pending");
        Assert.True(await servers.IsSameDocumentAsync(), "the watching page reloaded");
        Assert.Equal(url, watcher.Url);

        // Browser 1 moves to the review queue inside the console; browser 2 approves live-b; the row leaves the queue.
        await servers.NavLink("Review queue").ClickAsync();
        var queue = new ReviewQueuePage(watcher);
        await Expect(queue.Row("live-b")).ToHaveCountAsync(1);
        await Expect(queue.PendingCount).ToContainTextAsync("1 pending");
        await review.GotoAsync("live-b");
        await review.WaitForLoadedAsync("live-b");
        await review.Note.FillAsync("Approved while someone else watches the queue.");
        await review.ApproveButton.ClickAsync();
        await Expect(review.Snackbar).ToContainTextAsync("live-b v1");
        await Expect(queue.Row("live-b")).ToHaveCountAsync(0);
        await Expect(queue.PendingCount).ToContainTextAsync("0 pending");
        await Expect(queue.PendingBadge).ToHaveCountAsync(0);
        Assert.True(await queue.IsSameDocumentAsync(), "the watching page reloaded");
        await watcher.Context.CloseAsync();
        await actor.Context.CloseAsync();
    }
}
