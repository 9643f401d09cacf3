using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using RegistryConsole.Auth;
using RegistryConsole.Core.Access;

namespace RegistryConsole.Components.Layout;

public sealed partial class MainLayout
{
    private MudThemeProvider? _themeProvider;
    private bool _drawerOpen = true;
    private bool _interactive;

    [Inject]
    public required IJSRuntime JS { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    private Actor? Actor { get; set; }

    private bool IsDarkMode { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (AuthenticationState is not null)
        {
            Actor = (await AuthenticationState).User.ToActor();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive)
        {
            return;
        }

        var stored = await JS.InvokeAsync<string?>("registryConsole.theme.get");
        IsDarkMode = stored switch
        {
            "dark" => true,
            "light" => false,
            _ => _themeProvider is not null && await _themeProvider.GetSystemDarkModeAsync(),
        };
        _interactive = true;
        StateHasChanged();
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleDarkModeAsync()
    {
        IsDarkMode = !IsDarkMode;
        await JS.InvokeVoidAsync("registryConsole.theme.set", IsDarkMode ? "dark" : "light");
    }
}
