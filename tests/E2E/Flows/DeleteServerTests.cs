using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

public sealed class DeleteServerTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Delete_ServerUsedByAGateway_DialogNamesTheGatewayAndServerShowsDeleted()
    {
        var server = Names.Unique("doomed");
        var gateway = Names.Unique("gw-del");
        await Api.AddServerAsync(RegistryApi.StdioServer(server));
        await Api.AddGatewayAsync(GatewayBodies.WithServer(gateway, server));
        var page = await AdminPageAsync();
        var detail = new ServerDetailPage(page);
        await detail.GotoAsync(server);

        await detail.DeleteButton.ClickAsync();
        var dialog = detail.DeleteDialog;
        await Expect(dialog.Title).ToContainTextAsync(server);
        await Expect(dialog.AffectedGateways).ToContainTextAsync(gateway);
        await dialog.ConfirmButton.ClickAsync();

        await Expect(dialog.Root).ToBeHiddenAsync();
        await Expect(detail.ActiveChip).ToHaveTextAsync("deleted");
        await Expect(detail.RestoreButton).ToBeVisibleAsync();
        var stored = await Api.GetServerAsync(server);
        Assert.False(stored["is_active"]!.GetValue<bool>());
    }
}
