using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

/// <summary>Issue 5: an editor changes an approved server; a reviewer approves it in the console; the gateway serves the change.</summary>
public sealed class ReviewFlowTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Review_EditorChangesApprovedCommand_ReviewerSeesDiffAndFindingApproves_GatewayServesNewCommand()
    {
        var server = Names.Unique("reviewed");
        var gateway = Names.Unique("gw-rev");
        var editorKey = await Api.CreateApiKeyAsync(Names.Unique("editor-key"), "editor");
        var reviewerKey = await Api.CreateApiKeyAsync(Names.Unique("reviewer-key"), "reviewer");
        await Api.AddServerAsync(RegistryApi.StdioServer(server, "uvx", ["mcp-server-fetch==2025.1.17"]));
        await Api.ReviewServerAsync(server, "approve", "First version, pinned", reviewerKey);
        await Api.AddGatewayAsync(GatewayBodies.WithServer(gateway, server));
        Assert.Equal("uvx", ServedCommand(await Api.GetGatewayConfigAsync(gateway)));

        // The editor swaps the pinned uvx package for an unpinned npx one.
        await Api.ModifyServerAsync(server, new JsonObject
        {
            ["mcp_config"] = new JsonObject
            {
                ["config"] = new JsonObject { ["command"] = "npx", ["args"] = new JsonArray("-y", "@modelcontextprotocol/server-fetch") },
            },
        }, editorKey);
        Assert.Equal("pending", (await Api.GetServerAsync(server))["review_status"]!.GetValue<string>());
        Assert.Equal("uvx", ServedCommand(await Api.GetGatewayConfigAsync(gateway)));

        var reviewer = await ConsoleUsers.CreateAsync(Fixture.App.Services, "reviewer");
        var page = await SignedInPageAsync(reviewer);
        var queue = new ReviewQueuePage(page);
        await Expect(queue.NavLink("Review queue")).ToBeVisibleAsync();
        await queue.GotoAsync();
        await Expect(queue.Row(server)).ToBeVisibleAsync();
        await queue.OpenReviewAsync(server);

        var review = new ReviewPage(page);
        await review.WaitForLoadedAsync(server);
        await Expect(review.Diff.OriginalLabel).ToContainTextAsync("revision 1");
        await Expect(review.Diff.ModifiedLabel).ToContainTextAsync("revision 2");
        await Expect(review.Diff.OriginalLines).ToContainTextAsync("uvx");
        await Expect(review.Diff.ModifiedLines).ToContainTextAsync("npx");
        var unpinned = review.Finding("pin a version");
        await Expect(unpinned).ToHaveCountAsync(1);
        await Expect(unpinned).ToContainTextAsync("@modelcontextprotocol/server-fetch");
        await Expect(unpinned).ToContainTextAsync("mcp_config.config.args");
        await ScreenshotAsync(page, "review-page");

        await review.Note.FillAsync("Approved in the end-to-end test; pin the package next time.");
        await review.ApproveButton.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/reviews(\\?.*)?$"));
        await Expect(queue.Snackbar).ToContainTextAsync($"{server} v1");
        await Expect(queue.ServerLink(server)).ToHaveCountAsync(0);
        var stored = await Api.GetServerAsync(server);
        Assert.Equal("approved", stored["review_status"]!.GetValue<string>());
        Assert.Equal(2, stored["approved_revision"]!.GetValue<int>());
        Assert.Equal(reviewer.Email, stored["reviewed_by"]!.GetValue<string>());
        var config = await Api.GetGatewayConfigAsync(gateway);
        Assert.Equal("npx", ServedCommand(config));
        Assert.Equal(2, config["expanded_servers"]![0]!["served_revision"]!.GetValue<int>());
    }

    private static string ServedCommand(JsonObject gatewayConfig) =>
        gatewayConfig["expanded_servers"]![0]!["mcp_config"]!["config"]!["command"]!.GetValue<string>();
}
