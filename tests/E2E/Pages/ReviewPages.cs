using Microsoft.Playwright;

namespace RegistryConsole.Tests.E2E.Pages;

/// <summary>The review queue at /reviews: pending servers, oldest first.</summary>
public sealed class ReviewQueuePage(IPage page) : ConsolePage(page)
{
    public ILocator Grid => Page.GetByTestId("review-grid");

    public ILocator PendingCount => Page.GetByTestId("pending-count");

    public ILocator ServerLink(string savedName) => Grid.GetByRole(AriaRole.Link, new() { Name = savedName, Exact = true });

    public ILocator Row(string savedName) =>
        Grid.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = savedName, Exact = true }) });

    /// <summary>Opens the queue showing up to <paramref name="perPage"/> servers (the shared test app has many pending ones).</summary>
    public async Task GotoAsync(int perPage = 100)
    {
        await GotoAndWaitAsync($"/reviews?per_page={perPage}");
        await Grid.WaitForAsync();
    }

    public async Task OpenReviewAsync(string savedName)
    {
        await ServerLink(savedName).ClickAsync();
        await Page.WaitForURLAsync($"**/reviews/{savedName}/*");
    }
}

/// <summary>One review at /reviews/{name}/{version}: the diff served → pending, the findings, note, Approve / Reject.</summary>
public sealed class ReviewPage(IPage page) : ConsolePage(page)
{
    public JsonDiffControl Diff => new(Page.GetByTestId("review-diff"));

    public ILocator Findings => Page.GetByTestId("finding");

    public ILocator Finding(string messageText) => Findings.Filter(new() { HasText = messageText });

    public ILocator Note => Page.GetByRole(AriaRole.Textbox, new() { Name = "Note" });

    public ILocator ApproveButton => Page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true });

    public ILocator RejectButton => Page.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true });

    /// <summary>Shown when this user (or whoever minted their key) wrote part of the pending change.</summary>
    public ILocator OwnChangeNotice => Page.GetByTestId("own-change");

    public ILocator Authors => Page.GetByTestId("review-authors");

    /// <summary>Shown instead of the decision buttons to a role that may not review (viewer, editor).</summary>
    public ILocator CannotReviewNotice => Page.GetByTestId("cannot-review");

    /// <summary>The gateways that reference the server, with their overrides of the changed keys.</summary>
    public ILocator ReachedGateways => Page.GetByTestId("reached-gateways");

    public ILocator ReachedGateway(string gatewayName) => Page.GetByTestId("reached-gateway").Filter(new() { HasText = gatewayName });

    public ILocator OpenServerLink => Page.GetByRole(AriaRole.Link, new() { Name = "Open server" });

    public static string PathOf(string savedName, string version = "v1") => $"/reviews/{Uri.EscapeDataString(savedName)}/{Uri.EscapeDataString(version)}";

    public async Task GotoAsync(string savedName, string version = "v1")
    {
        await GotoAndWaitAsync(PathOf(savedName, version));
        await WaitForLoadedAsync(savedName);
    }

    public Task WaitForLoadedAsync(string savedName) =>
        Page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = $"Review {savedName}", Exact = true }).WaitForAsync();
}

/// <summary>A shared read-only Monaco diff (JsonDiffViewer): the rendered lines of each side.</summary>
public sealed class JsonDiffControl(ILocator root)
{
    public ILocator Root => root;

    public ILocator OriginalLabel => root.GetByTestId("diff-original-label");

    public ILocator ModifiedLabel => root.GetByTestId("diff-modified-label");

    /// <summary>The left side's visible lines (Monaco renders only what is in view).</summary>
    public ILocator OriginalLines => root.Locator(".editor.original .view-lines");

    /// <summary>The right side's visible lines.</summary>
    public ILocator ModifiedLines => root.Locator(".editor.modified .view-lines");

    /// <summary>The line a finding brought into view, marked on its side (<c>original</c> or <c>modified</c>).</summary>
    public ILocator RevealedLine(string side) => root.Locator($".editor.{side} .rc-reveal-line");

    /// <summary>The editor host, carrying <c>data-revealed="side:line"</c> after a reveal.</summary>
    public ILocator Host => root.Locator("[data-revealed]");
}
