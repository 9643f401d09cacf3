using System.Text.Json.Nodes;
using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

/// <summary>
/// Issue 13 item 4: at 1280×720 with the navigation drawer open, the daily pages have no horizontal page scroll
/// (document scroll width ≤ viewport width), in the light and the dark theme; a screenshot of each to look at.
/// </summary>
public sealed class FitsViewportTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DailyPages_At1280x720_HaveNoHorizontalScroll(bool dark)
    {
        var server = Names.Unique("fit-a-rather-long-server-name");
        var gateway = Names.Unique("fit-gateway");
        var reviewerKey = await Api.CreateApiKeyAsync(Names.Unique("fit-reviewer"), "reviewer");
        await Api.AddServerAsync(RegistryApi.StdioServer(server, "uvx", ["mcp-server-git==2025.1.14", "--repository", "/srv/repositories/a-long-path/to/the/repository"], extraMcpConfig: new JsonObject
        {
            ["tools"] = new JsonObject { ["git_status"] = "Shows the working tree status", ["git_commit"] = "Records changes" },
            ["denied_tools"] = new JsonArray("git_reset*"),
            ["input_guardrails_config"] = GatewayBodies.InputGuardrail("registry-input", "pii", "injection_attack"),
        }));
        await Api.ReviewServerAsync(server, "approve", "Looks fine", reviewerKey);
        await Api.AddGatewayAsync(GatewayBodies.WithServer(gateway, server, GatewayBodies.InputGuardrail("gateway-input-with-a-long-name", "pii", "toxicity", "nsfw", "bias")));
        await Api.ModifyServerAsync(server, new JsonObject { ["description"] = "Changed so that it waits for review with a long description that wraps" });
        var page = await AdminPageAsync();
        var servers = new ServersPage(page);
        await servers.GotoAsync();
        await servers.StoreThemeAsync(dark);
        var theme = dark ? "dark" : "light";
        var tooWide = new List<string>();

        async Task CheckAsync(ConsolePage shown, string name)
        {
            var (scroll, viewport, tableOverflow) = await shown.MeasureWidthAsync();
            await ScreenshotAsync(page, $"fit-{theme}-{name}");
            if (scroll > viewport || tableOverflow > 1)
            {
                tooWide.Add($"{name}: page {scroll} px for a {viewport} px viewport, a table {tableOverflow} px wider than its box");
            }
        }

        await servers.GotoAsync();
        await servers.ServerLinks.First.WaitForAsync();
        await CheckAsync(servers, "servers");

        var detail = new ServerDetailPage(page);
        await detail.GotoAsync(server, tab: "gateways");
        await CheckAsync(detail, "server-gateways");
        await detail.GotoAsync(server, tab: "history");
        await CheckAsync(detail, "server-history");

        var queue = new ReviewQueuePage(page);
        await queue.GotoAsync();
        await queue.Row(server).WaitForAsync();
        await CheckAsync(queue, "review-queue");

        var review = new ReviewPage(page);
        await review.GotoAsync(server);
        await CheckAsync(review, "review");

        var audit = new AuditLogPage(page);
        await audit.GotoAsync();
        await audit.Rows(server).First.WaitForAsync();
        await CheckAsync(audit, "audit-log");

        var gateways = new GatewaysPage(page);
        await gateways.GotoAsync();
        await gateways.GatewayLink(gateway).WaitForAsync();
        await CheckAsync(gateways, "gateways");

        var gatewayDetail = new GatewayDetailPage(page);
        await gatewayDetail.GotoAsync(gateway);
        await gatewayDetail.ServerRow(server).WaitForAsync();
        await CheckAsync(gatewayDetail, "gateway-detail");
        await gatewayDetail.Tab("Overrides").ClickAsync();
        await gatewayDetail.CommonOverrides.WaitForRenderedAsync();
        await CheckAsync(gatewayDetail, "gateway-overrides");
        await gatewayDetail.Tab("Expanded config").ClickAsync();
        await gatewayDetail.ExpandedServer(server).WaitForAsync();
        await CheckAsync(gatewayDetail, "gateway-config");

        Assert.True(tooWide.Count == 0, $"Pages wider than the viewport ({theme}): {string.Join("; ", tooWide)}");
    }
}
