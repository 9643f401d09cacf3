using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using RegistryConsole.Auth;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components;

/// <summary>
/// The base of every component test: loose JS interop (Monaco and MudBlazor calls return defaults), MudBlazor services
/// without transitions, a signed-in editor, and hand-written fakes of the Core services.
/// </summary>
public abstract class ConsoleTestContext : BunitContext
{
    protected ConsoleTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddSingleton<IServerService>(_ => RealServers ?? Servers);
        Services.AddSingleton<IGatewayService>(Gateways);
        Services.AddSingleton<IReviewService>(Reviews);
        Services.AddSingleton<IAuditService>(Audit);
        Services.AddSingleton<RegistryConsole.Core.Interop.IMcpRegistryService>(McpRegistry);
        Services.AddSingleton<IUserService>(Users);
        Services.AddSingleton<IApiKeyService>(ApiKeys);
        Services.AddSingleton<RegistryConsole.Core.Common.IRegistryChanges>(Changes);
        Authorization = AddAuthorization();
        Services.AddConsoleActor();
        Actor = SignInAs(Role.Editor);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected FakeServerService Servers { get; } = new();

    /// <summary>Set before the first render to run a page against the real service instead of <see cref="Servers"/>.</summary>
    protected IServerService? RealServers { get; set; }

    protected FakeGatewayService Gateways { get; } = new();

    protected FakeReviewService Reviews { get; } = new();

    protected FakeAuditService Audit { get; } = new();

    protected Interop.FakeMcpRegistryService McpRegistry { get; } = new();

    protected Pages.Admin.FakeUserService Users { get; } = new();

    protected Pages.Admin.FakeApiKeyService ApiKeys { get; } = new();

    /// <summary>The real in-process change notifier: a test publishes on it as a commit would.</summary>
    protected RegistryConsole.Core.Common.RegistryChanges Changes { get; } = new();

    protected BunitAuthorizationContext Authorization { get; }

    protected Actor Actor { get; private set; }

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    protected BunitNavigationManager Navigation => Services.GetRequiredService<BunitNavigationManager>();

    /// <summary>Signs the test user in with <paramref name="role"/>, carrying the same actor claims as a real console user.</summary>
    protected Actor SignInAs(Role role) => SignInAs(new Actor("project-1", "default", "user-1", "Test User", role, Channel.Console));

    protected Actor SignInAs(Actor actor)
    {
        Actor = actor;
        Authorization.SetAuthorized(Actor.Name);
        Authorization.SetClaims([.. ActorClaims.From(Actor).Where(c => c.Type != System.Security.Claims.ClaimTypes.Name)]);
        return Actor;
    }

    /// <summary>Renders the dialog and snackbar hosts a page's layout would provide.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderDialogHost() => Render<MudDialogProvider>();

    protected IRenderedComponent<MudSnackbarProvider> RenderSnackbarHost() => Render<MudSnackbarProvider>();
}
