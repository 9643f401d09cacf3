using RegistryConsole.Tests.E2E.Infrastructure;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Flows;

public sealed class ServerSearchTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Search_ByUniqueName_ShowsOnlyThatServerAndOpensIt()
    {
        var name = Names.Unique("search");
        await Api.AddServerAsync(RegistryApi.StdioServer(name));
        await Api.AddServerAsync(RegistryApi.StdioServer(name + "-other"));
        var page = await AdminPageAsync();
        var servers = new ServersPage(page);
        await servers.GotoAsync();

        await servers.SearchAsync(name + "-other");
        await Expect(servers.ServerLinks).ToHaveCountAsync(1);
        await Expect(servers.ServerLink(name + "-other")).ToBeVisibleAsync();
        await servers.SearchAsync(name);
        await Expect(servers.ServerLinks).ToHaveCountAsync(2);
        await servers.OpenServerAsync(name);

        var detail = new ServerDetailPage(page);
        await detail.WaitForLoadedAsync(name);
        await Expect(detail.ActiveChip).ToHaveTextAsync("active");
        await Expect(detail.ReviewStatus).ToHaveTextAsync("pending");
    }
}
