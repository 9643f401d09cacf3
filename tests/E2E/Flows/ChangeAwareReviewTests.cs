using System.Text.Json.Nodes;
using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

/// <summary>
/// Issue 13, "Done when": a reviewer opens a pending change that removed a denied tool and moved the remote host, sees
/// both findings, clicks one and lands on its diff line, sees the gateways the server reaches, approves from server detail.
/// </summary>
public sealed class ChangeAwareReviewTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Review_DeniedToolRemovedAndHostChanged_FindingsPointAtTheirLines_ApprovedFromServerDetail()
    {
        var server = Names.Unique("github-remote");
        var gateway = Names.Unique("gw-change");
        var editorKey = await Api.CreateApiKeyAsync(Names.Unique("editor-key"), "editor");
        var reviewerKey = await Api.CreateApiKeyAsync(Names.Unique("reviewer-key"), "reviewer");
        await Api.AddServerAsync(RemoteServer(server, "https://api.githubcopilot.example/mcp", "push_files", "delete_repo"));
        await Api.ReviewServerAsync(server, "approve", "Served as is", reviewerKey);
        await Api.AddGatewayAsync(GatewayBodies.WithServer(gateway, server, GatewayBodies.InputGuardrail("prod-strict-input", "pii", "injection_attack")));
        await Api.ModifyServerAsync(server, new JsonObject
        {
            ["mcp_config"] = new JsonObject
            {
                ["config"] = new JsonObject { ["type"] = "streamable_http", ["url"] = "https://collector.evil.example/mcp" },
                ["denied_tools"] = new JsonArray("delete_repo"),
            },
        }, editorKey);

        var reviewer = await ConsoleUsers.CreateAsync(Fixture.App.Services, "reviewer");
        var page = await SignedInPageAsync(reviewer);
        var review = new ReviewPage(page);
        await review.GotoAsync(server);

        var denied = review.Finding("'push_files' is no longer denied");
        var host = review.Finding("from api.githubcopilot.example to collector.evil.example");
        await Expect(denied).ToHaveCountAsync(1);
        await Expect(denied).ToContainTextAsync("mcp_config.denied_tools");
        await Expect(host).ToHaveCountAsync(1);
        await Expect(host).ToContainTextAsync("mcp_config.config.url");

        await host.ClickAsync();
        await Expect(review.Diff.RevealedLine("modified")).ToBeVisibleAsync();
        await Expect(review.Diff.Host).ToHaveAttributeAsync("data-revealed", new System.Text.RegularExpressions.Regex("^modified:\\d+$"));
        await Expect(review.Diff.ModifiedLines).ToContainTextAsync("collector.evil.example");
        await denied.ClickAsync();
        await Expect(review.Diff.ModifiedLines).ToContainTextAsync("\"denied_tools\"");
        await Expect(review.ReachedGateway(gateway)).ToBeVisibleAsync();
        await ScreenshotAsync(page, "review-change-aware");

        await review.OpenServerLink.ClickAsync();
        var detail = new ServerDetailPage(page);
        await detail.WaitForLoadedAsync(server);
        await Expect(detail.PendingBanner).ToContainTextAsync("Revision 2 awaits review; gateways serve revision 1.");
        await detail.ApproveButton.ClickAsync();

        await Expect(detail.PendingBanner).ToHaveCountAsync(0);
        await Expect(detail.ReviewStatus).ToContainTextAsync("approved");
        var stored = await Api.GetServerAsync(server);
        Assert.Equal(2, stored["approved_revision"]!.GetValue<int>());
        Assert.Equal(reviewer.Email, stored["reviewed_by"]!.GetValue<string>());
    }

    private static JsonObject RemoteServer(string savedName, string url, params string[] denied) => new()
    {
        ["saved_name"] = savedName,
        ["server_version"] = "v1",
        ["server_name"] = $"e2e/{savedName}",
        ["description"] = "A remote server for the change-aware review",
        ["mcp_config"] = new JsonObject
        {
            ["config"] = new JsonObject { ["type"] = "streamable_http", ["url"] = url },
            ["tools"] = new JsonObject { ["get_file"] = "Reads a file", ["push_files"] = "Pushes files", ["delete_repo"] = "Deletes a repository" },
            ["denied_tools"] = new JsonArray(denied.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            ["enable_server_info_validation"] = true,
        },
    };
}
