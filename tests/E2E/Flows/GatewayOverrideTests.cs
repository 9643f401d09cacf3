using System.Text.Json.Nodes;
using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

public sealed class GatewayOverrideTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Gateway_CreatedWithServerAndInputOverride_ShowsOnTheServersGatewaysTab()
    {
        var server = Names.Unique("served");
        var gateway = Names.Unique("gw");
        await Api.AddServerAsync(RegistryApi.StdioServer(server, extraMcpConfig: new JsonObject
        {
            ["input_guardrails_config"] = GatewayBodies.InputGuardrail("registry-input", "pii"),
        }));
        var page = await AdminPageAsync();
        var gateways = new GatewaysPage(page);
        await gateways.GotoAsync();
        await gateways.AddGatewayButton.ClickAsync();

        var add = new GatewayAddPage(page);
        await add.CreateButton.WaitForAsync();
        await add.Name.FillAsync(gateway);
        await add.Description.FillAsync("Created through the console by the end-to-end tests");
        await add.PickServerAsync(server);
        await add.CreateButton.ClickAsync();

        var detail = new GatewayDetailPage(page);
        await page.WaitForURLAsync($"**{GatewayDetailPage.PathOf(gateway)}");
        await detail.WaitForLoadedAsync(gateway);
        await Expect(detail.ServerRow(server)).ToBeVisibleAsync();
        await detail.Tab("Overrides").ClickAsync();
        await detail.ServerOverrides(server).SetTextAsync("""{"input_guardrails_config": {"enabled": true, "guardrail_name": "gateway-input", "block": ["pii", "toxicity"]}}""");
        await detail.SaveButton.ClickAsync();
        await Expect(detail.SaveButton).ToBeDisabledAsync();

        var stored = await Api.GetGatewayAsync(gateway);
        var entry = stored["servers_config"]!["servers"]![0]!;
        Assert.Equal(server, entry["saved_name"]!.GetValue<string>());
        Assert.Equal("gateway-input", entry["input_guardrails_config"]!["guardrail_name"]!.GetValue<string>());

        var serverPage = new ServerDetailPage(page);
        await serverPage.GotoAsync(server);
        await serverPage.OpenTabAsync("Gateways");
        var row = serverPage.GatewayRow(gateway);
        await Expect(row).ToContainTextAsync("gateway-input");
        await Expect(row).ToContainTextAsync("toxicity");
        await Expect(row).ToContainTextAsync("active");
        await ScreenshotAsync(page, "server-gateways-tab");
    }
}
