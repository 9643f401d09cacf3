using System.Text.RegularExpressions;
using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

public sealed class AddServerTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AddServer_RefusedThenFixed_ErrorsLandOnTheirEditorsAndSaveOpensTheServer()
    {
        var name = Names.Unique("added");
        var page = await AdminPageAsync();
        var servers = new ServersPage(page);
        await servers.GotoAsync();
        await servers.AddServerButton.ClickAsync();
        var form = new ServerEditPage(page);
        await form.WaitForFormAsync();
        await Expect(form.Heading).ToHaveTextAsync("Add server");

        await form.SavedName.FillAsync(name);
        await form.ServerName.FillAsync("@modelcontextprotocol/server-everything");
        await form.Description.FillAsync("Added through the console by the end-to-end tests");
        await form.Config.SetTextAsync("""{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything@2025.1.14"], "url": "https://everything.example.com/mcp"}""");
        await form.InputGuardrails.SetTextAsync("""{"enabled": true, "guardrail_name": "e2e-input", "block": ["pii", "mind_reading"]}""");
        await form.SaveAsync();

        await Expect(form.Config.Errors).ToContainTextAsync("exactly one of 'command'");
        await Expect(form.InputGuardrails.Errors).ToContainTextAsync("unknown detector 'mind_reading'");
        await Expect(form.InputGuardrails.Errors).ToContainTextAsync("block[1]");
        await Expect(form.Section("output_guardrails_config").Errors).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex("/servers/new$"));
        await ScreenshotAsync(page, "add-server-refused");
        Assert.Null(await Api.FindServerAsync(name));

        await form.Config.SetTextAsync("""{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything@2025.1.14"]}""");
        await form.InputGuardrails.SetTextAsync("""{"enabled": true, "guardrail_name": "e2e-input", "block": ["pii", "injection_attack"]}""");
        await form.SaveAsync();

        var detail = new ServerDetailPage(page);
        await page.WaitForURLAsync($"**{ServerDetailPage.PathOf(name)}");
        await detail.WaitForLoadedAsync(name);
        await Expect(detail.ReviewStatus).ToHaveTextAsync("pending");
        var stored = await Api.GetServerAsync(name);
        Assert.Equal("npx", stored["mcp_config"]!["config"]!["command"]!.GetValue<string>());
        Assert.Null(stored["mcp_config"]!["config"]!["url"]);
        Assert.Equal("""["pii","injection_attack"]""", stored["mcp_config"]!["input_guardrails_config"]!["block"]!.ToJsonString());
    }
}
