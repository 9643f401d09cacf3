using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

public sealed class BulkAddTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task BulkAdd_OneBadItem_DryRunNamesItAndStoresNothing_FixedBatchAddsAllThree()
    {
        var batch = Names.Unique("bulk");
        string[] names = [$"{batch}-a", $"{batch}-b", $"{batch}-c"];
        var bad = Batch(names, badIndex: 1);
        var page = await AdminPageAsync();
        var servers = new ServersPage(page);
        await servers.GotoAsync();
        await servers.BulkAddButton.ClickAsync();
        var bulk = new BulkAddPage(page);
        await Expect(bulk.Heading).ToHaveTextAsync("Bulk add servers");

        await bulk.Editor.SetTextAsync(bad);
        await bulk.DryRunButton.ClickAsync();

        await Expect(bulk.ResultRow(names[1])).ToContainTextAsync("exactly one of 'command'");
        await Expect(bulk.ResultRow(names[0])).ToContainTextAsync("ok");
        await Expect(bulk.ResultRow(names[2])).ToContainTextAsync("ok");
        await Expect(bulk.Outcome).ToBeVisibleAsync();
        await ScreenshotAsync(page, "bulk-add-dry-run");
        Assert.Equal(0, await Api.CountServersAsync(batch));

        await bulk.Editor.SetTextAsync(Batch(names, badIndex: null));
        await bulk.DryRunButton.ClickAsync();
        await Expect(bulk.Outcome).ToContainTextAsync("All 3 servers are valid");
        Assert.Equal(0, await Api.CountServersAsync(batch));
        await bulk.AddAllButton.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/servers(\\?.*)?$"));
        await Expect(servers.Snackbar).ToContainTextAsync("Added 3 servers");
        Assert.Equal(3, await Api.CountServersAsync(batch));
        foreach (var name in names)
        {
            Assert.True((await Api.GetServerAsync(name))["is_active"]!.GetValue<bool>());
        }
    }

    /// <summary>Three stdio servers; the one at <paramref name="badIndex"/> has neither command nor url.</summary>
    private static string Batch(string[] names, int? badIndex) =>
        new JsonArray(names.Select((name, i) =>
        {
            var server = RegistryApi.StdioServer(name, "uvx", [$"mcp-server-{i}==1.2.{i}"]);
            if (i == badIndex)
            {
                server["mcp_config"]!["config"] = new JsonObject { ["args"] = new JsonArray("mcp-server-broken==1.0.0") };
            }

            return (JsonNode?)server;
        }).ToArray()).ToJsonString();
}
