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

    /// <summary>Static assets and the console pages. Pages require sign-in through their own <c>[Authorize]</c>, so no other endpoint is touched.</summary>
    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
