using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.JSInterop;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;

namespace RegistryConsole.Tests.Unit.Components.Shared;

/// <summary>The page base of issue 11 item 6: the cascading actor, the save shortcut, the error boundary, the grid URL state.</summary>
public sealed class PageBaseTests : ConsoleTestContext
{
    [Fact]
    public void ConsolePage_SignedIn_GetsTheActorWithoutReadingClaims()
    {
        var cut = Render<ActorProbe>();

        Assert.Equal("Test User", cut.Instance.Actor?.Name);
        Assert.True(cut.Instance.CanWrite);
    }

    [Fact]
    public void ConsolePage_SignedInAsSomeoneElse_TheCascadeFollows()
    {
        var cut = Render<ActorProbe>();

        SignInAs(Role.Viewer);

        cut.WaitForAssertion(() => Assert.Equal(Role.Viewer, cut.Instance.Actor?.Role));
        Assert.False(cut.Instance.CanWrite);
    }

    [Fact]
    public async Task SaveShortcut_Registers_AndCtrlSCallsOnSaveUnlessDisabled()
    {
        var saves = 0;
        var cut = Render<SaveShortcut>(p => p.Add(s => s.OnSave, () => saves++));

        JSInterop.VerifyInvoke("registryConsole.registerSaveShortcut");
        await cut.InvokeAsync(cut.Instance.OnSaveShortcut);
        cut.Render(p => p.Add(s => s.Disabled, true));
        await cut.InvokeAsync(cut.Instance.OnSaveShortcut);

        Assert.Equal(1, saves);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SaveShortcut_CircuitGoingAwayWhileItUnregisters_DisposesQuietly(bool canceled)
    {
        var listener = JSInterop.SetupModule(invocation => invocation.Identifier == "registryConsole.registerSaveShortcut");
        var dispose = listener.SetupVoid("dispose");
        if (canceled)
        {
            dispose.SetCanceled();
        }
        else
        {
            dispose.SetException(new JSDisconnectedException("The circuit has disconnected."));
        }

        var cut = Render<SaveShortcut>(p => p.Add(s => s.OnSave, () => { }));
        cut.WaitForAssertion(() => JSInterop.VerifyInvoke("registryConsole.registerSaveShortcut"));

        var exception = await Record.ExceptionAsync(async () => await cut.Instance.DisposeAsync());

        Assert.Null(exception);
        listener.VerifyInvoke("dispose");
    }

    [Fact]
    public void PageErrorBoundary_ChildThrows_SaysSoWithoutInternalsAndRecoversOnNavigation()
    {
        Thrower.Fail = true;
        var cut = Render<PageErrorBoundary>(p => p
            .Add(b => b.Message, "The widgets could not be loaded.")
            .AddChildContent<Thrower>());

        Assert.Contains("The widgets could not be loaded.", cut.Find("[data-testid=load-error]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLite", cut.Markup, StringComparison.Ordinal);

        Thrower.Fail = false;
        Navigation.NavigateTo("/elsewhere");

        cut.WaitForAssertion(() => Assert.Contains("widgets", cut.Find("[data-testid=widgets]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void GridUrlState_PagingFromTheUrl_FallsBackAndLeavesDefaultsOut()
    {
        var state = RegistryConsole.Components.Pages.Reviews.ReviewQueueState.FromQuery(0, 5000);
        var paged = state with { Page = 3, PerPage = 50 };

        Assert.Equal((1, 20), (state.Page, state.PerPage));
        Assert.All(state.ToQuery().Values, Assert.Null);
        Assert.Equal("3", paged.ToQuery()["page"]);
        Assert.Equal("50", paged.ToQuery()["per_page"]);
        Assert.Equal(new RegistryConsole.Core.Common.PageRequest(3, 50), paged.ToPageRequest());
    }

    [Fact]
    public void JsonTextParse_BrokenJson_LineAndColumnInPlainWords()
    {
        var node = JsonText.Parse("{\n  \"a\": 1,\n  \"b\": 2 \"c\": 3\n}", out var error);

        Assert.Null(node);
        Assert.Equal("is not valid JSON: line 3, column 10: expected a comma or a closing bracket", error!.Message);
        Assert.Equal(3, error.Line);
    }

    private sealed class ActorProbe : ConsolePage
    {
        public bool CanWrite => Can(Permission.WriteRegistry);
    }

    private sealed class Thrower : ComponentBase
    {
        public static bool Fail { get; set; }

        protected override void OnInitialized()
        {
            if (Fail)
            {
                throw new InvalidOperationException("SQLite Error 1: no such table");
            }
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "data-testid", "widgets");
            builder.AddContent(2, "widgets");
            builder.CloseElement();
        }
    }
}
