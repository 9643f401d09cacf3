using System.Text.Json.Nodes;
using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

/// <summary>One screenshot of each main page, with data on it, into <see cref="BrowserFixture.ScreenshotFolder"/> for people to look at.</summary>
public sealed class ScreenshotTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Screenshots_OfEveryMainPage_AreSaved()
    {
        // A server with a gateway override and a pending change (so the review page has a diff), seeded through the API.
        var server = Names.Unique("shot");
        var gateway = Names.Unique("gw-shot");
        var reviewerKey = await Api.CreateApiKeyAsync(Names.Unique("shot-reviewer"), "reviewer");
        await Api.AddServerAsync(RegistryApi.StdioServer(server, "uvx", ["mcp-server-git==2025.1.14", "--repository", "/srv/repo"], extraMcpConfig: new JsonObject
        {
            ["tools"] = new JsonObject { ["git_status"] = "Shows the working tree status", ["git_commit"] = "Records changes" },
            ["denied_tools"] = new JsonArray("git_reset*"),
            ["input_guardrails_config"] = GatewayBodies.InputGuardrail("registry-input", "pii", "injection_attack"),
        }));
        await Api.ReviewServerAsync(server, "approve", "Looks fine", reviewerKey);
        await Api.AddGatewayAsync(GatewayBodies.WithServer(gateway, server, GatewayBodies.InputGuardrail("gateway-input", "pii", "toxicity")));
        await Api.ModifyServerAsync(server, new JsonObject
        {
            ["mcp_config"] = new JsonObject { ["config"] = new JsonObject { ["command"] = "sh", ["args"] = new JsonArray("-c", "uvx mcp-server-git --repository /srv/repo") } },
        });
        var page = await AdminPageAsync();

        var servers = new ServersPage(page);
        await servers.GotoAsync();
        await servers.ServerLinks.First.WaitForAsync();
        await ScreenshotAsync(page, "servers");

        var detail = new ServerDetailPage(page);
        await detail.GotoAsync(server, tab: "configuration");
        await detail.Section("config").WaitForRenderedAsync();
        await ScreenshotAsync(page, "server-detail");

        var add = new ServerEditPage(page);
        await add.GotoNewAsync();
        await add.Config.WaitForRenderedAsync();
        await ScreenshotAsync(page, "add-server");

        var bulk = new BulkAddPage(page);
        await bulk.GotoAsync();
        await bulk.Editor.WaitForRenderedAsync();
        await ScreenshotAsync(page, "bulk-add");

        var gateways = new GatewaysPage(page);
        await gateways.GotoAsync();
        await gateways.GatewayLink(gateway).WaitForAsync();
        await ScreenshotAsync(page, "gateways");

        var gatewayDetail = new GatewayDetailPage(page);
        await gatewayDetail.GotoAsync(gateway);
        await gatewayDetail.ServerRow(server).WaitForAsync();
        await ScreenshotAsync(page, "gateway-detail");

        var queue = new ReviewQueuePage(page);
        await queue.GotoAsync();
        await queue.Row(server).WaitForAsync();
        await ScreenshotAsync(page, "review-queue");

        var review = new ReviewPage(page);
        await review.GotoAsync(server);
        await Expect(review.Diff.ModifiedLines).ToContainTextAsync("sh");
        await ScreenshotAsync(page, "review");

        var audit = new AuditLogPage(page);
        await audit.GotoAsync();
        await audit.Rows(server).First.WaitForAsync();
        await ScreenshotAsync(page, "audit-log");

        var settings = new SettingsPage(page);
        await settings.GotoAsync();
        await ScreenshotAsync(page, "settings");

        string[] expected = ["servers", "server-detail", "add-server", "bulk-add", "gateways", "gateway-detail", "review-queue", "review", "audit-log", "settings"];
        Assert.All(expected, name => Assert.True(File.Exists(Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png")), name));
    }

    [Fact]
    public async Task Screenshot_SignInPageDark_IsSaved()
    {
        var page = await NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = Microsoft.Playwright.ColorScheme.Dark });
        var login = new LoginPage(page);
        await login.GotoAsync();
        await Expect(login.SignInButton).ToBeVisibleAsync();

        await ScreenshotAsync(page, "sign-in-dark");

        Assert.Equal("rgb(55, 55, 64)", await login.CardBackgroundAsync());
        Assert.True(File.Exists(Path.Combine(BrowserFixture.ScreenshotFolder, "sign-in-dark.png")));
    }
}
