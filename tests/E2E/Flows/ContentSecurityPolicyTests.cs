using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

/// <summary>Issue 8 finding 7: every console page works under the Content-Security-Policy with zero violations in Chromium.</summary>
public sealed class ContentSecurityPolicyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task EveryConsolePage_ZeroCspViolations()
    {
        var name = "csp-" + Guid.NewGuid().ToString("N")[..8];
        await Api.AddServerAsync(new JsonObject
        {
            ["saved_name"] = name,
            ["mcp_config"] = new JsonObject { ["config"] = new JsonObject { ["command"] = "npx", ["args"] = new JsonArray("-y", "pkg@1.0.0") } },
        });
        await Api.AddGatewayAsync(new JsonObject
        {
            ["gateway_saved_name"] = name,
            ["servers_config"] = new JsonObject { ["common_overrides"] = new JsonObject(), ["servers"] = new JsonArray(new JsonObject { ["saved_name"] = name }) },
        });

        var violations = new List<string>();
        var anonymous = await NewPageAsync();
        Listen(anonymous, violations);
        await new LoginPage(anonymous).GotoAsync();
        await anonymous.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var page = await AdminPageAsync();
        Listen(page, violations);
        string[] paths =
        [
            "/servers", "/servers/new", "/servers/bulk", $"/servers/{name}/v1", $"/servers/{name}/v1/edit",
            "/reviews", $"/reviews/{name}/v1", "/gateways", "/gateways/new", $"/gateways/{name}/v1", "/audit", "/settings", "/not-found",
        ];
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            await ConsolePage.WaitForCircuitAsync(page);
            await page.WaitForLoadStateAsync(LoadState.Load);

            // A live circuit never goes network-idle; give late scripts, styles and Monaco's workers a moment.
            await page.WaitForTimeoutAsync(1000);
            Log($"{path}: {violations.Count} violations so far");
        }

        Assert.True(violations.Count == 0, "CSP violations:\n" + string.Join("\n", violations));
    }

    /// <summary>Collects both the DOM's securitypolicyviolation events and Chromium's console reports of a refused resource.</summary>
    private static void Listen(IPage page, List<string> violations)
    {
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Content-Security-Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        page.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
              console.error('Content Security Policy violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));
            """).GetAwaiter().GetResult();
    }
}
