using System.Text.Json.Nodes;
using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

/// <summary>
/// Issue 13 items 1 and 6: on the gateway page attach, detach and override edits are staged together (marked on their
/// rows and in the unsaved bar) and saved once with Ctrl+S; the expanded config marks overridden keys inside Monaco.
/// </summary>
public sealed class GatewayStagedSaveTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Gateway_AttachDetachAndOverride_AreStagedAndSavedAsOneChangeWithCtrlS()
    {
        var kept = Names.Unique("kept");
        var dropped = Names.Unique("dropped");
        var added = Names.Unique("added");
        var gateway = Names.Unique("gw-staged");
        var reviewerKey = await Api.CreateApiKeyAsync(Names.Unique("staged-reviewer"), "reviewer");
        foreach (var name in new[] { kept, dropped, added })
        {
            await Api.AddServerAsync(RegistryApi.StdioServer(name));
            await Api.ReviewServerAsync(name, "approve", "Fine", reviewerKey);
        }

        // A change waiting for review on one attached server: its row carries the pending chip.
        await Api.ModifyServerAsync(kept, new JsonObject { ["description"] = "Changed, waiting for review" });

        var body = GatewayBodies.WithServer(gateway, kept, GatewayBodies.InputGuardrail("gateway-input", "pii", "toxicity"));
        body["servers_config"]!["servers"]!.AsArray().Add(new JsonObject { ["saved_name"] = dropped, ["server_version"] = "v1" });
        await Api.AddGatewayAsync(body);
        var revision = (await Api.GetGatewayAsync(gateway))["revision"]!.GetValue<int>();
        var page = await AdminPageAsync();
        var detail = new GatewayDetailPage(page);
        await detail.GotoAsync(gateway);
        await Expect(detail.ServerRow(kept).GetByTestId("pending-chip")).ToHaveTextAsync("approved · change pending");
        await Expect(detail.ServerRow(dropped).GetByTestId("pending-chip")).ToHaveCountAsync(0);

        await detail.StageAttachAsync(added);
        await detail.DetachButton(dropped).ClickAsync();
        await detail.ConfirmButton.ClickAsync();
        await Expect(detail.StagedMark(dropped)).ToHaveTextAsync("to be detached");
        await Expect(detail.StagedMark(added)).ToHaveTextAsync("to be attached");
        await detail.Tab("Overrides").ClickAsync();
        await detail.ServerOverrides(added).SetTextAsync("""{"enable_server_info_validation": false}""");
        await Expect(detail.UnsavedBar).ToContainTextAsync($"attach {added} v1");
        await Expect(detail.UnsavedBar).ToContainTextAsync($"detach {dropped} v1");
        await Expect(detail.UnsavedBar).ToContainTextAsync($"overrides of {added} v1");
        await ScreenshotAsync(page, "gateway-staged");

        var unsaved = await Api.GetGatewayAsync(gateway);
        Assert.Equal(revision, unsaved["revision"]!.GetValue<int>());
        Assert.Equal([kept, dropped], ServerNames(unsaved));

        await page.Keyboard.PressAsync("Control+S");

        await Expect(detail.UnsavedBar).ToBeHiddenAsync();
        await Expect(detail.SaveButton).ToBeDisabledAsync();
        var saved = await Api.GetGatewayAsync(gateway);
        Assert.Equal(revision + 1, saved["revision"]!.GetValue<int>());
        Assert.Equal([kept, added], ServerNames(saved));
        Assert.False(saved["servers_config"]!["servers"]![1]!["enable_server_info_validation"]!.GetValue<bool>());

        await detail.Tab("Expanded config").ClickAsync();
        await Expect(detail.OverrideMarks(kept).First).ToBeVisibleAsync();
        await Expect(detail.OverrideMarks(added).First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "gateway-expanded-marks");
    }

    private static List<string> ServerNames(JsonObject gateway) =>
        [.. gateway["servers_config"]!["servers"]!.AsArray().Select(s => s!["saved_name"]!.GetValue<string>())];
}
