using MudBlazor;
using MudBlazor.Services;
using RegistryConsole.Auth;
using RegistryConsole.Components;
using RegistryConsole.Components.Shared;

namespace RegistryConsole.Infrastructure;

/// <summary>The Blazor console: interactive server components, MudBlazor, Identity sign-in.</summary>
public static class ConsoleSetup
{
    public static IServiceCollection AddConsole(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.PreventDuplicates = false;
            options.SnackbarConfiguration.VisibleStateDuration = 5000;
        });
        services.AddConsoleAuthentication();
        services.AddConsoleActor();
        return services;
    }

    /// <summary>Where the console starts: "/" and a sign-in without a return URL land here.</summary>
    public const string StartPage = "/servers";

    /// <summary>Static assets and the console pages. Pages require sign-in through their own <c>[Authorize]</c>, so no other endpoint is touched.</summary>
    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapStaticAssets();

        // A full load of "/" (every sign-in without a return URL) is answered with a redirect, not with a page whose only job is
        // to navigate on: that cost a second page request and a re-render after each sign-in (issue 13 item 9). Home.razor
        // keeps "/" for navigation inside the running console; the order lets this endpoint win the full loads.
        app.MapGet("/", () => Results.Redirect(StartPage)).WithOrder(-1).ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
