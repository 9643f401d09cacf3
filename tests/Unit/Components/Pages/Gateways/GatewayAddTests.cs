using Bunit;
using Bunit.TestDoubles;
using MudBlazor;
using RegistryConsole.Components.Pages.Gateways;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components.Pages.Gateways;

public sealed class GatewayAddTests : ConsoleTestContext
{
    public GatewayAddTests()
    {
        ComponentFactories.AddStub<JsonEditor>();
    }

    [Theory]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Reviewer)]
    public void GatewayAdd_WithoutWriteRole_ExplainsAndOffersNoForm(Role role)
    {
        SignInAs(role);

        var cut = Render<GatewayAdd>();

        Assert.NotNull(cut.Find("[data-testid=forbidden]"));
        Assert.Empty(cut.FindAll("[data-testid=create]"));
    }

    [Fact]
    public void GatewayAdd_CommonOverridesEditor_KnowsGatewayWideKeys()
    {
        var cut = Render<GatewayAdd>();

        var editor = Assert.Single(cut.FindComponents<Stub<JsonEditor>>());
        Assert.Equal(JsonEditorSchemas.CommonOverrides, editor.Instance.Parameters.Get(p => p.Schema));
    }

    [Fact]
    public void Create_SendsTheBodyWithPickedServersAndOpensTheGateway()
    {
        var cut = Render<GatewayAdd>();

        cut.Find("input[data-testid=name]").Input("prod");
        cut.Find("textarea[data-testid=description]").Change("Production runtime");
        Pick(cut, TestServers.Stdio("filesystem"));
        Pick(cut, TestServers.Stdio("github", "v2"));
        cut.InvokeAsync(() => cut.FindComponent<Stub<JsonEditor>>().Instance.Parameters.Get(e => e.ValueChanged).InvokeAsync("""{ "enable_server_info_validation": true }"""));
        cut.Find("button[data-testid=create]").Click();

        cut.WaitForAssertion(() => Assert.Single(Gateways.AddCalls));
        Assert.Equal(
            """{"gateway_saved_name":"prod","gateway_version":"v1","description":"Production runtime","servers_config":{"common_overrides":{"enable_server_info_validation":true},"servers":[{"saved_name":"filesystem","server_version":"v1"},{"saved_name":"github","server_version":"v2"}]}}""",
            Gateways.AddCalls[0].ToJsonString());
        cut.WaitForAssertion(() => Assert.Equal("http://localhost/gateways/prod/v1", Navigation.Uri));
    }

    [Fact]
    public void Create_FieldErrors_LandOnTheirFieldsAndServerRows()
    {
        Gateways.OnAdd = _ => Error.Validation(new Dictionary<string, string[]>
        {
            ["gateway_saved_name"] = ["must start with a letter or digit"],
            ["servers_config.servers[0]"] = ["MCP registry server 'filesystem' version 'v1' not found"],
            ["servers_config.common_overrides.bogus"] = ["unknown field"],
        });
        var cut = Render<GatewayAdd>();

        cut.Find("input[data-testid=name]").Input("-bad");
        Pick(cut, TestServers.Stdio("filesystem"));
        cut.Find("button[data-testid=create]").Click();

        cut.WaitForAssertion(() => Assert.Contains("must start with a letter or digit", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("not found", cut.Find("[data-testid=server-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal("bogus", cut.FindComponent<Stub<JsonEditor>>().Instance.Parameters.Get(e => e.Errors)!.Single().Path);
        Assert.Equal("http://localhost/", Navigation.Uri);
    }

    [Fact]
    public void Create_CommonOverridesNotAnObject_DoesNotCallTheService()
    {
        var cut = Render<GatewayAdd>();

        cut.Find("input[data-testid=name]").Input("prod");
        cut.InvokeAsync(() => cut.FindComponent<Stub<JsonEditor>>().Instance.Parameters.Get(e => e.ValueChanged).InvokeAsync("[1, 2]"));
        cut.Find("button[data-testid=create]").Click();

        Assert.Empty(Gateways.AddCalls);
        Assert.Contains("must be a JSON object", cut.FindComponent<Stub<JsonEditor>>().Instance.Parameters.Get(e => e.Errors)!.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Duplicate_ShowsTheConflictInASnackbar()
    {
        Gateways.OnAdd = _ => Error.Conflict("MCP gateway 'prod' version 'v1' already exists");
        var snackbars = RenderSnackbarHost();
        var cut = Render<GatewayAdd>();

        cut.Find("input[data-testid=name]").Input("prod");
        cut.Find("button[data-testid=create]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("already exists", snackbars.Markup, StringComparison.Ordinal));
    }

    private static void Pick(IRenderedComponent<GatewayAdd> cut, ServerDto server)
    {
        var picker = cut.FindComponent<MudAutocomplete<ServerDto>>();
        cut.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(server));
        cut.Find("button[data-testid=add-server]").Click();
    }
}
